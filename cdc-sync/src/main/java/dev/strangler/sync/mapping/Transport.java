package dev.strangler.sync.mapping;

/**
 * How a pipeline carries changes from capture to its applier: in-process (the default: one JVM, the engine's batch
 * goes straight to the applier) or through Kafka (capture publishes one topic per captured table, appliers run as a
 * consumer group), for when one machine is not enough.
 *
 * @param bootstrapServers Kafka only: {@code host:port,...}
 * @param topicPrefix Kafka only: the first part of every topic name of the pipeline (default {@code strangler.<pipeline>})
 * @param partitions Kafka only: partitions of each topic the pipeline creates (existing topics are used as they are)
 * @param appliers Kafka only: how many appliers (consumers of the pipeline's group) this process runs per direction
 */
public record Transport(Kind kind, String bootstrapServers, String topicPrefix, int partitions, int appliers) {

    /** The kinds of transport, as named in YAML ({@code in-process}, {@code kafka}). */
    public enum Kind {
        IN_PROCESS, KAFKA
    }

    public static Transport inProcess() {
        return new Transport(Kind.IN_PROCESS, "", "", 0, 0);
    }

    public static Transport kafka(String bootstrapServers, String topicPrefix, int partitions, int appliers) {
        return new Transport(Kind.KAFKA, bootstrapServers, topicPrefix, partitions, appliers);
    }
}
