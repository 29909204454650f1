package com.acme.shop.catalog.internal;

import com.acme.shop.catalog.ReservedStock;
import com.acme.shop.system.PageRequests;
import com.acme.shop.system.PageResponse;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.UUID;
import org.springframework.data.domain.Sort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/products}: the catalog, and stock reservations under {@code /api/products/{sku}/reservations}
 * (which order-service calls once orders move out of the monolith).
 */
@RestController
@RequestMapping("/api/products")
class CatalogController {

    private final ProductCatalog catalog;
    private final StockKeeping stock;

    CatalogController(ProductCatalog catalog, StockKeeping stock) {
        this.catalog = catalog;
        this.stock = stock;
    }

    @GetMapping
    PageResponse<ProductView> list(@RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        return PageResponse.of(catalog.list(PageRequests.of(page, size, Sort.by("sku"))), ProductView::of);
    }

    @GetMapping("/{sku}")
    ProductView get(@PathVariable String sku) {
        return ProductView.of(catalog.get(sku));
    }

    @PostMapping
    ResponseEntity<ProductView> create(@Valid @RequestBody ProductForm form) {
        ProductView created = ProductView.of(catalog.add(form));
        return ResponseEntity.created(URI.create("/api/products/" + created.sku())).body(created);
    }

    @PutMapping("/{sku}")
    ProductView update(@PathVariable String sku, @Valid @RequestBody ProductForm form) {
        return ProductView.of(catalog.change(sku, form));
    }

    /** 201 when this call reserved, 200 when it repeats an earlier reservation with the same id. */
    @PostMapping("/{sku}/reservations")
    ResponseEntity<ReservedStock> reserve(@PathVariable String sku, @Valid @RequestBody ReservationForm form) {
        StockKeeping.Outcome outcome = stock.reserve(form.reservationId(), sku, form.quantity());
        return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(outcome.reservedStock());
    }

    @DeleteMapping("/{sku}/reservations/{reservationId}")
    ResponseEntity<Void> release(@PathVariable String sku, @PathVariable UUID reservationId) {
        catalog.get(sku); // 404 for an unknown product
        stock.release(reservationId);
        return ResponseEntity.noContent().build();
    }

}
