package dev.strangler.sync.kafka;

import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.Transport;
import dev.strangler.sync.testing.CustomerDatabases;
import dev.strangler.testsupport.kafka.TestKafka;

/** The shipped customers pipeline carried over the test JVM's Kafka broker, with topics and group of its own. */
final class KafkaPipelines {

    static final int PARTITIONS = 3;

    private KafkaPipelines() {
    }

    /** A topic prefix no other test uses: the databases are fresh per test. */
    static String topicPrefix(CustomerDatabases databases) {
        return "strangler.test." + databases.legacy();
    }

    static PipelineDefinition customersOverKafka(CustomerDatabases databases, int appliers) {
        return databases.pipeline().withTransport(Transport.kafka(TestKafka.shared().bootstrapServers(),
                topicPrefix(databases), PARTITIONS, appliers));
    }
}
