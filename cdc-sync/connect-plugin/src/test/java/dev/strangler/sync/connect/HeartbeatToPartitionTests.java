package dev.strangler.sync.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

class HeartbeatToPartitionTests {

    private static final Schema MESSAGE = SchemaBuilder.struct().field("prefix", Schema.STRING_SCHEMA)
            .field("content", Schema.OPTIONAL_BYTES_SCHEMA).build();
    private static final Schema ENVELOPE = SchemaBuilder.struct().field("op", Schema.STRING_SCHEMA)
            .field("message", MESSAGE).build();

    private final HeartbeatToPartition<SourceRecord> transform = new HeartbeatToPartition<>();

    @Test
    void movesAHeartbeatIntoThePartitionItsPrefixNames() {
        SourceRecord moved = transform.apply(message("strangler_heartbeat/strangler.customers.forward.public.customers/2"));

        assertThat(moved.topic()).isEqualTo("strangler.customers.forward.public.customers");
        assertThat(moved.kafkaPartition()).isEqualTo(2);
        assertThat(moved.sourceOffset()).isEqualTo(Map.of("lsn", 42L));
    }

    @Test
    void leavesMarkersAndOtherMessagesWhereDebeziumPutThem() {
        SourceRecord marker = message("strangler_sync_marker");
        SourceRecord unaddressed = message("strangler_heartbeat/no-partition");

        assertThat(transform.apply(marker)).isSameAs(marker);
        assertThat(transform.apply(unaddressed)).isSameAs(unaddressed);
    }

    private static SourceRecord message(String prefix) {
        Struct value = new Struct(ENVELOPE).put("op", "m")
                .put("message", new Struct(MESSAGE).put("prefix", prefix).put("content", new byte[0]));
        return new SourceRecord(Map.of("server", "strangler.customers.forward"), Map.of("lsn", 42L),
                "strangler.customers.forward.message", null, null, null, ENVELOPE, value);
    }
}
