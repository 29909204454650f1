package dev.strangler.sync.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.sync.capture.SourceChange;
import dev.strangler.sync.capture.SourcePosition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.Test;

class DebeziumRecordsTests {

    private static final Schema SOURCE = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
            .field("schema", Schema.STRING_SCHEMA).field("table", Schema.STRING_SCHEMA)
            .field("snapshot", Schema.OPTIONAL_STRING_SCHEMA).field("sequence", Schema.OPTIONAL_STRING_SCHEMA)
            .field("lsn", Schema.OPTIONAL_INT64_SCHEMA).field("ts_ms", Schema.INT64_SCHEMA).build();
    private static final Schema ROW = SchemaBuilder.struct().field("id", Schema.INT64_SCHEMA).optional().build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().field("before", ROW).field("after", ROW)
            .field("source", SOURCE).field("op", Schema.STRING_SCHEMA).build();

    @Test
    void ordersAStreamedChangeByTheLastCommitAndEventLsnOfItsSourceBlock() {
        SourceChange change = new DebeziumRecords().decode(record("false", "[\"24023128\",\"24023440\"]", 24023440L));

        SourcePosition position = change.position();
        assertThat(change.kind()).isEqualTo(SourceChange.Kind.ROW);
        assertThat(position.commitLsn()).isEqualTo(24023128L);
        assertThat(position.lsn()).isEqualTo(24023440L);
        assertThat(position.snapshot()).isFalse();
        assertThat(position.covers(new DebeziumRecords().decode(record("false", "[\"24023128\",\"24023000\"]",
                24023000L)).position())).as("an older change of the same stream is covered").isTrue();
    }

    @Test
    void neverSkipsASnapshotRead() {
        SourceChange read = new DebeziumRecords().decode(record("last", "[null,\"24023440\"]", 24023440L));

        assertThat(read.position().snapshot()).isTrue();
        assertThat(read.position().commitLsn()).isNull();
    }

    private static SinkRecord record(String snapshot, String sequence, long lsn) {
        Struct source = new Struct(SOURCE).put("schema", "public").put("table", "customers").put("snapshot", snapshot)
                .put("sequence", sequence).put("lsn", lsn).put("ts_ms", 1L);
        Struct envelope = new Struct(ENVELOPE).put("after", new Struct(ROW).put("id", 7L)).put("source", source)
                .put("op", "snapshot".equals(snapshot) || "last".equals(snapshot) ? "r" : "u");
        return new SinkRecord("strangler.customers.forward.public.customers", 0, null, null, ENVELOPE, envelope, 0);
    }
}
