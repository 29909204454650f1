package dev.strangler.sync.apply;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.strangler.sync.capture.SourceChange;
import dev.strangler.sync.capture.SourcePosition;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.RowChange;
import dev.strangler.sync.mapping.TableName;
import dev.strangler.sync.testing.PairOfDatabases;
import dev.strangler.sync.testing.PipelineDatabases;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * An initial copy's chunk written set-based ({@link ChangeApplier#copy}: COPY into a temporary table, then one
 * upsert per target table) lands exactly as the stream's row-by-row upserts ({@link ChangeApplier#apply}) land the
 * same rows: through the same mapping (renamed columns, a conversion, a split into a second table), with every kind
 * of value the initial copy reads (text that COPY would misread unescaped, nulls, numbers into wider columns, dates
 * and times, bytes, json and arrays sent as text), and when the set-based way cannot take a chunk (a value of
 * another type, the same row twice) the chunk goes row by row with the same result. One legacy table split into two
 * service tables on a real PostgreSQL; each chunk is applied once each way and the target's rows compared.
 */
class ChangeApplierCopyIntegrationTests {

    private static final TableName ITEMS = TableName.parse("items");
    private static final String LEGACY = "CREATE TABLE items (id bigint PRIMARY KEY, name text, code text, amount int, "
            + "price numeric(10,2), active boolean, ref uuid, ref_text text, written_at timestamptz, born date, "
            + "seen_at timestamp, payload bytea, doc text, tags text[], version bigint, ratio double precision)";
    private static final String SERVICE = "CREATE TABLE item (item_id bigint PRIMARY KEY, label text, code text, "
            + "amount bigint, price numeric(10,2), active boolean, ref uuid, ref_text uuid, written_at timestamptz, "
            + "born date, seen_at timestamp, payload bytea, doc jsonb, tags text[], version bigint NOT NULL); "
            + "CREATE TABLE item_ratio (item_id bigint PRIMARY KEY, ratio double precision)";
    private static final String ITEM_ROWS = "SELECT * FROM item ORDER BY item_id";
    private static final String RATIO_ROWS = "SELECT * FROM item_ratio ORDER BY item_id";

    @RegisterExtension
    final PairOfDatabases<PipelineDatabases> pair = PairOfDatabases.of(new PipelineDatabases("items", "item_service",
            LEGACY, SERVICE) {
    });
    private final PipelineDatabases databases = pair.databases();
    private final PipelineDefinition pipeline = databases.pipelineOf("items.yaml", """
            pipeline: items
            source: { jdbc-url: '%s', username: '%s', password: '%s' }
            target: { jdbc-url: '%s', username: '%s', password: '%s' }
            direction: forward
            auto-start: false
            tables:
              - source: items
                key: [id]
                targets:
                  - table: item
                    key: [item_id]
                    version-column: version
                    columns:
                      item_id: id
                      label: name
                      code: { from: code, convert: upper-case }
                      amount: amount
                      price: price
                      active: active
                      ref: ref
                      ref_text: ref_text
                      written_at: written_at
                      born: born
                      seen_at: seen_at
                      payload: payload
                      doc: doc
                      tags: tags
                      version: version
                  - table: item_ratio
                    key: [item_id]
                    optional: true
                    columns: { item_id: id, ratio: ratio }
            """);
    private final ChangeApplier applier = pair.openForwardApplier(pipeline);

    @Test
    void writesAChunkSetBasedExactlyAsRowByRow() throws Exception {
        List<SourceChange> chunk = new ArrayList<>();
        for (long id = 1; id <= 1_500; id++) {
            chunk.add(read(item(id, id)));
        }

        List<List<List<String>>> setBased = landed(() -> applier.copy(chunk));

        assertThat(stagingTables()).as("the set-based way ran").isPositive();
        assertThat(setBased.get(0)).hasSize(1_500);
        // Every third row has no ratio: the optional table has no row for it.
        assertThat(setBased.get(1)).hasSize(1_000);
        assertThat(setBased).isEqualTo(landed(() -> applier.apply(chunk, null)));
        assertThat(setBased.get(0).get(6)).containsExactly("7", "name 7 with\ttab,\nnewline, \\backslash, \"quote\" "
                + "and \\N", "CODE-7", "7", "7.07", "f", "00000000-0000-0000-0000-000000000007",
                "00000000-0000-0000-0000-000000000007", "2025-12-31 23:56:40.000007+00", "2026-01-08",
                "2026-01-01 00:00:07", "\\x07ff00", "{\"n\": 7, \"tab\": \"a\\tb\"}", "{x,\"y z\",NULL,\"q\\\"\"}",
                "7");
        assertThat(setBased.get(0).get(2)).containsExactly("3", "null", "null", "null", "null", "null", "null",
                "null", "null", "null", "null", "null", "null", "null", "3");
    }

