package dev.strangler.sync.pipeline;

import dev.strangler.sync.apply.ApplyResult;
import dev.strangler.sync.capture.ChangeCapture;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured pipeline: runs its mapping in one direction, and switches direction for cutover without losing a
 * write. Thread-safe; the admin API and tests drive it through {@link #start}, {@link #stop},
 * {@link #switchDirection} and {@link #drain}.
 *
 * <p>A switch starts the new direction first (from "now", no snapshot), then drains the old one to a marker written
 * after that moment, and only then stops it. For a while both directions run; replication origins keep them from
 * echoing each other's writes, so no write made on either side during the switch is lost or doubled.
 */
public final class SyncPipeline implements StreamObserver {

    private static final Logger log = LoggerFactory.getLogger(SyncPipeline.class);

    private final PipelineDefinition definition;
    private final SyncOptions options;
    private final ChangeStreams streams;
    private final MeterRegistry meters;
    private final Map<Direction, ChangeStream> running = java.util.Collections.synchronizedMap(new EnumMap<>(Direction.class));
    private final Map<String, CompletableFuture<Void>> markers = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> applied = new ConcurrentHashMap<>();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong loopGuarded = new AtomicLong();
    private final AtomicLong newestAppliedMillis = new AtomicLong();
    private volatile Direction direction;
    private volatile PipelineState state = PipelineState.STOPPED;
    private volatile @Nullable String lastError;

    public SyncPipeline(PipelineDefinition definition, SyncOptions options, ChangeStreams streams,
            MeterRegistry meters) {
        this.definition = definition;
        this.options = options;
        this.streams = streams;
        this.meters = meters;
        this.direction = definition.direction();
        Gauge.builder("strangler.sync.lag", this, p -> p.lagMillis()).baseUnit("milliseconds")
                .description("How far applied changes trail the source").tag("pipeline", definition.name())
                .register(meters);
    }

    public String name() {
        return definition.name();
    }

    public PipelineDefinition definition() {
        return definition;
    }

    public Direction direction() {
        return direction;
    }

    public PipelineState state() {
        return state;
    }

    /** Starts in the stored direction (or the configured one on first start); a no-op when running. */
    public synchronized void start() throws Exception {
        if (!running.isEmpty()) {
            return;
        }
        direction = DirectionStore.read(definition.target(), definition.name()).orElse(definition.direction());
        lastError = null;
        newestAppliedMillis.set(System.currentTimeMillis());
        // Only the forward direction snapshots: the legacy database holds the data the service starts from.
        running.put(direction, streams.open(definition, direction, direction == Direction.FORWARD, options, this));
        DirectionStore.write(definition.target(), definition.name(), direction);
        state = PipelineState.RUNNING;
        log.info("Pipeline {} runs {}", definition.name(), direction);
    }

    public synchronized void stop() {
        running.values().forEach(ChangeStream::close);
        running.clear();
        markers.values().forEach(f -> f.completeExceptionally(new IllegalStateException("pipeline stopped")));
        markers.clear();
        if (state != PipelineState.FAILED) {
            state = PipelineState.STOPPED;
        }
        log.info("Pipeline {} stopped", definition.name());
    }

    /**
     * Waits until every change committed in the captured database before this call has been applied.
     *
     * @throws TimeoutException when that does not happen within {@code timeout}
     */
    public void drain(Duration timeout) throws Exception {
        drain(direction, timeout);
    }

    /** Waits until the stream of {@code stream} has applied every change committed before this call. */
    public void drain(Direction stream, Duration timeout) throws Exception {
        String marker = UUID.randomUUID().toString();
        CompletableFuture<Void> done = new CompletableFuture<>();
        markers.put(marker, done);
        try {
            ChangeCapture.emitMarker(definition.captured(stream), marker);
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        finally {
            markers.remove(marker);
        }
    }

    /**
     * First half of a switch: starts the {@code to} direction from now on (no snapshot) next to the running one, and
     * returns once it streams. From then on a write on either side is carried across exactly once.
     */
    public synchronized void prepareSwitch(Direction to) throws Exception {
        if (state != PipelineState.RUNNING && state != PipelineState.SWITCHING) {
            throw new IllegalStateException("Pipeline " + definition.name() + " is " + state + ", not running");
        }
        if (running.containsKey(to)) {
            return;
        }
        ChangeStream next = streams.open(definition, to, false, options, this);
        running.put(to, next);
        state = PipelineState.SWITCHING;
        try {
            awaitStreaming(next, options.drainTimeout());
        }
        catch (Exception ex) {
            running.remove(to).close();
            state = PipelineState.RUNNING;
            throw ex;
        }
    }

    /**
     * Switches to {@code to} for cutover; call it once the old side takes no more writes. Prepares the switch if
     * needed, fences identity sequences (state {@link PipelineState#DRAINING}: the new side may take writes now),
     * drains the old direction to lag zero, stops it, and records the new direction. The old direction's slot stays,
     * so that switching back resumes where it stopped.
     */
    public synchronized void switchDirection(Direction to) throws Exception {
        if (state == PipelineState.STOPPED || state == PipelineState.FAILED) {
            // Not running: just record the direction for the next start.
            direction = to;
            DirectionStore.write(definition.target(), definition.name(), to);
            return;
        }
        if (to == direction && running.size() == 1) {
            return;
        }
        Direction from = to.opposite();
        try {
            prepareSwitch(to);
            IdentityFence.raise(definition, to);
            state = PipelineState.DRAINING;
            drain(from, options.drainTimeout());
            ChangeStream old = running.remove(from);
            old.advanceIdentitySequences();
            old.close();
            direction = to;
            DirectionStore.write(definition.target(), definition.name(), to);
            state = PipelineState.RUNNING;
            log.info("Pipeline {} switched from {} to {}", definition.name(), from, to);
        }
        catch (Exception ex) {
            state = running.isEmpty() ? PipelineState.FAILED : PipelineState.SWITCHING;
            lastError = "switch to " + to + " failed: " + ex.getMessage();
            throw ex;
        }
    }

    /** Whether a stream of this direction is running (both are, while switching). */
    public boolean isRunning(Direction stream) {
        return running.containsKey(stream);
    }

    /** Records a failure that happened outside a stream (e.g. at start-up). */
    public void markFailed(String reason) {
        lastError = reason;
        state = PipelineState.FAILED;
    }

    public PipelineStatus status() {
        Map<String, Long> counts = new LinkedHashMap<>();
        applied.forEach((table, count) -> counts.put(table, count.get()));
        return new PipelineStatus(definition.name(), state, direction, lagMillis(), counts, duplicates.get(),
                loopGuarded.get(), lastError);
    }

    /** Now minus the newest source time applied; 0 when stopped (nothing is expected to move). */
    public long lagMillis() {
        if (state == PipelineState.STOPPED) {
            return 0;
        }
        return Math.max(0, System.currentTimeMillis() - newestAppliedMillis.get());
    }

    @Override
    public void batchApplied(Direction stream, ApplyResult result, Duration took) {
        if (result.newestSourceMillis() > 0) {
            newestAppliedMillis.accumulateAndGet(result.newestSourceMillis(), Math::max);
        }
        String pipeline = definition.name();
        String dir = stream.name().toLowerCase(java.util.Locale.ROOT);
        result.appliedByTable().forEach((table, kinds) -> kinds.forEach((kind, count) -> {
            applied.computeIfAbsent(table, t -> new AtomicLong()).addAndGet(count);
            Counter.builder("strangler.sync.changes").description("Row changes applied").tag("pipeline", pipeline)
                    .tag("direction", dir).tag("table", table).tag("kind", kind.toLowerCase(java.util.Locale.ROOT))
                    .register(meters).increment(count);
        }));
        if (result.duplicates() > 0) {
            duplicates.addAndGet(result.duplicates());
            Counter.builder("strangler.sync.duplicates").description("Redelivered changes skipped")
                    .tag("pipeline", pipeline).tag("direction", dir).register(meters).increment(result.duplicates());
        }
        if (result.loopGuarded() > 0) {
            loopGuarded.addAndGet(result.loopGuarded());
            Counter.builder("strangler.sync.loop.guarded").description("Changes written by an applier, dropped")
                    .tag("pipeline", pipeline).tag("direction", dir).register(meters).increment(result.loopGuarded());
        }
        Timer.builder("strangler.sync.batches").description("Batch apply time").tag("pipeline", pipeline)
                .tag("direction", dir).register(meters).record(took);
        for (String marker : result.markers()) {
            CompletableFuture<Void> waiting = markers.get(marker);
            if (waiting != null) {
                waiting.complete(null);
            }
        }
    }

    @Override
    public void failed(Direction stream, Throwable failure) {
        lastError = stream + ": " + failure.getMessage();
        log.error("Pipeline {} failed in direction {}", definition.name(), stream, failure);
        synchronized (this) {
            ChangeStream broken = running.remove(stream);
            if (broken != null) {
                // Closing from the engine's own callback thread would wait for itself; close elsewhere.
                new Thread(broken::close, "close-" + definition.name()).start();
            }
            if (running.isEmpty()) {
                state = PipelineState.FAILED;
            }
        }
    }

    private static void awaitStreaming(ChangeStream stream, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!stream.isStreaming()) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("The " + stream.direction() + " stream did not start within " + timeout);
            }
            Thread.sleep(50);
        }
    }
}
