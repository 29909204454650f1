package com.acme.shop.customers.internal;

import com.acme.shop.system.PageRequests;
import com.acme.shop.system.PageResponse;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.data.domain.Sort;
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

    private final CustomerManagement management;

    CustomerController(CustomerManagement management) {
        this.management = management;
    }

    @GetMapping
    PageResponse<CustomerView> list(@RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        return PageResponse.of(management.list(PageRequests.of(page, size, Sort.by("id"))), CustomerView::of);
    }

    @GetMapping("/{id}")
    CustomerView get(@PathVariable long id) {
        return CustomerView.of(management.get(id));
    }

    @PostMapping
    ResponseEntity<CustomerView> create(@Valid @RequestBody CustomerForm form) {
        CustomerView created = CustomerView.of(management.register(form));
        return ResponseEntity.created(URI.create("/api/customers/" + created.id())).body(created);
    }

    @PutMapping("/{id}")
    CustomerView update(@PathVariable long id, @Valid @RequestBody CustomerForm form) {
        return CustomerView.of(management.change(id, form));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable long id) {
        management.remove(id);
        return ResponseEntity.noContent().build();
    }
}
