package dev.strangler.proxy.admin;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** A configured admin token is refused at start-up when it is too short to be a secret. */
class AdminTokenTests {

    @Test
    void refusesAConfiguredTokenShorterThan32CharactersNamingTheSetting() {
        assertThatIllegalArgumentException().isThrownBy(() -> new AdminSettings("127.0.0.1", 8001, "a".repeat(31),
                Duration.ofSeconds(30)))
            .withMessageContaining("strangler.proxy.admin.token")
            .withMessageContaining("STRANGLER_ADMIN_TOKEN")
            .withMessageContaining("at least 32 characters");
    }

}
