package dev.strangler.sync.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineConfigException;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.PipelineFiles;
import dev.strangler.sync.mapping.Placeholders;
import dev.strangler.sync.mapping.TableName;
import dev.strangler.sync.mapping.Transport;
import dev.strangler.sync.mapping.ValueConversions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Choosing the transport in pipeline YAML, and the names the Kafka transport derives from it. */
class KafkaPipelineFilesTests {

    private static final String PIPELINE = """
            pipeline: customers
            source: { jdbc-url: jdbc:postgresql://localhost/shop, username: shop }
            target: { jdbc-url: jdbc:postgresql://localhost/customers, username: customers }
            tables:
              - source: customers
                key: [id]
                targets:
                  - table: customer
                    key: [id]
                    columns: { id: id, given_name: first_name }
            """;

    private final PipelineFiles files = new PipelineFiles(ValueConversions.discovered(),
            Placeholders.from(Map.of("KAFKA", "broker-1:9092,broker-2:9092")::get));

    @Test
    void carriesChangesInProcessUnlessTheFileSaysKafka() {
        assertThat(read(PIPELINE).transport()).isEqualTo(Transport.inProcess());
        assertThat(read(PIPELINE + "transport: in-process\n").transport().kind()).isEqualTo(Transport.Kind.IN_PROCESS);
    }

    @Test
    void readsKafkaTransportWithBootstrapServersFromAPlaceholderAndDefaults() {
        Transport transport = read(PIPELINE + """
                transport: kafka
                kafka: { bootstrap-servers: "${KAFKA}" }
                """).transport();
        assertThat(transport).isEqualTo(Transport.kafka("broker-1:9092,broker-2:9092", "strangler.customers", 3, 1));
    }

    @Test
    void namesOneTopicPerCapturedTableAndOneConsumerGroupPerDirection() {
        PipelineDefinition pipeline = read(PIPELINE + """
                transport: kafka
                kafka: { bootstrap-servers: localhost:9092, topic-prefix: shop.sync, partitions: 6, appliers: 2 }
                """);
        ChangeTopics forward = ChangeTopics.of(pipeline, Direction.FORWARD);
        ChangeTopics reverse = ChangeTopics.of(pipeline, Direction.REVERSE);

        assertThat(forward.topic(TableName.parse("customers"))).isEqualTo("shop.sync.forward.public.customers");
        assertThat(reverse.topic(TableName.parse("customer"))).isEqualTo("shop.sync.reverse.public.customer");
        assertThat(forward.consumerGroup()).isEqualTo("shop.sync.forward.appliers");
        assertThat(reverse.consumerGroup()).isNotEqualTo(forward.consumerGroup());
        assertThatThrownBy(() -> forward.topic(TableName.parse("orders"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void namesFileKeyAndReasonForBadKafkaSettings() {
        assertThatThrownBy(() -> read(PIPELINE + "transport: carrier-pigeon\n"))
                .isInstanceOfSatisfying(PipelineConfigException.class,
                        ex -> assertThat(ex.key()).isEqualTo("transport"));
        assertThatThrownBy(() -> read(PIPELINE + "transport: kafka\n"))
                .hasMessageContaining("bad.yaml:1: kafka: is required");
        assertThatThrownBy(() -> read(PIPELINE + "transport: kafka\nkafka: { bootstrap-servers: k:9092, partitions: 0 }\n"))
                .hasMessageContaining("bad.yaml:12: kafka.partitions: 0 is below the minimum 1");
        assertThatThrownBy(() -> read(PIPELINE + "transport: kafka\nkafka: { bootstrap-servers: k:9092, topic-prefix: a/b }\n"))
                .hasMessageContaining("kafka.topic-prefix");
        assertThatThrownBy(() -> read(PIPELINE + "kafka: { bootstrap-servers: k:9092 }\n"))
                .hasMessageContaining("kafka: only allowed with transport: kafka");
    }

    private PipelineDefinition read(String yaml) {
        return files.read("bad.yaml", new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }
}
