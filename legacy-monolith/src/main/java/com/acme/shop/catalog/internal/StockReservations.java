package com.acme.shop.catalog.internal;

import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** All stock reservations, held and released. */
interface StockReservations extends JpaRepository<StockReservation, UUID> {
}
