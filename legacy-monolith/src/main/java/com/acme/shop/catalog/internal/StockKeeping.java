package com.acme.shop.catalog.internal;

import com.acme.shop.system.ConflictException;
import com.acme.shop.system.NotFoundException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Reserving and releasing stock, idempotent on the reservation id. */
@Service
@Transactional
public class StockKeeping {

    private final Products products;
    private final StockReservations reservations;

    StockKeeping(Products products, StockReservations reservations) {
        this.products = products;
        this.reservations = reservations;
    }

    /** The reservation, and whether this call made it (false when it repeats an earlier one). */
    public record Outcome(StockReservation reservation, boolean created) {

        public com.acme.shop.catalog.ReservedStock reservedStock() {
            return reservation.reservedStock();
        }
    }

    public Outcome reserve(UUID reservationId, String sku, int quantity) {
        if (quantity < 1) {
            throw new ConflictException("A reservation must hold at least 1 item");
        }
        Product product = products.findById(sku).orElseThrow(() -> new NotFoundException("Product", sku));
        Optional<StockReservation> earlier = reservations.findById(reservationId);
        if (earlier.isPresent()) {
            StockReservation reservation = earlier.get();
            if (!reservation.matches(sku, quantity)) {
                throw new ConflictException("Reservation " + reservationId + " already holds "
                        + reservation.getQuantity() + " of " + reservation.getSku());
            }
            if (!reservation.isReserved()) {
                throw new ConflictException("Reservation " + reservationId + " was released");
            }
            return new Outcome(reservation.describedBy(product), false);
        }
        if (products.takeStock(sku, quantity) == 0) {
            throw new ConflictException("Not enough stock of " + sku + ": " + quantity + " wanted, "
                    + product.getStock() + " available");
        }
        StockReservation reservation = reservations.saveAndFlush(new StockReservation(reservationId, sku, quantity));
        return new Outcome(reservation.describedBy(product), true);
    }

    public void release(UUID reservationId) {
        reservations.findById(reservationId).filter(StockReservation::isReserved).ifPresent(reservation -> {
            reservation.markReleased();
            reservations.saveAndFlush(reservation);
            products.returnStock(reservation.getSku(), reservation.getQuantity());
        });
    }
}
