package dev.strangler.sync.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.PipelineFiles;
import dev.strangler.sync.mapping.Placeholders;
import dev.strangler.sync.mapping.ReplicaIdentityMode;
import dev.strangler.sync.mapping.TableName;
import dev.strangler.sync.mapping.ValueConversions;
import dev.strangler.sync.pipeline.PipelineState;
import dev.strangler.sync.pipeline.ReplicaIdentitySet;
import dev.strangler.sync.pipeline.SyncPipeline;
import dev.strangler.sync.testing.CustomerDatabases;
import dev.strangler.sync.testing.OrderDatabases;
import dev.strangler.sync.testing.PairOfDatabases;
import dev.strangler.sync.testing.PipelineDatabases;
import dev.strangler.testsupport.postgres.OlderPostgres;
import dev.strangler.testsupport.postgres.TestPostgres;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The capture preflight on real PostgreSQL: a table whose updates and deletes would not carry the pipeline's key, or
 * a key that is no primary key or unique index, is refused before any slot exists, naming table, key and the exact
 * fix, and the legacy table's replica identity is left as it was. Changing it is opt-in, logged and reported.
 */
class CapturePreflightIntegrationTests {

    private static final String PIPELINE = """
            pipeline: parts
            source: { jdbc-url: "%s", username: "%s", password: "%s" }
            target: { jdbc-url: "%s", username: "%s", password: "%s" }
            %s
            tables:
              - source: parts
                key: [code]
                targets:
                  - table: part
                    key: [code]
                    columns: { code: code, name: name, qty: qty }
            """;

    /** Two empty databases: each test creates the tables it needs. */
    @RegisterExtension
    final PairOfDatabases<PipelineDatabases> pair = PairOfDatabases.of(new PipelineDatabases("shop", "catalog",
            "SELECT 1", "SELECT 1") {
    });
    private final PipelineDatabases databases = pair.databases();
    private final TestPostgres postgres = databases.postgres();
    private final String shop = databases.legacy();
    private final String catalog = databases.service();
    private SyncPipeline pipeline;

    @Test
    void refusesATableWithoutAUsableKeyNamingTheExactFixAndLeavesItsReplicaIdentityAlone() {
        // No primary key: under the default replica identity a delete would carry nothing of the key.
        run(shop, "CREATE TABLE parts (code varchar(20) NOT NULL CONSTRAINT parts_code_key UNIQUE, name text, qty int)");
        run(catalog, "CREATE TABLE part (code varchar(20) PRIMARY KEY, name text, qty int)");
        String before = replicaIdentity(shop, "parts");
        pipeline = pipeline("");

        assertThatThrownBy(pipeline::start).hasMessageContaining("public.parts replica identity")
                .hasMessageContaining("would not carry (code)")
                .hasMessageContaining("ALTER TABLE public.parts REPLICA IDENTITY USING INDEX parts_code_key;")
                .hasMessageContaining("capture.replica-identity: full");
        assertThat(pipeline.status().lastError()).contains("ALTER TABLE public.parts REPLICA IDENTITY USING INDEX");

        assertThat(replicaIdentity(shop, "parts")).isEqualTo(before).isEqualTo("d");
        assertThat(count(shop, "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()"))
                .isZero();
        assertThat(count(shop, "SELECT count(*) FROM pg_publication")).isZero();
    }

    @Test
    void refusesAPostgreSqlOlderThan16NamingTheVersionAndTheFix() throws Exception {
        // A real PostgreSQL 15: logical WAL and usable keys, only its version is wrong.
        try (OlderPostgres older = OlderPostgres.start()) {
            String shop15 = older.createDatabase("shop15");
            String url = older.jdbcUrl(shop15);
            older.execute(shop15, "CREATE TABLE parts (code varchar(20) PRIMARY KEY, name text, qty int); "
                    + "CREATE TABLE part (code varchar(20) PRIMARY KEY, name text, qty int)");
            run(shop, "CREATE TABLE parts (code varchar(20) PRIMARY KEY, name text, qty int)");
            run(catalog, "CREATE TABLE part (code varchar(20) PRIMARY KEY, name text, qty int)");
            pipeline = pair.inProcess(definition(url, older.username(), older.password(), postgres.jdbcUrl(catalog),
                    postgres.username(), postgres.password(), ""));

            assertThatThrownBy(pipeline::start).hasMessageContaining("nothing was changed")
                    .hasMessageContaining("PostgreSQL version of " + url + ": is " + older.version())
                    .hasMessageContaining("16 or later")
                    .hasMessageContaining("origin=none")
                    .hasMessageContaining("upgrade");
            assertThat(older.count(shop15, "SELECT (SELECT count(*) FROM pg_replication_slots) "
                    + "+ (SELECT count(*) FROM pg_publication)")).as("slots and publications on the refused server")
                    .isZero();

            // The target is captured once the pipeline runs in reverse: refused before forward creates anything.
            PipelineDefinition olderTarget = definition(postgres.jdbcUrl(shop), postgres.username(),
                    postgres.password(), url, older.username(), older.password(), "");
            assertThat(CapturePreflight.check(olderTarget, Direction.FORWARD).problems())
                    .extracting(CapturePreflight.Check::item).containsExactly("PostgreSQL version of " + url);
        }
    }

