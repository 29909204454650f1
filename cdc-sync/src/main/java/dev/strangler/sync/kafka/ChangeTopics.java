package dev.strangler.sync.kafka;

import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.MappingPlan;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.TableName;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The one place that names what the Kafka transport creates for a pipeline and direction: one topic per captured
 * table, {@code <topic-prefix>.<direction>.<schema>.<table>} (e.g. {@code strangler.customers.forward.public.customers}),
 * the compacted schema topic {@code <topic-prefix>.<direction>.schemas}, the appliers' consumer group
 * {@code <topic-prefix>.<direction>.appliers}, and the record headers.
 */
public final class ChangeTopics {

    /** Header with the Debezium topic a record came from (tells heartbeats apart). */
    static final String SOURCE_TOPIC_HEADER = "strangler.source-topic";

    /** Header with the record's Debezium source offset as JSON (its position in the source WAL). */
    static final String SOURCE_OFFSET_HEADER = "strangler.source-offset";

    /**
     * Header with the fingerprint of the record value's schema ({@link ValueSchema}), which is on the schema topic;
     * a record without it carries its schema inline (the format before).
     */
    static final String VALUE_SCHEMA_HEADER = "strangler.value-schema";

    private final String prefix;
    private final Map<TableName, String> topics = new LinkedHashMap<>();

    private ChangeTopics(PipelineDefinition pipeline, Direction direction) {
        this.prefix = pipeline.transport().topicPrefix() + "." + direction.name().toLowerCase(Locale.ROOT);
        MappingPlan plan = pipeline.plan(direction);
        for (TableName table : plan.capturedTables()) {
            topics.put(table, prefix + "." + table.schema() + "." + table.table());
        }
    }

    public static ChangeTopics of(PipelineDefinition pipeline, Direction direction) {
        return new ChangeTopics(pipeline, direction);
    }

    /** The topic of a captured table. */
    public String topic(TableName table) {
        String topic = topics.get(table);
        if (topic == null) {
            throw new IllegalArgumentException(table + " is not captured in " + prefix);
        }
        return topic;
    }

    /** Every topic of this pipeline and direction, in the order of the captured tables. */
    public Map<TableName, String> all() {
        return java.util.Collections.unmodifiableMap(topics);
    }

    /**
     * The compacted topic of the value schemas of this pipeline and direction, keyed by fingerprint:
     * {@code <topic-prefix>.<direction>.schemas}. It cannot meet a table's topic, whose name has one part more.
     */
    public String schemaTopic() {
        return prefix + ".schemas";
    }

    /** The consumer group of the appliers. */
    public String consumerGroup() {
        return prefix + ".appliers";
    }
}
