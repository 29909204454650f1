/**
 * The admin conventions on the servlet stack (cdc-sync's Spring MVC admin API): the bearer-token and body-limit
 * filters and problem documents written to a response.
 */
@NullMarked
package dev.strangler.support.admin.servlet;

import org.jspecify.annotations.NullMarked;
