/** The benchmark report: figures per round with median and spread, rendered as markdown with the machine. */
@NullMarked
package dev.strangler.bench.report;

import org.jspecify.annotations.NullMarked;
