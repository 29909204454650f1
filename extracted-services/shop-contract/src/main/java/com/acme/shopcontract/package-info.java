/**
 * The shop's API contract for the endpoints that move to services, as replayable cases with one replayer that
 * checks any implementation (the monolith, customer-service, order-service) against them.
 */
@NullMarked
package com.acme.shopcontract;

import org.jspecify.annotations.NullMarked;
