package dev.strangler.sync.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.sync.capture.SourceChange;
import dev.strangler.sync.capture.SourcePosition;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.PipelineFiles;
import dev.strangler.sync.mapping.Placeholders;
import dev.strangler.sync.mapping.RowChange;
import dev.strangler.sync.mapping.TableName;
import dev.strangler.sync.mapping.ValueConversions;
import dev.strangler.sync.testing.PairOfDatabases;
import dev.strangler.sync.testing.PipelineDatabases;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A write that waits in {@code strangler_sync_deferred} (its parent row is not there yet) lands, once the parent
 * arrives, exactly as it would have without waiting: every PostgreSQL type a mapping may carry, as the values capture
 * hands over (bytes, lists, decimals, UUIDs, date-times, text), round-trips through the table unchanged.
 */
class DeferredValuesIntegrationTests {

    private static final String SCHEMA = """
            CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
            CREATE TABLE holder (id bigint PRIMARY KEY);
            CREATE TABLE kinds (id bigint PRIMARY KEY, holder_id bigint NOT NULL REFERENCES holder (id),
                raw bytea, ints integer[], texts text[], doc json, docb jsonb, amount numeric(38,10), ref uuid,
                feeling mood, happened timestamptz, span interval, address inet, note text)
            """;
    private static final String PIPELINE = """
            pipeline: kinds
            source: { jdbc-url: "%1$s", username: "%2$s", password: "%3$s" }
            target: { jdbc-url: "%4$s", username: "%2$s", password: "%3$s" }
            tables:
              - source: holder
                key: [id]
                targets:
                  - table: holder
                    key: [id]
                    columns: { id: id }
              - source: kinds
                key: [id]
                targets:
                  - table: kinds
                    key: [id]
                    columns: { id: id, holder_id: holder_id, raw: raw, ints: ints, texts: texts, doc: doc,
                               docb: docb, amount: amount, ref: ref, feeling: feeling, happened: happened,
                               span: span, address: address, note: note }
            """;
    private static final TableName HOLDER = TableName.parse("holder");
    private static final TableName KINDS = TableName.parse("kinds");

    @RegisterExtension
    final PairOfDatabases<KindDatabases> pair = PairOfDatabases.of(new KindDatabases());
    private final KindDatabases databases = pair.databases();
    private final ChangeApplier applier = pair.closeAfter(databases.applier());
    private long lsn = 100;

    @Test
    void scalarValuesOfAWaitingWriteLandExactlyWhenItsParentArrives() throws Exception {
        Map<String, @Nullable Object> row = kind(1);
        row.put("raw", new byte[] {0, (byte) 0xff, 0x10, 'A', '\\'});
        row.put("doc", "{\"b\": 1,  \"a\": [1, 2]}");
        row.put("docb", "{\"b\": 1, \"a\": \"\u00e9\"}");
        row.put("amount", new BigDecimal("1234567890123456789012345678.0123456789"));
        row.put("ref", UUID.fromString("6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b"));
        row.put("feeling", "happy");
        row.put("happened", OffsetDateTime.parse("2024-02-29T23:59:59.123456+05:30"));
        row.put("span", "P1Y2M3DT4H5M6.789S");
        row.put("address", "192.168.0.1/24");
        row.put("note", "emoji \uD83D\uDE00\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67, "
                + "combining e\u0301 a\u0308, "
                + "RTL \u05E9\u05DC\u05D5\u05DD \u0645\u0631\u062D\u0628\u0627 \u202Eend");

        waitForTheHolderThenApply(row);

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("raw", "'\\x00ff10415c'::bytea");
        expected.put("doc", "'{\"b\": 1,  \"a\": [1, 2]}'::json");
        expected.put("docb", "'{\"a\": \"\u00e9\", \"b\": 1}'::jsonb");
        expected.put("amount", "1234567890123456789012345678.0123456789::numeric(38,10)");
        expected.put("ref", "'6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b'::uuid");
        expected.put("feeling", "'happy'::mood");
        expected.put("happened", "'2024-02-29 23:59:59.123456+05:30'::timestamptz");
        expected.put("span", "'1 year 2 mons 3 days 04:05:06.789'::interval");
        expected.put("address", "'192.168.0.1/24'::inet");
        expected.put("note", "U&'emoji \\+01F600\\+01F469\\200D\\+01F469\\200D\\+01F467, combining e\\0301 a\\0308, "
                + "RTL \\05E9\\05DC\\05D5\\05DD \\0645\\0631\\062D\\0628\\0627 \\202Eend'");
        assertLanded(1, expected);
    }

