/**
 * The legacy shop monolith: one feature package per module ({@code customers}, {@code catalog}, {@code orders},
 * {@code payments}), each exposing its API in its top-level package and keeping the rest in {@code internal};
 * cross-cutting web and seed code lives in {@code system}.
 */
@NullMarked
package com.acme.shop;

import org.jspecify.annotations.NullMarked;
