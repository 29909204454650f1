package dev.strangler.proxy.admin;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class AdminSettingsTests {

    @Test
    void refusesAHoldTimeoutThatIsNotPositiveNamingTheSetting() {
        assertThatIllegalArgumentException().isThrownBy(() -> new AdminSettings("127.0.0.1", 8001, "",
                Duration.ZERO))
            .withMessageContaining("strangler.proxy.admin.hold-timeout")
            .withMessageContaining("must be positive");
    }

}
