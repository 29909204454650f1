package dev.strangler.proxy.state;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpMethod;
import org.springframework.web.util.pattern.PathPatternParser;

import dev.strangler.proxy.routing.RouteMode;
import dev.strangler.proxy.routing.RouteRule;
import dev.strangler.proxy.routing.RouteTable;
import dev.strangler.proxy.routing.ShadowPolicy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class RouteStateStoreTests {

    @TempDir
    Path home;

    @Test
    void storesEachRulesModeAndReadsItBack() {
        RouteStateStore store = new RouteStateStore(new ProxyHome(this.home), JsonMapper.builder().build());
        RouteRule rule = rule("customers-read").switchedTo(RouteMode.CANARY, 30);

        store.save(new RouteTable(List.of(rule, rule("orders-read"))));

        assertThat(store.load()).containsEntry("customers-read", new RouteStateStore.SavedState(RouteMode.CANARY, 30, 2))
            .containsEntry("orders-read", new RouteStateStore.SavedState(RouteMode.MONOLITH, 0, 1));
    }

    @Test
    void leavesNoTemporaryFilesBehind() throws Exception {
        RouteStateStore store = new RouteStateStore(new ProxyHome(this.home), JsonMapper.builder().build());

        store.save(new RouteTable(List.of(rule("customers-read"))));
        store.save(new RouteTable(List.of(rule("customers-read").switchedTo(RouteMode.SERVICE, 0))));

        try (var files = Files.list(this.home.resolve("proxy"))) {
            assertThat(files.map((file) -> file.getFileName().toString())).containsExactly("route-state.json");
        }
    }

    @Test
    void theStoredFileIsReadableByItsOwnerOnly() throws Exception {
        new RouteStateStore(new ProxyHome(this.home), JsonMapper.builder().build())
            .save(new RouteTable(List.of(rule("customers-read"))));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(
                this.home.resolve("proxy/route-state.json")))).isEqualTo("rw-------");
    }

    @Test
    void nothingStoredMeansEveryRuleKeepsItsConfiguredMode() {
        assertThat(new RouteStateStore(new ProxyHome(this.home), JsonMapper.builder().build()).load()).isEmpty();
    }

    @Test
    void aDamagedFileStopsStartUpRatherThanSilentlyResettingRoutes() throws Exception {
        ProxyHome proxyHome = new ProxyHome(this.home);
        Files.writeString(proxyHome.file("route-state.json"), "{\"rules\":{\"customers-read\":{\"mode\":\"SIDEWAYS\"");

        assertThatIllegalStateException()
            .isThrownBy(() -> new RouteStateStore(proxyHome, JsonMapper.builder().build()).load())
            .withMessageContaining("route-state.json is damaged");
    }

    private static RouteRule rule(String id) {
        return new RouteRule(id, Set.of(HttpMethod.GET), PathPatternParser.defaultInstance.parse("/api/**"),
                "customer-service", RouteMode.MONOLITH, 0, "customers", "test", ShadowPolicy.strict(), 1);
    }

}
