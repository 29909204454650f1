/**
 * Cross-cutting code shared by every module: error responses as RFC 9457 problem documents and paged results.
 */
@NullMarked
package com.acme.shop.system;

import org.jspecify.annotations.NullMarked;
