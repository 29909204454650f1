package dev.strangler.sync.verify;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the verifier ({@code strangler.sync.verify.*}).
 *
 * @param fanout sub-ranges per differing key range and round
 * @param leafRows a differing range with at most this many rows is compared row by row
 * @param settleTimeout how long to wait for a running pipeline to apply past the comparison's position
 * @param maxReported at most this many differing keys per verification
 * @param pipelines compare rules per pipeline name, e.g. {@code pipelines.customers.timestamp-precision: millis} or
 *     {@code pipelines.customers.columns.[customer.modified_at].timestamp-precision: millis}
 */
@Validated
@ConfigurationProperties("strangler.sync.verify")
record VerifierSettings(@Min(2) @Max(4096) @DefaultValue("256") int fanout,
        @Min(1) @Max(100_000) @DefaultValue("256") int leafRows, @NotNull @DefaultValue("30s") Duration settleTimeout,
        @Min(1) @Max(100_000) @DefaultValue("1000") int maxReported,
        @NotNull @DefaultValue Map<String, @Valid CompareRules> pipelines) {

    VerifierOptions options(String pipeline) {
        return new VerifierOptions(pipelines.getOrDefault(pipeline, CompareRules.exact()), fanout, leafRows,
                settleTimeout, maxReported);
    }
}
