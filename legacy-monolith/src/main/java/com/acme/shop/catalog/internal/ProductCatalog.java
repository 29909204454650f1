package com.acme.shop.catalog.internal;

import com.acme.shop.system.ConflictException;
import com.acme.shop.system.InvalidParameterException;
import com.acme.shop.system.NotFoundException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Listing, adding and changing products. */
@Service
@Transactional
class ProductCatalog {

    private final Products products;

    ProductCatalog(Products products) {
        this.products = products;
    }

    @Transactional(readOnly = true)
    Page<Product> list(Pageable pageable) {
        return products.findAll(pageable);
    }

    @Transactional(readOnly = true)
    Product get(String sku) {
        return products.findById(sku).orElseThrow(() -> new NotFoundException("Product", sku));
    }

    Product add(ProductForm form) {
        String sku = form.sku();
        if (sku == null) {
            throw new InvalidParameterException("sku", "must not be null");
        }
        if (products.existsById(sku)) {
            throw new ConflictException("A product with SKU " + sku + " already exists");
        }
        return products.saveAndFlush(new Product(sku, form.name(), form.description(), form.priceCents(),
                form.stock()));
    }

    Product change(String sku, ProductForm form) {
        Long version = form.version();
        if (version == null) {
            throw new InvalidParameterException("version", "is required when updating: send the version you read");
        }
        Product product = get(sku);
        if (product.getVersion() != version) {
            throw new ConflictException("Product " + sku + " is at version " + product.getVersion() + ", not "
                    + version + "; reload it and retry");
        }
        product.change(form.name(), form.description(), form.priceCents(), form.stock());
        return products.saveAndFlush(product);
    }
}
