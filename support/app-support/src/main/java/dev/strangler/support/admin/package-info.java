/**
 * Admin conventions the kit's engines share: how their bearer token files are kept.
 */
@NullMarked
package dev.strangler.support.admin;

import org.jspecify.annotations.NullMarked;