    @Test
    void refusesADeclaredKeyWithoutAUniqueIndexNamingTableAndKey() {
        run(shop, "CREATE TABLE parts (id bigint PRIMARY KEY, code varchar(20) NOT NULL, name text, qty int)");
        run(catalog, "CREATE TABLE part (code varchar(20) NOT NULL, name text, qty int)");
        pipeline = pipeline("");

        assertThatThrownBy(pipeline::start)
                .hasMessageContaining("public.parts key (code): matches neither the primary key nor a unique index "
                        + "of public.parts; add a primary key or unique index on (code)")
                .hasMessageContaining("public.part key (code): matches neither the primary key nor a unique index "
                        + "of public.part; add a primary key or unique index on (code)");
        assertThat(replicaIdentity(shop, "parts")).isEqualTo("d");
    }

    @Test
    void setsReplicaIdentityFullOnlyWhenOptedInAndReportsTheUndo() throws Exception {
        run(shop, "CREATE TABLE parts (code varchar(20) NOT NULL CONSTRAINT parts_code_key UNIQUE, name text, qty int); "
                + "INSERT INTO parts VALUES ('A-1', 'anvil', 1), ('B-2', 'bolt', 2)");
        run(catalog, "CREATE TABLE part (code varchar(20) PRIMARY KEY, name text, qty int)");
        pipeline = pipeline("capture: { replica-identity: full }");
        List<ReplicaIdentitySet> changes = new CopyOnWriteArrayList<>();
        pipeline.onDatabaseChange(changes::add);

        pipeline.start();

        assertThat(replicaIdentity(shop, "parts")).isEqualTo("f");
        assertThat(changes).containsExactly(new ReplicaIdentitySet("parts", TableName.parse("parts"),
                "ALTER TABLE public.parts REPLICA IDENTITY DEFAULT;"));
        run(shop, "DELETE FROM parts WHERE code = 'A-1'; UPDATE parts SET name = 'bolt M4' WHERE code = 'B-2'");
        await().atMost(Duration.ofSeconds(60)).until(() -> count(catalog,
                "SELECT count(*) FROM part WHERE code = 'B-2' AND name = 'bolt M4'") == 1
                && count(catalog, "SELECT count(*) FROM part") == 1);
        assertThat(pipeline.state()).isEqualTo(PipelineState.RUNNING);
    }

    @Test
    void keepsALargeValueThatAnUpdateLeftUnchangedUnderTheDefaultReplicaIdentity() throws Exception {
        // The default replica identity (the primary key) does not carry an unchanged TOASTed value: Debezium sends a
        // placeholder for it, which must never be written to the service.
        run(shop, "CREATE TABLE parts (code varchar(20) PRIMARY KEY, name text, qty int); "
                + "ALTER TABLE parts ALTER COLUMN name SET STORAGE EXTERNAL; "
                + "INSERT INTO parts SELECT 'L-1', string_agg(md5(i::text), ''), 1 FROM generate_series(1, 400) i");
        run(catalog, "CREATE TABLE part (code varchar(20) PRIMARY KEY, name text, qty int)");
        pipeline = pipeline("");
        pipeline.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> count(catalog, "SELECT count(*) FROM part") == 1);

        run(shop, "UPDATE parts SET qty = 2 WHERE code = 'L-1'");
        await().atMost(Duration.ofSeconds(60)).until(() -> count(catalog,
                "SELECT count(*) FROM part WHERE qty = 2") == 1 || pipeline.state() != PipelineState.RUNNING);

