package com.acme.shop.orders.internal;

import com.acme.shop.system.PageRequests;
import com.acme.shop.system.PageResponse;
import jakarta.validation.Valid;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Sort;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/orders}: list (optionally per customer), read, place and cancel orders. */
@RestController
@RequestMapping("/api/orders")
class OrderController {

    private final OrderPlacement placement;
    private final OrderQueries queries;

    OrderController(OrderPlacement placement, OrderQueries queries) {
        this.placement = placement;
        this.queries = queries;
    }

    @GetMapping
    PageResponse<OrderView> list(@RequestParam(required = false) @Nullable Long customerId,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        PageRequests.of(page, size, Sort.unsorted()); // validates page and size
        long total = queries.count(customerId);
        return new PageResponse<>(queries.list(customerId, page, size), page, size, total,
                (int) ((total + size - 1) / size));
    }

    @GetMapping("/{id}")
    OrderView get(@PathVariable long id) {
        return queries.get(id);
    }

    @PostMapping
    ResponseEntity<OrderView> place(@Valid @RequestBody PlaceOrderForm form) {
        long id = placement.place(form).getId();
        return ResponseEntity.created(URI.create("/api/orders/" + id)).body(queries.get(id));
    }

    @PostMapping("/{id}/cancel")
    OrderView cancel(@PathVariable long id) {
        placement.cancel(id);
        return queries.get(id);
    }
}
