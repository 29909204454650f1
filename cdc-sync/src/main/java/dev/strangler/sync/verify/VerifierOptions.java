package dev.strangler.sync.verify;

import java.time.Duration;

/**
 * How a {@link Verifier} works.
 *
 * @param rules how values are compared (precision)
 * @param fanout how many sub-ranges a differing key range is split into per round (one query per side per round)
 * @param leafRows a differing range with at most this many rows on either side is compared row by row
 * @param settleTimeout how long to wait for the pipeline to apply past the comparison's source position before
 *     re-checking differing keys; zero when the pipeline is known not to run
 * @param maxReported at most this many differing keys are resolved and reported ({@code truncated} beyond)
 */
public record VerifierOptions(CompareRules rules, int fanout, int leafRows, Duration settleTimeout, int maxReported) {

    public VerifierOptions {
        if (fanout < 2) {
            throw new IllegalArgumentException("fanout must be at least 2, was " + fanout);
        }
        if (leafRows < 1 || maxReported < 1) {
            throw new IllegalArgumentException("leafRows and maxReported must be positive");
        }
        if (settleTimeout.isNegative()) {
            throw new IllegalArgumentException("settleTimeout must not be negative");
        }
    }

    public static VerifierOptions defaults() {
        return new VerifierOptions(CompareRules.exact(), 256, 256, Duration.ofSeconds(30), 1000);
    }

    public VerifierOptions withRules(CompareRules rules) {
        return new VerifierOptions(rules, fanout, leafRows, settleTimeout, maxReported);
    }

    public VerifierOptions withSettleTimeout(Duration timeout) {
        return new VerifierOptions(rules, fanout, leafRows, timeout, maxReported);
    }

    public VerifierOptions withFanout(int fanout, int leafRows) {
        return new VerifierOptions(rules, fanout, leafRows, settleTimeout, maxReported);
    }
}
