package com.acme.customerservice.customer;

import dev.strangler.support.web.Paging;
import dev.strangler.support.web.Paging.PageView;
import jakarta.validation.Valid;
import java.net.URI;
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

/** {@code /api/customers}: list, read, create, update (with the version read) and delete customers. */
@RestController
@RequestMapping("/api/customers")
class CustomerController {

    private final CustomerRegistry registry;

    CustomerController(CustomerRegistry registry) {
        this.registry = registry;
    }

    @GetMapping
    PageView<CustomerView> list(@RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        Paging.check(page, size);
        return PageView.of(registry.page(page, size).stream().map(CustomerView::of).toList(), page, size,
                registry.count());
    }

    @GetMapping("/{id}")
    CustomerView get(@PathVariable long id) {
        return CustomerView.of(registry.get(id));
    }

    @PostMapping
    ResponseEntity<CustomerView> create(@Valid @RequestBody CustomerForm form) {
        CustomerView created = CustomerView.of(registry.register(form));
        return ResponseEntity.created(URI.create("/api/customers/" + created.id())).body(created);
    }

    @PutMapping("/{id}")
    CustomerView update(@PathVariable long id, @Valid @RequestBody CustomerForm form) {
        return CustomerView.of(registry.change(id, form));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        registry.remove(id);
        return ResponseEntity.noContent().build();
    }
}
