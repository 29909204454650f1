/**
 * The web (Spring MVC) conventions of the kit's sample services: RFC 9457 problem documents in the wording the
 * shop's API has always answered with (so that clients and the proxy's shadow comparison cannot tell a service from
 * the monolith), the exceptions that map to them, and paging. Used only by apps on Spring MVC; the dependency on it
 * is optional here.
 */
@NullMarked
package dev.strangler.support.web;

import org.jspecify.annotations.NullMarked;