        assertThat(pipeline.state()).isEqualTo(PipelineState.RUNNING);
        assertThat(count(catalog, "SELECT length(name) FROM part WHERE code = 'L-1'")).isEqualTo(400 * 32);
        assertThat(replicaIdentity(shop, "parts")).isEqualTo("d");
    }

    @Test
    void listsEveryCheckOfTheShippedCustomersPipelineAsAChecklist() {
        try (CustomerDatabases databases = new CustomerDatabases()) {
            CapturePreflight.Result result = CapturePreflight.check(databases.pipeline(), Direction.FORWARD);

            assertThat(result.passed()).as(result.checklist()).isTrue();
            assertThat(result.checks()).extracting(CapturePreflight.Check::item).containsExactly(
                    "PostgreSQL version of " + databases.pipeline().source().jdbcUrl(), "wal_level",
                    "replication slots", "WAL senders", "REPLICATION privilege of " + postgres.username(),
                    "public.customers key (id)", "public.customers replica identity",
                    "PostgreSQL version of " + databases.pipeline().target().jdbcUrl(), "public.customer key (id)",
                    "public.customer_address key (customer_id)");
            assertThat(result.checklist()).startsWith("[ok] PostgreSQL version of ")
                    .contains("\n[ok] wal_level: logical\n");
            assertThat(result.changes()).isEmpty();
        }
    }

    @Test
    void namesWhatTheShippedOrdersPipelineWouldNeedWithoutItsOptIn() {
        try (OrderDatabases databases = new OrderDatabases()) {
            PipelineDefinition unchanged = databases.pipeline().withReplicaIdentity(ReplicaIdentityMode.UNCHANGED);

            assertThat(CapturePreflight.check(unchanged, Direction.FORWARD).problems()).singleElement()
                    .satisfies(problem -> assertThat(problem.toString()).startsWith(
                            "[!!] public.order_lines replica identity: updates and deletes would not carry (order_id, "
                                    + "line_no) (replica identity DEFAULT); fix: ALTER TABLE public.order_lines "
                                    + "REPLICA IDENTITY USING INDEX order_lines_line_key;"));
            // Captured in reverse, a row leaving reverse-when must be noticed: its old values are needed.
            assertThat(CapturePreflight.check(unchanged, Direction.REVERSE).problems())
                    .extracting(CapturePreflight.Check::detail).containsExactly(
                            "updates and deletes would not carry (id, status) (replica identity DEFAULT); fix: ALTER "
                                    + "TABLE public.purchase_order REPLICA IDENTITY FULL; Or let capture set REPLICA "
                                    + "IDENTITY FULL: capture.replica-identity: full in the pipeline file",
                            "updates and deletes would not carry (order_id, line_no, product_name, unit_price_cents) "
                                    + "(replica identity DEFAULT); fix: ALTER TABLE public.order_line REPLICA IDENTITY "
                                    + "FULL; Or let capture set REPLICA IDENTITY FULL: capture.replica-identity: full "
                                    + "in the pipeline file");
            assertThat(CapturePreflight.check(databases.pipeline(), Direction.REVERSE).changes())
                    .extracting(CapturePreflight.IdentityChange::table)
                    .containsExactly(TableName.parse("purchase_order"), TableName.parse("order_line"));
            assertThat(databases.rows(databases.service(), "SELECT relreplident FROM pg_class "
                    + "WHERE relname = 'purchase_order'")).containsExactly(List.of("d"));
        }
    }

    private SyncPipeline pipeline(String captureSetting) {
        return pair.inProcess(definition(postgres.jdbcUrl(shop), postgres.username(), postgres.password(),
                postgres.jdbcUrl(catalog), postgres.username(), postgres.password(), captureSetting));
    }

    private static PipelineDefinition definition(String sourceUrl, String sourceUser, String sourcePassword,
            String targetUrl, String targetUser, String targetPassword, String captureSetting) {
        String yaml = PIPELINE.formatted(sourceUrl, sourceUser, sourcePassword, targetUrl, targetUser, targetPassword,
                captureSetting);
        return new PipelineFiles(ValueConversions.discovered(), Placeholders.from(Map.<String, String>of()::get))
                .read("parts.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    private String replicaIdentity(String database, String table) {
        return databases.rows(database, "SELECT relreplident::text FROM pg_class WHERE oid = '" + table
                + "'::regclass").get(0).get(0);
    }

    private long count(String database, String sql) {
        return databases.count(database, sql);
    }

    private void run(String database, String sql) {
        databases.run(database, sql);
    }
}
