package dev.strangler.sync.testing;

import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.PipelineFiles;
import dev.strangler.sync.mapping.Placeholders;
import dev.strangler.sync.mapping.ValueConversions;
import dev.strangler.testsupport.postgres.TestPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fresh shared (legacy) database and a fresh service database on the test PostgreSQL, each with its schema, and a
 * shipped pipeline pointed at them; the base of each pipeline's test databases. Drops the slots it caused when closed.
 */
public abstract class PipelineDatabases implements AutoCloseable {

    /** Each row's operations as counted by {@link #countRowOperations}, on either side. */
    public static final String ROW_OPERATIONS = "SELECT id, operations FROM row_operations ORDER BY id";

    private static final String COUNT_OPERATIONS = """
            CREATE TABLE row_operations (id bigint PRIMARY KEY, operations bigint NOT NULL);
            CREATE FUNCTION count_operation() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
              INSERT INTO row_operations VALUES (CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END, 1)
                ON CONFLICT (id) DO UPDATE SET operations = row_operations.operations + 1;
              RETURN NULL;
            END $$;
            CREATE TRIGGER count_operations AFTER INSERT OR UPDATE OR DELETE ON %s
              FOR EACH ROW EXECUTE FUNCTION count_operation();
            """;

    private final TestPostgres postgres = TestPostgres.shared();
    private final String legacy;
    private final String service;

    protected PipelineDatabases(String legacyName, String serviceName, String legacySchema, String serviceSchema) {
        legacy = postgres.createDatabase(legacyName);
        service = postgres.createDatabase(serviceName);
        run(legacy, legacySchema);
        run(service, serviceSchema);
    }

    public String legacy() {
        return legacy;
    }

    public String service() {
        return service;
    }

    public TestPostgres postgres() {
        return postgres;
    }

    /**
     * The shipped pipeline {@code pipelines/<file>}, pointed at these two databases.
     *
     * @param serviceVariable the service's part of the placeholders: {@code CUSTOMER} for STRANGLER_CUSTOMER_DB_URL
     */
    protected PipelineDefinition pipeline(String file, String serviceVariable) {
        Map<String, String> env = placeholders(serviceVariable);
        try (InputStream yaml = PipelineDatabases.class.getResourceAsStream("/pipelines/" + file)) {
            return new PipelineFiles(ValueConversions.discovered(), Placeholders.from(env::get))
                    .read("pipelines/" + file, yaml);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * A test's own pipeline {@code name}: {@code yaml} with six {@code %s} for the source's and then the target's
     * JDBC URL, user name and password, filled in with these two databases.
     */
    public PipelineDefinition pipelineOf(String name, String yaml) {
        String filled = yaml.formatted(postgres.jdbcUrl(legacy), postgres.username(), postgres.password(),
                postgres.jdbcUrl(service), postgres.username(), postgres.password());
        return new PipelineFiles(ValueConversions.discovered(), Placeholders.from(Map.<String, String>of()::get))
                .read(name, new java.io.ByteArrayInputStream(filled.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * A test's pipeline {@code name} that copies the legacy {@code table} to the service table of the same name, every
     * one of {@code columns} under its own name, keyed by {@code key}, forward and not started on its own;
     * {@code targetSettings} are further settings of the target table ({@code version-column: version}).
     */
    public PipelineDefinition oneTablePipeline(String name, String table, String key, List<String> columns,
            String... targetSettings) {
        StringBuilder yaml = new StringBuilder("pipeline: " + name + "\n"
                + "source: { jdbc-url: '%s', username: '%s', password: '%s' }\n"
                + "target: { jdbc-url: '%s', username: '%s', password: '%s' }\n"
                + "direction: forward\nauto-start: false\ntables:\n"
                + "  - source: " + table + "\n    key: [" + key + "]\n    targets:\n"
                + "      - table: " + table + "\n        key: [" + key + "]\n");
        for (String setting : targetSettings) {
            yaml.append("        ").append(setting).append('\n');
        }
        yaml.append("        columns: { ").append(String.join(", ", columns.stream().map(c -> c + ": " + c).toList()))
                .append(" }\n");
        return pipelineOf(name + ".yaml", yaml.toString());
    }

    /**
     * The shipped pipelines' placeholders ({@code STRANGLER_SHOP_DB_*}, {@code STRANGLER_<service>_DB_*}) with the
     * values that point them at these databases.
     *
     * @param serviceVariable the service's part of the placeholders: {@code CUSTOMER} for STRANGLER_CUSTOMER_DB_URL
     */
    public Map<String, String> placeholders(String serviceVariable) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("STRANGLER_SHOP_DB_URL", postgres.jdbcUrl(legacy));
        values.put("STRANGLER_SHOP_DB_USER", postgres.username());
        values.put("STRANGLER_SHOP_DB_PASSWORD", postgres.password());
        values.put("STRANGLER_" + serviceVariable + "_DB_URL", postgres.jdbcUrl(service));
        values.put("STRANGLER_" + serviceVariable + "_DB_USER", postgres.username());
        values.put("STRANGLER_" + serviceVariable + "_DB_PASSWORD", postgres.password());
        return values;
    }

    /**
     * Points the app's pipeline placeholders ({@code STRANGLER_SHOP_DB_*}, {@code STRANGLER_<service>_DB_*}) at these
     * databases, for a {@code @DynamicPropertySource} of a test that runs the whole app.
     */
    public void register(org.springframework.test.context.DynamicPropertyRegistry registry, String serviceVariable) {
        placeholders(serviceVariable).forEach((name, value) -> registry.add(name, () -> value));
    }

    /**
     * Counts every row operation on {@code legacyTable} and on {@code serviceTable} per row id, each side in its own
     * {@code row_operations} table (see {@link #ROW_OPERATIONS}): a change applied twice or lost shows as a differing
     * count.
     */
    public void countRowOperations(String legacyTable, String serviceTable) {
        run(legacy, COUNT_OPERATIONS.formatted(legacyTable));
        run(service, COUNT_OPERATIONS.formatted(serviceTable));
    }

    /** How many row operations the service side has counted so far (see {@link #countRowOperations}). */
    public long serviceRowOperations() {
        return count(service, "SELECT coalesce(sum(operations), 0) FROM row_operations");
    }

    public List<List<String>> rows(String database, String sql) {
        try (Connection connection = postgres.connect(database); Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery(sql)) {
            List<List<String>> rows = new ArrayList<>();
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(String.valueOf(rs.getString(i)));
                }
                rows.add(row);
            }
            return rows;
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    public long count(String database, String sql) {
        return Long.parseLong(rows(database, sql).get(0).get(0));
    }

    public void run(String database, String sql) {
        try (Connection connection = postgres.connect(database); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
        catch (SQLException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Drops what the tests' streams left on the server: slots hold WAL and count against max_replication_slots. */
    @Override
    public void close() {
        for (String database : List.of(legacy, service)) {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).ignoreExceptions()
                    .until(() -> dropSlots(database));
        }
    }

    private boolean dropSlots(String database) throws SQLException {
        try (Connection connection = postgres.connect(database); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(active_pid) FROM pg_replication_slots "
                    + "WHERE database = current_database() AND active");
            statement.execute("SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots "
                    + "WHERE database = current_database() AND NOT active");
            try (ResultSet rs = statement.executeQuery(
                    "SELECT count(*) FROM pg_replication_slots WHERE database = current_database()")) {
                rs.next();
                return rs.getLong(1) == 0;
            }
        }
    }

    protected static String resource(String name) {
        try (InputStream in = PipelineDatabases.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}
