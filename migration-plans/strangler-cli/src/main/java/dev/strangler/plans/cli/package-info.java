/**
 * The {@code strangler} command line: one picocli command per verb, each a thin layer over the stack and the
 * engines' admin APIs.
 */
@NullMarked
package dev.strangler.plans.cli;

import org.jspecify.annotations.NullMarked;
