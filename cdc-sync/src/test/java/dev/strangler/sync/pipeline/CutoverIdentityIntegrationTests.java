package dev.strangler.sync.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.testing.CustomerDatabases;
import dev.strangler.sync.testing.PairOfDatabases;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Identities in the cutover window: the proxy moves writes between prepare-switch and switch, while the old side's
 * last rows may still be on their way. The side that takes the writes must hand out ids that nothing still in flight
 * holds, or a late synced row overwrites an acknowledged one (and the other stream overwrites its twin).
 */
class CutoverIdentityIntegrationTests {

    /** One statement, one transaction: the stream has this many rows to carry when the routes flip. */
    private static final int BACKLOG = 5_000;
    private static final String LEGACY_NAMES = "SELECT id, first_name || ' <' || email || '>' FROM customers ORDER BY id";
    private static final String SERVICE_NAMES = "SELECT id, given_name || ' <' || email || '>' FROM customer ORDER BY id";

    @RegisterExtension
    final PairOfDatabases<CustomerDatabases> pair = PairOfDatabases.customers();
    private final CustomerDatabases databases = pair.databases();
    private final SimpleMeterRegistry meters = pair.meters();
    private SyncPipeline pipeline = pair.inProcess(databases.pipeline());

    @Test
    void serviceWritesRightAfterTheFlipKeepTheirRowsWhileTheMonolithsLastRowsAreStillOnTheirWay() throws Exception {
        pair.startStreaming(pipeline);
        pipeline.prepareSwitch(Direction.REVERSE);
        // The monolith's last writes before the flip, one big transaction: the forward stream lags behind them.
        Map<Long, String> monolith = new LinkedHashMap<>(bulkInsert(databases.legacy(), """
                INSERT INTO customers (first_name, last_name, email, created_at, updated_at, version)
                SELECT 'Legacy' || g, 'Bulk', 'legacy' || g || '@shop.example', now(), now(), 0
                FROM generate_series(1, %d) g RETURNING id, first_name || ' <' || email || '>'""".formatted(BACKLOG)));
        // The proxy flips the routes: the service takes writes at once, with its sequence's default.
        Map<Long, String> service = insertServiceCustomers("Service", 20);
        // An insert the monolith accepted just before the flip commits just after it.
        monolith.putAll(insertLegacyCustomers("LateLegacy", 1));

        pipeline.switchDirection(Direction.REVERSE);
        pipeline.drain(Direction.REVERSE, Duration.ofSeconds(60));

        assertEveryAcknowledgedRowKeptItsValues(monolith, service);
    }

    @Test
    void monolithWritesRightAfterTheRollbackFlipKeepTheirRowsWhileTheServicesLastRowsAreStillOnTheirWay()
            throws Exception {
        pair.startStreaming(pipeline);
        pipeline.switchDirection(Direction.REVERSE);
        Map<Long, String> service = new LinkedHashMap<>(insertServiceCustomers("Cutover", 5));
        pipeline.drain(Direction.REVERSE, Duration.ofSeconds(60));

        pipeline.prepareSwitch(Direction.FORWARD);
        // The service's last writes before the rollback flip, one big transaction: the reverse stream lags.
        service.putAll(bulkInsert(databases.service(), """
                INSERT INTO customer (given_name, family_name, email, registered_at, modified_at, revision)
                SELECT 'Service' || g, 'Bulk', 'service' || g || '@service.example', now(), now(), 0
                FROM generate_series(1, %d) g RETURNING id, given_name || ' <' || email || '>'""".formatted(BACKLOG)));
        // The proxy flips the routes back: the monolith takes writes at once, with its sequence's default.
        Map<Long, String> monolith = new LinkedHashMap<>(insertLegacyCustomers("Legacy", 20));
        // A request the service accepted before the flip finishes after the monolith's first rows reached it...
        long firstMonolithRow = monolith.keySet().iterator().next();
        await().atMost(Duration.ofSeconds(60)).until(() -> databases.count(databases.service(),
                "SELECT count(*) FROM customer WHERE id = " + firstMonolithRow) == 1);
        service.putAll(insertServiceCustomers("LateService", 1));
        // ...and the monolith goes on writing.
        monolith.putAll(insertLegacyCustomers("LaterLegacy", 5));

        pipeline.switchDirection(Direction.FORWARD);
        pipeline.drain(Direction.FORWARD, Duration.ofSeconds(60));

        assertEveryAcknowledgedRowKeptItsValues(monolith, service);
    }