    @Test
    void aChunkTheSetBasedWayCannotTakeGoesRowByRowWithTheSameResult() throws Exception {
        List<SourceChange> twice = new ArrayList<>();
        for (long id = 1; id <= 200; id++) {
            twice.add(read(item(id, 5)));
        }
        // The same row twice, the older version last: one upsert may not touch a row twice; the guard keeps 9.
        twice.add(read(item(50, 9)));
        twice.add(read(item(50, 8)));
        List<SourceChange> odd = new ArrayList<>(twice.subList(0, 200));
        // A value whose text form a bigint column would read otherwise than the bound parameter, after staged rows.
        Map<String, @Nullable Object> row = item(201, 5);
        row.put("amount", 2.5d);
        odd.add(read(row));

        List<List<List<String>>> copiedTwice = landed(() -> applier.copy(twice));
        List<List<List<String>>> copiedOdd = landed(() -> applier.copy(odd));

        assertThat(copiedTwice).isEqualTo(landed(() -> applier.apply(twice, null)));
        assertThat(copiedTwice.get(0)).hasSize(200);
        assertThat(copiedTwice.get(0).get(49).get(14)).isEqualTo("9");
        assertThat(copiedOdd).isEqualTo(landed(() -> applier.apply(odd, null)));
        assertThat(copiedOdd.get(0)).hasSize(201);
    }

    @Test
    void saysOnceAtInfoWhyTheCopyWentRowByRow() throws Exception {
        // The same row twice (the set-based upsert fails), twice over with rows of their own; between them a value
        // the set-based way refuses after a staged row.
        List<SourceChange> twice = new ArrayList<>();
        List<SourceChange> twiceAgain = new ArrayList<>();
        for (long id = 1; id <= 10; id++) {
            twice.add(read(item(id, 5)));
            twiceAgain.add(read(item(100 + id, 5)));
        }
        twice.add(read(item(5, 9)));
        twiceAgain.add(read(item(105, 9)));
        Map<String, @Nullable Object> row = item(11, 5);
        row.put("amount", 2.5d);
        List<SourceChange> odd = List.of(read(item(12, 5)), read(row));
        Logger applierLog = (Logger) LoggerFactory.getLogger(ChangeApplier.class);
        Level level = applierLog.getLevel();
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        applierLog.addAppender(logged);
        applierLog.setLevel(Level.DEBUG);
        try {
            applier.copy(twice);
            applier.copy(odd);
            applier.copy(twiceAgain);
        }
        finally {
            applierLog.detachAppender(logged);
            applierLog.setLevel(level);
        }

        List<ILoggingEvent> rowByRow = logged.list.stream()
                .filter(event -> event.getFormattedMessage().contains("goes row by row")).toList();
        assertThat(rowByRow).extracting(ILoggingEvent::getLevel).as(rowByRow::toString)
                .containsExactly(Level.INFO, Level.DEBUG, Level.DEBUG);
        // The reason: the set-based upsert met the same row twice (PostgreSQL's words).
        assertThat(rowByRow.get(0).getFormattedMessage()).startsWith(pipeline.streamName(Direction.FORWARD) + ": ")
                .contains("the set-based write failed: ", "cannot affect row a second time");
        assertThat(rowByRow.get(1).getFormattedMessage()).contains("has rows of both ways in one chunk");
        assertThat(databases.count(databases.service(), "SELECT count(*) FROM item")).as("rows copied").isEqualTo(22L);
    }

    /** The rows of both service tables after {@code write}, which starts from empty tables. */
    private List<List<List<String>>> landed(Write write) throws SQLException {
        databases.run(databases.service(), "TRUNCATE item, item_ratio");
        write.run();
        return List.of(databases.rows(databases.service(), ITEM_ROWS),
                databases.rows(databases.service(), RATIO_ROWS));
    }

    @FunctionalInterface
    private interface Write {
        void run() throws SQLException;
    }

    /** Temporary tables of the set-based way on the service database (the applier's session keeps them). */
    private long stagingTables() {
        return databases.count(databases.service(), "SELECT count(*) FROM pg_class WHERE relpersistence = 't' "
                + "AND relname LIKE 'strangler_copy_%'");
    }

    private static SourceChange read(Map<String, @Nullable Object> row) {
        return new SourceChange(SourceChange.Kind.ROW, new RowChange(ITEMS, RowChange.Kind.READ, null, row),
                new SourcePosition("{\"copy\":\"unfinished\"}", null, null, true), System.currentTimeMillis(), null,
                null);
    }

    /** A legacy row as the initial copy reads it: every third one all null but its key and version. */
    private static Map<String, @Nullable Object> item(long id, long version) {
        Map<String, @Nullable Object> row = new LinkedHashMap<>();
        boolean empty = id % 3 == 0;
        UUID uuid = new UUID(0, id);
        row.put("id", id);
        row.put("name", empty ? null : "name " + id + " with\ttab,\nnewline, \\backslash, \"quote\" and \\N");
        row.put("code", empty ? null : "code-" + id);
        row.put("amount", empty ? null : (int) id);
        row.put("price", empty ? null : new BigDecimal(id + "." + String.format("%02d", id % 100)));
        row.put("active", empty ? null : id % 2 == 0);
        row.put("ref", empty ? null : uuid);
        row.put("ref_text", empty ? null : uuid.toString());
        row.put("written_at", empty ? null : OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(2))
                .plusSeconds(id * 1_000).plusNanos(id * 1_000));
        row.put("born", empty ? null : LocalDate.of(2026, 1, 1).plusDays(id));
        row.put("seen_at", empty ? null : LocalDateTime.of(2026, 1, 1, 0, 0).plusSeconds(id));
        row.put("payload", empty ? null : new byte[] { (byte) id, (byte) 0xff, 0 });
        row.put("doc", empty ? null : "{\"n\": " + id + ", \"tab\": \"a\\tb\"}");
        row.put("tags", empty ? null : java.util.Arrays.asList("x", "y z", null, "q\""));
        row.put("version", version);
        row.put("ratio", empty ? null : id / 7.0);
        return row;
    }
}
