/**
 * The migration ArchUnit rule pack: rules that keep a strangler migration from sliding backwards, driven by the
 * migration plans, for use from any module's tests ({@link dev.strangler.archrules.MonolithRules},
 * {@link dev.strangler.archrules.ServiceRules}, {@link dev.strangler.archrules.KitRules}) and from the command line
 * ({@link dev.strangler.archrules.ArchCheck}).
 */
@NullMarked
package dev.strangler.archrules;

import org.jspecify.annotations.NullMarked;
