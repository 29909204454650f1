package dev.strangler.sync.testing;

import dev.strangler.sync.apply.ChangeApplier;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.pipeline.ChangeStreams;
import dev.strangler.sync.pipeline.InProcessStreams;
import dev.strangler.sync.pipeline.SyncOptions;
import dev.strangler.sync.pipeline.SyncPipeline;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A pair of fresh databases (the shared legacy one and a service's, on the test PostgreSQL with logical WAL) and
 * what a test runs on them: pipelines, appliers, pipeline JVMs. Registered on an instance field, the pair is made for
 * each test and everything is stopped and the slots dropped after it, so tests stay independent:
 *
 * <pre>
 * &#64;RegisterExtension
 * final PairOfDatabases&lt;CustomerDatabases&gt; pair = PairOfDatabases.customers();
 * private final CustomerDatabases databases = pair.databases();
 * private final SyncPipeline pipeline = pair.inProcess(databases.pipeline());
 * </pre>
 *
 * Registered on a static field (a test that starts the whole app once), the pair lives for the class and is dropped
 * after it.
 *
 * @param <D> the databases' kind: the shop's customers, its orders, or a test's own schema
 */
public final class PairOfDatabases<D extends PipelineDatabases>
        implements BeforeAllCallback, AfterEachCallback, AfterAllCallback {

    /**
     * Short heartbeats and polls, so that tests wait little; a task restart after a retriable error (a dropped
     * replication connection) still backs off, for a second instead of Debezium's ten.
     */
    public static final SyncOptions FAST = new SyncOptions(Duration.ofMillis(500), Duration.ofMillis(10),
            Duration.ofSeconds(60)).withRestartBackoff(Duration.ofSeconds(1));

    private final D databases;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** What the test started, stopped last-started first before the databases are dropped. */
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private int processes;
    private boolean classWide;

    private PairOfDatabases(D databases) {
        this.databases = databases;
    }

    /** The shop's customer schemas and the shipped {@code customers} pipeline. */
    public static PairOfDatabases<CustomerDatabases> customers() {
        return new PairOfDatabases<>(new CustomerDatabases());
    }

    /** The monolith's and order-service's Flyway schemas and the shipped {@code orders} pipeline. */
    public static PairOfDatabases<OrderDatabases> orders() {
        return new PairOfDatabases<>(new OrderDatabases());
    }

    /** A legacy and a service database that both start with {@code schema}: a table copied as it is. */
    public static PairOfDatabases<PipelineDatabases> sameSchema(String legacyName, String serviceName,
            String schema) {
        return new PairOfDatabases<>(new PipelineDatabases(legacyName, serviceName, schema, schema) {
        });
    }

    /** Databases a test made for its own schema. */
    public static <D extends PipelineDatabases> PairOfDatabases<D> of(D databases) {
        return new PairOfDatabases<>(databases);
    }

    public D databases() {
        return databases;
    }

    /** The meters of the pipelines made by {@link #inProcess}. */
    public SimpleMeterRegistry meters() {
        return meters;
    }

    /** {@code definition} run in this JVM with {@link #FAST} options (not started); stopped after the test. */
    public SyncPipeline inProcess(PipelineDefinition definition) {
        return pipeline(definition, FAST, new InProcessStreams());
    }

    /** A pipeline (not started), stopped after the test. */
    public SyncPipeline pipeline(PipelineDefinition definition, SyncOptions options, ChangeStreams streams) {
        SyncPipeline pipeline = new SyncPipeline(definition, options, streams, meters);
        started.push(pipeline::stop);
        return pipeline;
    }

    /**
     * Starts {@code pipeline} and waits until it streams: the first stored streaming position shows that. Changes
     * made from then on are streamed, not folded into the snapshot, and a drain marker travels.
     */
    public SyncPipeline startStreaming(SyncPipeline pipeline) throws Exception {
        pipeline.start();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> databases
                .count(databases.service(), "SELECT count(*) FROM strangler_sync_position WHERE NOT snapshot") == 1);
        return pipeline;
    }

    /** {@link #startStreaming} and then waits until what the legacy side held is in the service. */
    public SyncPipeline startAndDrain(SyncPipeline pipeline) throws Exception {
        startStreaming(pipeline).drain(Duration.ofSeconds(60));
        return pipeline;
    }

    /**
     * The forward {@link ChangeApplier} of {@code definition} (it stores its position in the service database),
     * opened; closed after the test.
     */
    public ChangeApplier openForwardApplier(PipelineDefinition definition) {
        ChangeApplier applier = closeAfter(new ChangeApplier(definition.streamName(Direction.FORWARD),
                definition.target(), definition.plan(Direction.FORWARD), true));
        try {
            applier.open();
        }
        catch (SQLException ex) {
            throw new IllegalStateException("could not open the applier of " + definition.name(), ex);
        }
        return applier;
    }

    /** Closes {@code resource} after the test, before the databases are dropped. */
    public <T extends AutoCloseable> T closeAfter(T resource) {
        started.push(resource);
        return resource;
    }

    /**
     * Starts {@code main} in a JVM of its own on the test class path, with {@code properties} as system properties,
     * its output in {@code target/<name>-<n>.log}; killed after the test.
     */
    public Process startJvm(String name, Map<String, String> properties, Class<?> main, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        // A pipeline JVM lives for seconds to a minute and is killed: C2's compilations and G1's threads would only
        // take CPU from the test on a machine with few cores.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-XX:+UseSerialGC");
        command.add("-cp");
        command.add(System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")));
        properties.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add(main.getName());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(Path.of("target", name + "-" + processes++ + ".log").toFile()).start();
        started.push(() -> kill(process));
        return process;
    }

    /** SIGKILL: no shutdown hook, nothing closed gracefully; returns once the process is gone. */
    public static void kill(Process process) {
        process.destroyForcibly();
        process.onExit().join();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        // Only a static field's extension hears of the class starting: then the pair lives as long as the class.
        classWide = true;
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        if (!classWide) {
            stopAndDrop();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stopAndDrop();
    }

    private void stopAndDrop() throws Exception {
        Exception failure = null;
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            }
            catch (Exception ex) {
                if (failure == null) {
                    failure = ex;
                }
                else {
                    failure.addSuppressed(ex);
                }
            }
        }
        databases.close();
        if (failure != null) {
            throw failure;
        }
    }
}
