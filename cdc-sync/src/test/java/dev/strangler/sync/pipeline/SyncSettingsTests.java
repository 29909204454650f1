package dev.strangler.sync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class SyncSettingsTests {

    @Test
    void refusesToStartWithoutPipelinesAndSaysHowToNameThem() {
        // Nothing configured: cdc-sync must not fall back on the sample shop's pipelines (or any other).
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of("strangler.sync.heartbeat", "5s")));

        assertThatException().isThrownBy(() -> binder.bindOrCreate("strangler.sync", SyncSettings.class))
                .satisfies(ex -> assertThat(rootCause(ex).getMessage()).contains("strangler.sync.pipelines",
                        "no pipelines", "strangler init", "STRANGLER_SYNC_PIPELINES=file:"));
    }

    @Test
    void readsThePipelinesItIsPointedAt() {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of("strangler.sync.pipelines",
                "file:/etc/sync/*.yaml")));

        assertThat(binder.bindOrCreate("strangler.sync", SyncSettings.class).pipelines())
                .containsExactly("file:/etc/sync/*.yaml");
    }

    private static Throwable rootCause(Throwable ex) {
        Throwable cause = ex;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
