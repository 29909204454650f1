package com.acme.orderservice.order;

import dev.strangler.support.web.Paging;
import dev.strangler.support.web.Paging.PageView;
import jakarta.validation.Valid;
import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/orders}: list (optionally per customer), read, place and cancel orders, as the shop did. */
@RestController
@RequestMapping("/api/orders")
class OrderController {

    private final OrderPlacement placement;
    private final OrderViews views;

    OrderController(OrderPlacement placement, OrderViews views) {
        this.placement = placement;
        this.views = views;
    }

    @GetMapping
    PageView<OrderView> list(@RequestParam(required = false) @Nullable Long customerId,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        Paging.check(page, size);
        return PageView.of(views.page(customerId, page, size), page, size, views.count(customerId));
    }

    @GetMapping("/{id}")
    OrderView get(@PathVariable long id) {
        return views.get(id);
    }

    @PostMapping
    ResponseEntity<OrderView> place(@Valid @RequestBody PlaceOrderForm form) {
        long id = placement.place(form);
        return ResponseEntity.created(URI.create("/api/orders/" + id)).body(views.get(id));
    }

    @PostMapping("/{id}/cancel")
    OrderView cancel(@PathVariable long id) {
        placement.cancel(id);
        return views.get(id);
    }
}
