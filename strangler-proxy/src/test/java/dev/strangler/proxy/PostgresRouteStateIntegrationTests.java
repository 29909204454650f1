package dev.strangler.proxy;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.strangler.testsupport.postgres.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * Two real proxies sharing their route state in a real PostgreSQL: a switch on one reaches the other, a stale
 * ETag is refused on either, and the state survives restarting both.
 */
class PostgresRouteStateIntegrationTests {

    private static final Logger logger = LoggerFactory.getLogger(PostgresRouteStateIntegrationTests.class);

    @TempDir
    Path homeA;

    @TempDir
    Path homeB;

    @RegisterExtension
    final ShopBackends backends = new ShopBackends();

    @Test
    void aSwitchOnOneReplicaReachesTheOtherAndSurvivesRestartingBoth() throws Exception {
        TestPostgres postgres = TestPostgres.shared();
        String database = postgres.createDatabase("proxy_state");
        Map<String, String> properties = postgresStore(postgres, database);

        try (RunningProxy a = RunningProxy.start(this.homeA, properties);
                RunningProxy b = RunningProxy.start(this.homeB, properties)) {
            assertThat(target(b)).isEqualTo("monolith");
            String etagSeenByB = b.admin("GET", "/admin/routes/customers-read", null).headers()
                .firstValue("ETag").orElseThrow();

            long switchedAt = System.nanoTime();
            HttpResponse<String> put = a.admin("PUT", "/admin/routes/customers-read",
                    "{\"mode\":\"SERVICE\",\"reason\":\"customer service verified in shadow\"}", "If-Match",
                    etagSeenByB);
            assertThat(put.statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> target(b).equals("customer-service"));
            // Measured, not asserted: timing on a shared build machine proves nothing either way.
            logger.info("Replica B routed to the service "
                    + Duration.ofNanos(System.nanoTime() - switchedAt).toMillis() + " ms after replica A's switch");

            HttpResponse<String> stale = b.admin("PUT", "/admin/routes/customers-read",
                    "{\"mode\":\"MONOLITH\",\"reason\":\"based on an old read\"}", "If-Match", etagSeenByB);
            assertThat(stale.statusCode()).isEqualTo(412);
            assertThat(stale.body()).contains(put.headers().firstValue("ETag").orElseThrow().replace("\"", ""));
            assertThat(target(b)).isEqualTo("customer-service");
            assertThat(target(a)).isEqualTo("customer-service");
        }

        try (Connection connection = postgres.connect(database);
                Statement select = connection.createStatement();
                ResultSet row = select.executeQuery(
                        "SELECT mode, changed_by, reason FROM strangler_route_state WHERE rule_id = 'customers-read'")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString("mode")).isEqualTo("SERVICE");
            assertThat(row.getString("changed_by")).isEqualTo("admin");
            assertThat(row.getString("reason")).isEqualTo("customer service verified in shadow");
        }
        // The audit entry is the switching replica's own; the file store is not used at all.
        assertThat(Files.readString(this.homeA.resolve("proxy/audit.jsonl"))).contains("\"toMode\":\"SERVICE\"");
        assertThat(this.homeA.resolve("proxy/route-state.json")).doesNotExist();
        assertThat(this.homeB.resolve("proxy/route-state.json")).doesNotExist();

        try (RunningProxy a = RunningProxy.start(this.homeA, properties);
                RunningProxy b = RunningProxy.start(this.homeB, properties)) {
            assertThat(target(a)).isEqualTo("customer-service");
            assertThat(target(b)).isEqualTo("customer-service");
            assertThat(b.admin("GET", "/admin/routes/customers-read", null).body()).contains("\"mode\":\"SERVICE\"");
        }
    }

    @Test
    void keepsServingTheLastKnownRoutesAndRefusesSwitchesWhileTheDatabaseIsGone() throws Exception {
        TestPostgres postgres = TestPostgres.shared();
        String database = postgres.createDatabase("proxy_state_outage");
        try (RunningProxy proxy = RunningProxy.start(this.homeA, postgresStore(postgres, database))) {
            proxy.switchRule("customers-read", "SERVICE", 0);
            try (Connection connection = postgres.connect("postgres");
                    Statement drop = connection.createStatement()) {
                drop.execute("DROP DATABASE " + database + " WITH (FORCE)");
            }

            HttpResponse<String> refused = proxy.admin("PUT", "/admin/routes/customers-read",
                    "{\"mode\":\"MONOLITH\",\"reason\":\"while the database is gone\"}");
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                    (type) -> assertThat(type).startsWith("application/problem+json"));
            assertThat(target(proxy)).isEqualTo("customer-service");
            assertThat(proxy.admin("GET", "/admin/routes/customers-read", null).body())
                .contains("\"mode\":\"SERVICE\"");
        }
    }

    @Test
    void aPostgresStoreWithoutAPostgresUrlStopsStartUpNamingTheKey() {
        Map<String, String> properties = this.backends.properties();
        properties.put("strangler.proxy.state.store", "postgres");
        properties.put("strangler.proxy.state.postgres.url", "jdbc:mysql://localhost/state");

        assertThatException().isThrownBy(() -> RunningProxy.start(this.homeA, properties))
            .withStackTraceContaining("strangler.proxy.state.postgres.url");
    }

    private Map<String, String> postgresStore(TestPostgres postgres, String database) {
        Map<String, String> properties = this.backends.properties();
        properties.put("strangler.proxy.state.store", "postgres");
        properties.put("strangler.proxy.state.postgres.url", postgres.jdbcUrl(database));
        properties.put("strangler.proxy.state.postgres.username", postgres.username());
        properties.put("strangler.proxy.state.postgres.password", postgres.password());
        return properties;
    }

    private static String target(RunningProxy proxy) {
        HttpResponse<String> response = proxy.get("/api/customers/1");
        assertThat(response.statusCode()).isEqualTo(200);
        return response.headers().firstValue("X-Strangler-Target").orElseThrow();
    }

}
