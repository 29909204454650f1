package com.acme.shop.catalog.internal;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

/** All products of the catalog. */
interface Products extends JpaRepository<Product, String> {

    /** Takes stock in one statement so that two concurrent reservations can never oversell; 0 when short. */
    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update Product p set p.stock = p.stock - :quantity, p.version = p.version + 1 "
            + "where p.sku = :sku and p.stock >= :quantity")
    int takeStock(@Param("sku") String sku, @Param("quantity") int quantity);

    @Modifying(flushAutomatically = true, clearAutomatically = true)
    @Query("update Product p set p.stock = p.stock + :quantity, p.version = p.version + 1 where p.sku = :sku")
    int returnStock(@Param("sku") String sku, @Param("quantity") int quantity);
}
