package dev.strangler.sync.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The settings as the README shows them bind to the compare rules of each pipeline. */
class VerifierSettingsTests {

    @Test
    void bindsCompareRulesPerPipelineWithColumnOverrides() {
        Map<String, String> properties = Map.of("strangler.sync.verify.pipelines.customers.timestamp-precision",
                "millis", "strangler.sync.verify.pipelines.customers.numeric-scale", "2",
                "strangler.sync.verify.pipelines.customers.columns[customer.modified_at].timestamp-precision",
                "seconds", "strangler.sync.verify.settle-timeout", "5s");

        VerifierSettings settings = new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("strangler.sync.verify", VerifierSettings.class);

        VerifierOptions customers = settings.options("customers");
        assertThat(customers.rules().timestampPrecisionOf("customer.registered_at"))
                .isEqualTo(TimestampPrecision.MILLIS);
        assertThat(customers.rules().timestampPrecisionOf("customer.modified_at"))
                .isEqualTo(TimestampPrecision.SECONDS);
        assertThat(customers.rules().numericScaleOf("customer.revision")).isEqualTo(2);
        assertThat(customers.settleTimeout()).hasSeconds(5);
        assertThat(customers.fanout()).isEqualTo(256);
        assertThat(settings.options("orders").rules()).isEqualTo(CompareRules.exact());
    }
}
