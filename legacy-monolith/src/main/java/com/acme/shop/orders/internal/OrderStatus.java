package com.acme.shop.orders.internal;

/** Where an order is in its life: placed and waiting for payment, paid, or cancelled (stock and money returned). */
enum OrderStatus { PENDING, PAID, CANCELLED }
