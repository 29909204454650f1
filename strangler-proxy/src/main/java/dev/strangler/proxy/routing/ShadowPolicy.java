package dev.strangler.proxy.routing;

import java.math.BigDecimal;
import java.util.List;

/**
 * How a rule in {@link RouteMode#SHADOW} compares the monolith's response with the service's.
 *
 * @param allowWrites whether unsafe methods are shadowed too (off by default: a shadowed write happens twice)
 * @param compareHeaders response headers whose values must be equal
 * @param ignore JSON Pointers ({@code /updatedAt}, {@code /items/*}{@code /id}) left out of the body comparison
 * @param ignoreArrayOrder whether arrays compare as multisets
 * @param numericTolerance largest absolute difference under which two numbers count as equal
 * @param notFoundAsEmpty whether a 404 on one side and an empty JSON list on the other are the same answer (a
 *        service that answers 404 for an unknown parent where the monolith answers {@code []}); off by default,
 *        because for most endpoints that difference is a real one
 */
public record ShadowPolicy(boolean allowWrites, List<String> compareHeaders, List<String> ignore,
        boolean ignoreArrayOrder, BigDecimal numericTolerance, boolean notFoundAsEmpty) {

    public ShadowPolicy {
        compareHeaders = List.copyOf(compareHeaders);
        ignore = List.copyOf(ignore);
    }

    public static ShadowPolicy strict() {
        return new ShadowPolicy(false, List.of("Content-Type"), List.of(), false, BigDecimal.ZERO, false);
    }

}
