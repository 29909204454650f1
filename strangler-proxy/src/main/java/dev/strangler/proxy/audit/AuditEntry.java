package dev.strangler.proxy.audit;

import java.time.Instant;

import dev.strangler.proxy.routing.RouteMode;

/**
 * One switch of one rule.
 *
 * @param at when it applied
 * @param actor who asked: an admin's name or {@code auto-rollback}
 * @param rule the rule id
 * @param fromMode mode before
 * @param fromPercent canary percent before
 * @param toMode mode after
 * @param toPercent canary percent after
 * @param reason why, as given
 */
public record AuditEntry(Instant at, String actor, String rule, RouteMode fromMode, int fromPercent, RouteMode toMode,
        int toPercent, String reason) {
}
