/**
 * The monolith's architecture rules from the migration rule pack, with the legacy coupling frozen in a committed
 * baseline that can only shrink.
 */
@NullMarked
package com.acme.shop.architecture;

import org.jspecify.annotations.NullMarked;
