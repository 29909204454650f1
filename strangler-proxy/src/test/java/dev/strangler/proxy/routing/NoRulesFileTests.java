package dev.strangler.proxy.routing;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * The proxy's own configuration ({@code application.yaml}, which imports the rules file) with nothing named: only
 * the routing settings are bound, so the refusal is what start-up would say, without starting a gateway.
 */
class NoRulesFileTests {

    @TempDir
    Path home;

    @Test
    void refusesToStartWithoutARulesFileAndSaysHowToMakeOne() {
        // No STRANGLER_RULES: the proxy must not fall back on the sample shop's rules (or any other).
        assertThatException()
            .isThrownBy(() -> new SpringApplicationBuilder(RoutingSettingsOnly.class).web(WebApplicationType.NONE)
                .run("--strangler.home=" + this.home))
            .satisfies((ex) -> assertThat(rootCause(ex).getMessage()).contains("strangler.proxy.backends",
                    "no rules file", "strangler init", "STRANGLER_RULES=file:"));
    }

    @Test
    void startsWithTheRulesFileItIsPointedAt() {
        try (var context = new SpringApplicationBuilder(RoutingSettingsOnly.class).web(WebApplicationType.NONE)
            .run("--strangler.home=" + this.home, "--STRANGLER_RULES=classpath:rules/sample-shop.yaml")) {
            assertThat(context.getBean(ProxySettings.class).backends()).containsKey("monolith");
        }
    }

    private static Throwable rootCause(Throwable ex) {
        Throwable cause = ex;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ProxySettings.class)
    static class RoutingSettingsOnly {

    }

}
