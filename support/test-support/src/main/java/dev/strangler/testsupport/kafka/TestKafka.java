package dev.strangler.testsupport.kafka;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * The Kafka broker a test JVM shares: one KRaft broker of spring-kafka-test, in-process, started on first use and
 * stopped when the JVM exits. Tests create their own topics (or let the code under test create them) with names of
 * their own, so they never see each other's records.
 *
 * <p>Configured for a single broker: internal topics with one replica (or consumer groups hang), no initial rebalance
 * delay (a group's first member would otherwise wait 3 s).
 */
public final class TestKafka {

    private static final Logger log = LoggerFactory.getLogger(TestKafka.class);
    private static final Object LOCK = new Object();
    private static volatile TestKafka shared;

    private final EmbeddedKafkaKraftBroker broker;

    private TestKafka(EmbeddedKafkaKraftBroker broker) {
        this.broker = broker;
    }

    /** The broker of this JVM, started on first use. */
    public static TestKafka shared() {
        TestKafka kafka = shared;
        if (kafka == null) {
            synchronized (LOCK) {
                kafka = shared;
                if (kafka == null) {
                    kafka = start();
                    shared = kafka;
                }
            }
        }
        return kafka;
    }

    /** {@code host:port} of the broker, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return broker.getBrokersAsString();
    }

    private static TestKafka start() {
        long started = System.nanoTime();
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperties(Map.of(
                "offsets.topic.replication.factor", "1",
                "offsets.topic.num.partitions", "5",
                "transaction.state.log.replication.factor", "1",
                "transaction.state.log.min.isr", "1",
                "min.insync.replicas", "1",
                "group.initial.rebalance.delay.ms", "0",
                "auto.create.topics.enable", "false"));
        broker.afterPropertiesSet();
        Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "test-kafka-shutdown"));
        TestKafka kafka = new TestKafka(broker);
        log.info("Tests use the in-process Kafka broker at {} (started in {} ms)", kafka.bootstrapServers(),
                (System.nanoTime() - started) / 1_000_000);
        return kafka;
    }
}