    @Test
    void switchRefusesNamingTheTableWhenTheOldSideHandedOutIdsPastTheFence() throws Exception {
        SyncOptions fast = PairOfDatabases.FAST;
        pipeline = pair.pipeline(databases.pipeline(), new SyncOptions(fast.heartbeat(), fast.poll(),
                fast.drainTimeout(), 100), new InProcessStreams());
        pair.startStreaming(pipeline);
        pipeline.prepareSwitch(Direction.REVERSE);
        // More inserts between prepare-switch and the flip than the headroom allows for.
        insertLegacyCustomers("Legacy", 150);

        assertThatThrownBy(() -> pipeline.switchDirection(Direction.REVERSE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("public.customers.id")
                .hasMessageContaining("past the identity fence")
                .hasMessageContaining("identity-headroom");
        assertThat(pipeline.state()).isEqualTo(PipelineState.SWITCHING);
        assertThat(pipeline.status().lastError()).contains("public.customers.id");
        assertThat(pipeline.isRunning(Direction.FORWARD)).isTrue();
        assertThat(pipeline.direction()).isEqualTo(Direction.FORWARD);
    }

    /** Both databases hold every row each writer was told it wrote, with the values it wrote, under the same id. */
    private void assertEveryAcknowledgedRowKeptItsValues(Map<Long, String> monolith, Map<Long, String> service) {
        Map<Long, String> legacyRows = names(databases.legacy(), LEGACY_NAMES);
        Map<Long, String> serviceRows = names(databases.service(), SERVICE_NAMES);
        assertThat(serviceRows).as("the service's rows written by the service").containsAllEntriesOf(service);
        assertThat(legacyRows).as("the legacy rows written by the monolith").containsAllEntriesOf(monolith);
        assertThat(serviceRows).as("the monolith's rows carried to the service").containsAllEntriesOf(monolith);
        assertThat(legacyRows).as("the service's rows carried to the legacy database").containsAllEntriesOf(service);
        assertThat(service.keySet()).as("ids handed out by both writers").doesNotContainAnyElementsOf(
                monolith.keySet());
    }

    private Map<Long, String> bulkInsert(String database, String sql) {
        return toMap(databases.rows(database, sql));
    }

    private Map<Long, String> names(String database, String sql) {
        return toMap(databases.rows(database, sql));
    }

    private Map<Long, String> insertServiceCustomers(String prefix, int count) throws SQLException {
        Map<Long, String> written = new LinkedHashMap<>();
        try (Connection connection = databases.postgres().connect(databases.service())) {
            for (int i = 1; i <= count; i++) {
                String name = prefix + i;
                written.put(databases.insertServiceCustomer(connection, name),
                        name + " <" + name.toLowerCase() + "@service.example>");
            }
        }
        return written;
    }

    private Map<Long, String> insertLegacyCustomers(String prefix, int count) throws SQLException {
        Map<Long, String> written = new LinkedHashMap<>();
        try (Connection connection = databases.postgres().connect(databases.legacy())) {
            for (int i = 1; i <= count; i++) {
                String name = prefix + i;
                written.put(databases.insertLegacyCustomer(connection, name, "Berlin"),
                        name + " <" + name.toLowerCase() + "@shop.example>");
            }
        }
        return written;
    }

    private static Map<Long, String> toMap(List<List<String>> rows) {
        Map<Long, String> byId = new LinkedHashMap<>();
        rows.forEach(row -> byId.put(Long.parseLong(row.get(0)), row.get(1)));
        return byId;
    }

}
