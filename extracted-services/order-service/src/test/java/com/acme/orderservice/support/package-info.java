/** Test support for order-service: a real HTTP stand-in for the monolith and customer-service. */
package com.acme.orderservice.support;