    @Test
    void arraysOfAWaitingWriteLandExactlyWhenItsParentArrives() throws Exception {
        Map<String, @Nullable Object> row = kind(2);
        row.put("ints", Arrays.asList(1, null, -3));
        row.put("texts", Arrays.asList("a b", "quo\"te", "back\\slash", "comma,{brace}", null, "", "NULL",
                "\uD83D\uDE00"));

        waitForTheHolderThenApply(row);

        assertLanded(2, Map.of("ints", "ARRAY[1, NULL, -3]::integer[]",
                "texts", "ARRAY['a b', 'quo\"te', 'back\\slash', 'comma,{brace}', NULL, '', 'NULL', U&'\\+01F600']"));
    }

    /** The row arrives before its holder, waits, and is written by the retry after the holder's batch. */
    private void waitForTheHolderThenApply(Map<String, @Nullable Object> row) throws SQLException {
        apply(KINDS, row);
        assertThat(databases.count(databases.service(), "SELECT count(*) FROM strangler_sync_deferred"))
                .as("the row waits for its holder").isEqualTo(1);

        apply(HOLDER, Map.of("id", row.get("holder_id")));

        assertThat(databases.count(databases.service(), "SELECT count(*) FROM strangler_sync_deferred")).isZero();
    }

    /** Each column of the landed row, as text, is the expected SQL literal as text (json has no equality). */
    private void assertLanded(long id, Map<String, String> expected) {
        expected.forEach((column, literal) -> {
            List<String> found = databases.rows(databases.service(), "SELECT " + column + "::text, (" + literal
                    + ")::text FROM kinds WHERE id = " + id).get(0);
            assertThat(found.get(0)).as(column).isEqualTo(found.get(1));
        });
    }

    private static Map<String, @Nullable Object> kind(long id) {
        Map<String, @Nullable Object> row = new LinkedHashMap<>();
        for (String column : List.of("raw", "ints", "texts", "doc", "docb", "amount", "ref", "feeling", "happened",
                "span", "address", "note")) {
            row.put(column, null);
        }
        row.put("id", id);
        row.put("holder_id", 10 + id);
        return row;
    }

    private void apply(TableName table, Map<String, @Nullable Object> row) throws SQLException {
        lsn += 10;
        applier.apply(List.of(new SourceChange(SourceChange.Kind.ROW, new RowChange(table, RowChange.Kind.INSERT,
                null, row), new SourcePosition("{}", lsn, lsn, false), System.currentTimeMillis(), null, null)), null);
    }

    /** A source and a target database with the same schema, and a pipeline that copies both tables as they are. */
    private static final class KindDatabases extends PipelineDatabases {

        KindDatabases() {
            super("kinds", "kinds", SCHEMA, SCHEMA);
        }

        ChangeApplier applier() {
            String yaml = PIPELINE.formatted(postgres().jdbcUrl(legacy()), postgres().username(),
                    postgres().password(), postgres().jdbcUrl(service()));
            PipelineDefinition pipeline = new PipelineFiles(ValueConversions.discovered(),
                    Placeholders.from(Map.<String, String>of()::get))
                    .read("kinds.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
            ChangeApplier applier = new ChangeApplier(pipeline.streamName(Direction.FORWARD), pipeline.target(),
                    pipeline.plan(Direction.FORWARD), true);
            try {
                applier.open();
            }
            catch (SQLException ex) {
                throw new IllegalStateException(ex);
            }
            return applier;
        }
    }
}
