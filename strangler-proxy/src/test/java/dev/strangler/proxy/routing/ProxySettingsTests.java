package dev.strangler.proxy.routing;

import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.BindException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ProxySettingsTests {

    @Test
    void bindsTheShopRules() {
        ProxySettings settings = RouteRules.bind(RouteRules.shop());

        assertThat(settings.backends()).containsKeys("monolith", "customer-service", "order-service");
        assertThat(settings.rules()).hasSize(4);
        assertThat(settings.routeHeaders()).isTrue();
        assertThat(settings.rules().get(0).mode()).isEqualTo(RouteMode.MONOLITH);
    }

    @Test
    void refusesAConfigurationWithoutAMonolith() {
        assertRefused((p) -> p.remove("strangler.proxy.backends.monolith"), "strangler.proxy.backends.monolith",
                "is required");
    }

    @Test
    void refusesARuleNamingAnUnknownBackend() {
        assertRefused((p) -> p.put("strangler.proxy.rules[1].backend", "payment-service"),
                "strangler.proxy.rules[1].backend", "unknown backend 'payment-service'");
    }

    @Test
    void refusesDuplicateRuleIds() {
        assertRefused((p) -> p.put("strangler.proxy.rules[3].id", "customers-read"), "strangler.proxy.rules[3].id",
                "duplicate");
    }

    @Test
    void refusesAnUnknownMethod() {
        assertRefused((p) -> p.put("strangler.proxy.rules[0].methods", "GET,FETCH"), "strangler.proxy.rules[0].methods",
                "FETCH");
    }

    @Test
    void refusesAnInvalidPathPattern() {
        assertRefused((p) -> p.put("strangler.proxy.rules[0].path", "/api/{id"), "strangler.proxy.rules[0].path",
                "not a valid path pattern");
        assertRefused((p) -> p.put("strangler.proxy.rules[0].path", "api/customers"), "strangler.proxy.rules[0].path",
                "starting with '/'");
    }

    @Test
    void refusesAPercentOutsideZeroToHundred() {
        assertRefused((p) -> p.put("strangler.proxy.rules[2].percent", "101"), "strangler.proxy.rules[2].percent",
                "between 0 and 100");
    }

    @Test
    void refusesARuleWithoutAWhy() {
        assertRefused((p) -> p.remove("strangler.proxy.rules[2].why"), "strangler.proxy.rules[2].why", "one non-blank line");
    }

    @Test
    void refusesABackendThatIsNotAnHttpUrl() {
        assertRefused((p) -> p.put("strangler.proxy.backends.order-service", "ftp://localhost:8082"),
                "strangler.proxy.backends[order-service]", "http(s) URL");
    }

    @Test
    void refusesAnIgnoreRuleThatIsNotAJsonPointer() {
        assertRefused((p) -> p.put("strangler.proxy.rules[0].shadow.ignore", "updatedAt"),
                "strangler.proxy.rules[0].shadow.ignore", "JSON Pointer");
    }

    @Test
    void refusesAnUnknownMode() {
        Map<String, String> properties = RouteRules.shop();
        properties.put("strangler.proxy.rules[0].mode", "SIDEWAYS");

        assertThatExceptionOfType(BindException.class).isThrownBy(() -> RouteRules.bind(properties))
            .satisfies((ex) -> assertThat(ex.getMessage()).contains("strangler.proxy.rules[0].mode"));
    }

    private static void assertRefused(Consumer<Map<String, String>> change, String key, String reason) {
        Map<String, String> properties = RouteRules.shop();
        change.accept(properties);

        assertThatExceptionOfType(BindException.class).isThrownBy(() -> RouteRules.bind(properties))
            .satisfies((ex) -> assertThat(rootMessage(ex)).contains(key).contains(reason));
    }

    private static String rootMessage(Throwable ex) {
        Throwable cause = ex;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }

}
