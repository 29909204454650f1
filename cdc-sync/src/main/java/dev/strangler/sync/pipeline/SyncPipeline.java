package dev.strangler.sync.pipeline;

import dev.strangler.sync.apply.ApplyResult;
import dev.strangler.sync.apply.ChangeApplier;
import dev.strangler.sync.capture.CapturePreflight;
import dev.strangler.sync.capture.ChangeCapture;
import dev.strangler.sync.capture.Lsn;
import dev.strangler.sync.capture.SourcePositions;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.TableMapping;
import dev.strangler.sync.mapping.TableName;
import dev.strangler.sync.stray.PipelineSlots;
import dev.strangler.sync.stray.SlotStatus;
import dev.strangler.sync.stray.StrayWrite;
import dev.strangler.sync.stray.StrayWriteSummary;
import dev.strangler.sync.stray.StrayWriteWatch;
import dev.strangler.sync.stray.StrayWrites;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int LAST_STRAY_WRITES = 20;
    private static final String INVALIDATED = " was invalidated by PostgreSQL";

    private final PipelineDefinition definition;
    private final SyncOptions options;
    private final ChangeStreams streams;
    private final Map<Direction, ChangeStream> running = java.util.Collections.synchronizedMap(new EnumMap<>(Direction.class));
    private final Map<String, CompletableFuture<Void>> markers = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> applied = new ConcurrentHashMap<>();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong loopGuarded = new AtomicLong();
    private final AtomicLong newestAppliedMillis = new AtomicLong();
    private final Map<Direction, AtomicLong> appliedLsn = new EnumMap<>(Map.of(Direction.FORWARD, new AtomicLong(-1),
            Direction.REVERSE, new AtomicLong(-1)));
    private final ApplyRate rate = new ApplyRate();
    private volatile Direction direction;
    private volatile PipelineState state = PipelineState.STOPPED;
    private volatile @Nullable String lastError;
    /** Set by prepare-switch, checked and cleared by the switch. */
    private @Nullable IdentityFence fence;
    /** The reverse direction, kept running for a while after a rollback (see {@link #switchDirection}). */
    private @Nullable Tail tail;
    private final StrayWrites strayWrites;
    private final PipelineSlots slots;
    private final PipelineMetrics metrics;
    private final List<Consumer<List<StrayWrite>>> strayWriteListeners = new CopyOnWriteArrayList<>();
    private volatile @Nullable StrayWriteWatch watch;
    private volatile @Nullable String watchError;
    private volatile @Nullable CopyProgress initialCopy;
    private volatile @Nullable String atRollback;
    /** Where the pipeline runs when it was moved out of cdc-sync (stored with its direction); null while here. */
    private volatile @Nullable RunsOn runsOn;
    private volatile Consumer<ReplicaIdentitySet> databaseChanges = change -> { };

    public SyncPipeline(PipelineDefinition definition, SyncOptions options, ChangeStreams streams,
            MeterRegistry meters) {
        this.definition = definition;
        this.options = options;
        this.streams = streams;
        this.direction = definition.direction();
        this.strayWrites = new StrayWrites(definition.target(), definition.name());
        this.slots = new PipelineSlots(definition);
        this.metrics = new PipelineMetrics(this, definition, slots, rate, meters);
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
        Optional<DirectionStore.Stored> stored = DirectionStore.read(definition.target(), definition.name());
        direction = stored.map(DirectionStore.Stored::direction).orElse(definition.direction());
        runsOn = stored.map(DirectionStore.Stored::runsOn).orElse(null);
        requireRunsHere();
        lastError = null;
        // A slot read before this start may be one dropped since (the resync out of an invalidated slot drops it and
        // starts again at once): judged against that reading, the running pipeline would be marked failed.
        slots.forget();
        newestAppliedMillis.set(System.currentTimeMillis());
        preflight(direction);
        // Only the forward direction snapshots: the legacy database holds the data the service starts from.
        running.put(direction, streams.open(definition, direction, direction == Direction.FORWARD, options, this));
        DirectionStore.write(definition.target(), definition.name(), direction);
        state = PipelineState.RUNNING;
        log.info("Pipeline {} runs {}", definition.name(), direction);
        if (direction == Direction.FORWARD) {
            // Started again inside a rollback's tail (cdc-sync restarted or killed during it): the tail runs on.
            @Nullable Instant tailUntil = stored.map(DirectionStore.Stored::tailUntil).orElse(null);
            if (tailUntil != null) {
                running.put(Direction.REVERSE, streams.open(definition, Direction.REVERSE, false, options, this));
                holdIdentitySequences(true);
                keepTail(Direction.REVERSE, tailUntil);
            }
        }
        if (direction == Direction.REVERSE) {
            startStrayWriteWatch();
        }
    }

    /**
     * Records that the pipeline runs on {@code where} from now on, then stops it here (the record first, so that no
     * restart in between starts it again); or, with null, that it runs here again (it is not started: that is a
     * start of its own, once the other engine stopped). Refused while both directions run for a switch.
     */
    public synchronized void runOn(@Nullable RunsOn where) throws SQLException {
        if (where != null && running.size() > 1) {
            throw new IllegalStateException("Pipeline " + name() + " is " + state + " with both directions running: "
                    + "move it once the switch is done");
        }
        DirectionStore.writeRunsOn(definition.target(), name(), direction, where);
        runsOn = where;
        if (where != null) {
            stop();
            log.info("Pipeline {} runs on {} at {} (connectors {}); cdc-sync does not start it until it is moved "
                    + "back", name(), where.engine(), where.url(), where.connectors());
        }
        else {
            log.info("Pipeline {} runs in cdc-sync again", name());
        }
    }

    /** Reads where the pipeline runs (a start reads it too), for the status of one that does not start on its own. */
    void readWhereItRuns() {
        try {
            runsOn = DirectionStore.readIfStored(definition.target(), definition.name())
                    .map(DirectionStore.Stored::runsOn).orElse(null);
        }
        catch (SQLException ex) {
            log.debug("Where pipeline {} runs is unknown", name(), ex);
        }
    }

    /** Where the pipeline runs instead of here; null while here. */
    public @Nullable RunsOn runsOn() {
        return runsOn;
    }

    /** Refuses what would make cdc-sync read or write for a pipeline another engine runs now. */
    private void requireRunsHere() {
        RunsOn elsewhere = runsOn;
        if (elsewhere != null) {
            throw new RunsElsewhereException(elsewhere.refusal(name()));
        }
    }

    /** A start or a switch of a pipeline that runs on another engine. */
    static final class RunsElsewhereException extends IllegalStateException {

        RunsElsewhereException(String message) {
            super(message);
        }
    }

    public synchronized void stop() {
        stopStrayWriteWatch();
        tail = null;
        running.values().forEach(ChangeStream::close);
        running.clear();
        fence = null;
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
     * First half of a switch, to be called before any write moves to the {@code to} side: starts the {@code to}
     * direction from now on (no snapshot) next to the running one, and once it streams, fences identities: the
     * {@code to} side's sequences jump past every id either side has handed out plus
     * {@link SyncOptions#identityHeadroom()} (see {@link IdentityFence}). From then on a write on either side is
     * carried across exactly once, and the two sides hand out different ids.
     */
    public synchronized void prepareSwitch(Direction to) throws Exception {
        requireRunsHere();
        if (state != PipelineState.RUNNING && state != PipelineState.SWITCHING) {
            throw new IllegalStateException("Pipeline " + definition.name() + " is " + state + ", not running");
        }
        if (tail != null) {
            // Switching again (cutover after a rollback): the tail ends first, so that this switch fences and drains
            // as any other.
            endTail(tail);
        }
        if (running.containsKey(to)) {
            return;
        }
        preflight(to);
        if (to == Direction.FORWARD) {
            // The watch reads the forward slot; forward sync takes it over from where the watch stopped.
            stopStrayWriteWatch();
        }
        ChangeStream next;
        try {
            next = streams.open(definition, to, false, options, this);
        }
        catch (Exception ex) {
            resumeStrayWriteWatch();
            throw ex;
        }
        running.put(to, next);
        state = PipelineState.SWITCHING;
        try {
            awaitStreaming(next, options.drainTimeout());
            // Until the switch is done no applier moves a sequence: it would push the side that still hands out ids
            // into the range the fence leaves to the other side.
            holdIdentitySequences(true);
            fence = IdentityFence.raise(definition, to, options.identityHeadroom());
        }
        catch (Exception ex) {
            running.remove(to).close();
            holdIdentitySequences(false);
            state = PipelineState.RUNNING;
            resumeStrayWriteWatch();
            throw ex;
        }
    }

    /**
     * Switches to {@code to} for cutover; call it once the old side takes no more writes. Prepares the switch if
     * needed (which fences identities), state {@link PipelineState#DRAINING} (the new side may take writes now),
     * drains the old direction to lag zero, checks that the old side handed out no id past the identity fence
     * (refuses otherwise, both directions still running), stops the old direction, and records the new direction. The
     * old direction's slot stays, so that switching back resumes where it stopped.
     *
     * <p>A rollback (to forward) keeps the reverse direction running for {@link SyncOptions#rollbackTail()} after
     * the drain: the proxy's hold waited only for the requests in flight, not for work the service goes on with by
     * itself (a saga its sweep resumes once a killed run's claim runs out, a scheduled job). What it still writes
     * then is carried to the shared database as before; nothing else writes to the service, so nothing loops. The
     * tail ends on its own, or at once with the next switch or a stop. A cutover has no such tail: what the monolith
     * writes after it is a stray write, recorded and replayed only on request.
     */
    public synchronized void switchDirection(Direction to) throws Exception {
        requireRunsHere();
        if (state == PipelineState.STOPPED || state == PipelineState.FAILED) {
            // Not running: just record the direction for the next start.
            direction = to;
            DirectionStore.write(definition.target(), definition.name(), to);
            return;
        }
        if (tail != null && to == direction) {
            // Asked again for the direction it already runs: the tail ends now instead of later.
            endTail(tail);
            return;
        }
        if (to == direction && running.size() == 1) {
            return;
        }
        Direction from = to.opposite();
        try {
            prepareSwitch(to);
            state = PipelineState.DRAINING;
            drain(from, options.drainTimeout());
            if (fence != null && fence.direction() == to) {
                fence.check();
            }
            fence = null;
            direction = to;
            DirectionStore.write(definition.target(), definition.name(), to);
            state = PipelineState.RUNNING;
            if (to == Direction.FORWARD && !options.rollbackTail().isZero()) {
                Instant until = Instant.now().plus(options.rollbackTail());
                // Stored with the direction, so that a restart inside the tail runs it on.
                DirectionStore.writeTail(definition.target(), definition.name(), until);
                keepTail(from, until);
                log.info("Pipeline {} switched from {} to {}", definition.name(), from, to);
            }
            else {
                retire(from);
                log.info("Pipeline {} switched from {} to {}", definition.name(), from, to);
            }
            afterSwitch(to);
        }
        catch (Exception ex) {
            state = running.isEmpty() ? PipelineState.FAILED : PipelineState.SWITCHING;
            lastError = "switch to " + to + " failed: " + ex.getMessage();
            throw ex;
        }
    }

    /**
     * Whether both directions run for a switch. A rollback's tail does not count: forward is the direction then, and
     * the reverse stream only carries what the service still writes, never what the forward applier wrote.
     */
    private boolean switching() {
        return running.size() > 1 && tail == null;
    }

    /** A direction kept running after the switch away from it, until {@code until}. */
    private record Tail(Direction direction, Instant until) {
    }

    /** Keeps the running {@code old} direction until {@code until}, then stops it. */
    private void keepTail(Direction old, Instant until) {
        Tail kept = new Tail(old, until);
        tail = kept;
        long millis = Math.max(0, Duration.between(Instant.now(), until).toMillis());
        CompletableFuture.runAsync(() -> endTail(kept), CompletableFuture.delayedExecutor(millis,
                TimeUnit.MILLISECONDS));
        log.info("Pipeline {}: {} keeps running until {} for what the service still finishes on its own",
                definition.name(), old, until);
    }

    /** Ends {@code ending} unless it already ended (a later switch, a stop, or a newer tail took its place). */
    private synchronized void endTail(Tail ending) {
        if (tail != ending) {
            return;
        }
        tail = null;
        try {
            DirectionStore.writeTail(definition.target(), definition.name(), null);
        }
        catch (SQLException ex) {
            // Stored, it ends by its time: a restart before then runs it on, one after does not.
            log.warn("Pipeline {}: the end of the rollback tail was not stored", definition.name(), ex);
        }
        if (running.containsKey(ending.direction())) {
            try {
                retire(ending.direction());
                log.info("Pipeline {}: the tail of {} after the rollback ended", definition.name(),
                        ending.direction());
            }
            catch (Exception ex) {
                log.warn("Pipeline {}: the sequences were not advanced as the tail of {} ended", definition.name(),
                        ending.direction(), ex);
            }
        }
    }

    /** Stops the old direction of a switch; its slot stays, so that switching back resumes where it stopped. */
    private void retire(Direction old) throws Exception {
        ChangeStream stream = running.remove(old);
        try {
            stream.advanceIdentitySequences();
        }
        finally {
            stream.close();
            holdIdentitySequences(false);
        }
    }

    private void holdIdentitySequences(boolean hold) {
        List<ChangeStream> streams;
        synchronized (running) {
            streams = List.copyOf(running.values());
        }
        streams.forEach(stream -> stream.holdIdentitySequences(hold));
    }

    /**
     * Copies one mapped source table to the service again through the mapping (see {@link TableResync}), safely
     * while the forward stream runs, or with the pipeline stopped. Refused in reverse, during a switch, and for the
     * Kafka transport (several appliers; not built yet).
     *
     * @param table a source table of the mapping, {@code table} or {@code schema.table}
     * @throws IllegalArgumentException naming {@code table} when it is not a source table of this pipeline
     */
    public synchronized ResyncSummary resync(String table) throws Exception {
        TableMapping mapping = mappedSource(table);
        if (direction != Direction.FORWARD || switching()) {
            throw new IllegalStateException("Pipeline " + name() + " runs " + direction + (switching()
                    ? " and is switching" : "") + ": a resync copies the shared database to the service, forward only");
        }
        ChangeStream stream = running.get(Direction.FORWARD);
        ResyncSummary summary;
        if (stream == null) {
            // Stopped: nothing else holds the stream's origin, so a short-lived applier writes under it.
            try (ChangeApplier applier = new ChangeApplier(definition.streamName(Direction.FORWARD),
                    definition.applied(Direction.FORWARD), definition.plan(Direction.FORWARD), true)) {
                applier.open();
                summary = TableResync.run(definition.streamName(Direction.FORWARD), mapping,
                        definition.captured(Direction.FORWARD), definition.plan(Direction.FORWARD), applier);
            }
        }
        else {
            ChangeApplier applier = stream.soleApplier();
            if (applier == null) {
                throw new IllegalStateException("Pipeline " + name() + " runs over Kafka: resync needs the in-process "
                        + "transport (one applier) for now");
            }
            summary = TableResync.run(definition.streamName(Direction.FORWARD), mapping,
                    definition.captured(Direction.FORWARD), definition.plan(Direction.FORWARD), applier);
        }
        metrics.resynced(summary);
        log.info("Pipeline {} resynced {}: {} rows copied, {} deleted in {} ms", name(), summary.table(),
                summary.rowsCopied(), summary.rowsDeleted(), summary.tookMillis());
        return summary;
    }

    /** Who hears of a change capture made to a captured database because the pipeline opted in (the app audits). */
    public void onDatabaseChange(Consumer<ReplicaIdentitySet> listener) {
        this.databaseChanges = listener;
    }

    /**
     * Before a slot or publication exists: refuses to capture {@code stream} when a check fails (one line per problem
     * with its fix; nothing changed), and reports each replica identity set because the pipeline opted in.
     */
    private void preflight(Direction stream) {
        List<CapturePreflight.IdentityChange> changes;
        try {
            changes = CapturePreflight.prepare(definition, stream);
        }
        catch (IllegalStateException ex) {
            lastError = ex.getMessage(); // the status shows why a start was refused, not only its caller
            throw ex;
        }
        for (CapturePreflight.IdentityChange change : changes) {
            databaseChanges.accept(new ReplicaIdentitySet(name(), change.table(), change.undo()));
        }
    }

    private TableMapping mappedSource(String table) {
        List<String> mapped = definition.tables().stream().map(m -> m.source().toString()).toList();
        TableName name;
        try {
            name = TableName.parse(table);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("table: " + ex.getMessage() + "; mapped source tables: " + mapped);
        }
        return definition.tables().stream().filter(m -> m.source().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("table: '" + table + "' is not a source table of "
                        + "pipeline " + name() + "; mapped source tables: " + mapped));
    }

    /**
     * Carries recorded stray write {@code id} to the service: the legacy row's current state by its key, through the
     * forward mapping (see {@link StrayWriteReplay}); marks it replayed. Refused during a switch and for the Kafka
     * transport while forward runs (several appliers).
     *
     * @return what was applied, {@code UPSERT} or {@code DELETE}
     * @throws java.util.NoSuchElementException when the pipeline has no stray write {@code id}
     */
    public synchronized String replayStrayWrite(long id, String reason) throws Exception {
        StrayWrite write = strayWrites.find(id).orElseThrow(() -> new java.util.NoSuchElementException(
                "Pipeline " + name() + " has no stray write " + id));
        if (switching()) {
            throw new IllegalStateException("Pipeline " + name() + " is switching direction: replay once it is done");
        }
        TableMapping mapping = mappedSource(write.table());
        StrayWriteReplay.Outcome outcome;
        ChangeStream forward = running.get(Direction.FORWARD);
        if (forward == null) {
            // The forward origin is free (forward does not run): a short-lived applier writes under it, so the
            // reverse direction never carries the replayed row back.
            try (ChangeApplier applier = new ChangeApplier(definition.streamName(Direction.FORWARD),
                    definition.applied(Direction.FORWARD), definition.plan(Direction.FORWARD), true)) {
                applier.open();
                outcome = StrayWriteReplay.run(write, mapping, definition.captured(Direction.FORWARD),
                        definition.plan(Direction.FORWARD), applier, strayWrites, reason);
            }
        }
        else {
            ChangeApplier applier = forward.soleApplier();
            if (applier == null) {
                throw new IllegalStateException("Pipeline " + name() + " runs forward over Kafka: replay needs the "
                        + "in-process transport (one applier) for now");
            }
            outcome = StrayWriteReplay.run(write, mapping, definition.captured(Direction.FORWARD),
                    definition.plan(Direction.FORWARD), applier, strayWrites, reason);
        }
        log.info("Pipeline {} replayed stray write {} ({} {} {}): {}", name(), id, write.operation(), write.table(),
                write.key(), outcome.applied());
        return outcome.applied();
    }

    /** The stray writes recorded for this pipeline whose commit time is at or after {@code since}, oldest first. */
    public List<StrayWrite> strayWritesSince(java.time.Instant since) throws SQLException {
        return strayWrites.since(since);
    }

    /** Tells {@code listener} of each batch of newly recorded stray writes (on the watch's thread; keep it short). */
    public void onStrayWrites(Consumer<List<StrayWrite>> listener) {
        strayWriteListeners.add(listener);
    }

    private void startStrayWriteWatch() {
        if (watch != null) {
            return;
        }
        watchError = null;
        try {
            watch = StrayWriteWatch.start(definition, strayWrites, options.heartbeat(), options.poll(),
                    options.restartBackoff(), recorded -> {
                metrics.strayWritesRecorded(recorded.size());
                strayWriteListeners.forEach(listener -> listener.accept(recorded));
            }, failure -> {
                if (failure != null) {
                    watchError = "stray-write watch on slot " + definition.streamName(Direction.FORWARD)
                            + " stopped: " + failure.getMessage();
                    log.error("Pipeline {}: {}", name(), watchError, failure);
                }
            });
        }
        catch (Exception | LinkageError ex) {
            // Reverse sync itself runs on; health reports the missing watch.
            watchError = "stray-write watch could not start: " + ex.getMessage();
            log.error("Pipeline {}: {}", name(), watchError, ex);
        }
    }

    private void stopStrayWriteWatch() {
        StrayWriteWatch stopping = watch;
        watch = null;
        if (stopping != null) {
            stopping.close();
        }
    }

    /** After a switch back to forward failed: reverse still runs alone, so it is watched again. */
    private void resumeStrayWriteWatch() {
        if (direction == Direction.REVERSE && running.size() == 1 && running.containsKey(Direction.REVERSE)) {
            startStrayWriteWatch();
        }
    }

    private void afterSwitch(Direction to) {
        if (to == Direction.REVERSE) {
            atRollback = null;
            startStrayWriteWatch();
            return;
        }
        // Kept, not carried forward: the service was the writer of record when they were made, so only a person
        // can tell whether the legacy row or the service's should win. They stay recorded and can be replayed.
        StrayWriteSummary summary = strayWriteSummary();
        if (summary.unresolved() > 0) {
            atRollback = summary.unresolved() + " stray write(s) recorded while reverse were kept, not carried "
                    + "forward: list them with GET /pipelines/" + name() + "/stray-writes?since=..., carry each with "
                    + "POST /pipelines/" + name() + "/stray-writes/{id}/replay";
            log.warn("Pipeline {} rolled back to forward: {}", name(), atRollback);
        }
        else {
            atRollback = "no stray write recorded while reverse: nothing to carry forward";
        }
    }

    private StrayWriteSummary strayWriteSummary() {
        try {
            StrayWriteSummary summary = strayWrites.summary(LAST_STRAY_WRITES);
            return new StrayWriteSummary(summary.count(), summary.unresolved(), summary.last(),
                    watch != null && watch.isRunning(), atRollback);
        }
        catch (SQLException ex) {
            log.debug("Stray writes of pipeline {} unknown", name(), ex);
            return new StrayWriteSummary(-1, -1, List.of(), watch != null && watch.isRunning(), atRollback);
        }
    }

    /**
     * A slot the pipeline needs that PostgreSQL invalidated ({@code max_slot_wal_keep_size}) cannot be resumed: the
     * WAL since its last confirmed position is gone. That is a failure with the way out, never silence.
     */
    private List<SlotStatus> checkSlots() {
        List<SlotStatus> current = slots.current();
        if (state == PipelineState.STOPPED) {
            return current;
        }
        for (SlotStatus slot : current) {
            boolean needed = slot.name().equals(definition.streamName(direction))
                    || slot.name().equals(definition.streamName(Direction.FORWARD)) && direction == Direction.REVERSE;
            // Also when the stream already failed on it: Debezium's own words do not say what happened, or what to do.
            String error = lastError;
            if (needed && slot.invalidated() && (error == null || !error.contains(INVALIDATED))) {
                markFailed("replication slot " + slot.name() + " in database " + slot.database() + INVALIDATED
                        + " (wal_status lost: it retained more WAL than max_slot_wal_keep_size); "
                        + "changes after its last confirmed position cannot be read any more. Resync: stop the "
                        + "pipeline, drop the slot and its position row, start again (see cdc-sync README, "
                        + "\"Invalidated slots\")");
                log.error("Pipeline {}: {}", name(), lastError);
            }
        }
        return current;
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
        List<SlotStatus> slotStatus = checkSlots();
        RunsOn elsewhere = runsOn;
        if (elsewhere != null) {
            // Its lag lives with the engine that runs it: the position that engine stores with the rows, against the
            // captured database's WAL. No source time is stored, so the lag in time is unknown.
            Long lsn = appliedElsewhere();
            return new PipelineStatus(definition.name(), PipelineState.ON_CONNECT, direction, -1,
                    lsn == null ? -1 : ChangeCapture.walBytesSince(definition.captured(direction), new Lsn(lsn)), 0,
                    counts, duplicates.get(), loopGuarded.get(), 0, lastError, strayWriteSummary(), slotStatus,
                    watchError, initialCopy, elsewhere.withAppliedLsn(lsn));
        }
        return new PipelineStatus(definition.name(), state, direction, lagMillis(), lagBytes(),
                rate.perSecond(System.currentTimeMillis()), counts, duplicates.get(), loopGuarded.get(),
                deferredWrites(), lastError, strayWriteSummary(), slotStatus, watchError, initialCopy, null);
    }

    /** The newest WAL position another engine applied ({@code strangler_sync_position}); null when unknown. */
    private @Nullable Long appliedElsewhere() {
        try (java.sql.Connection connection = definition.applied(direction).connect()) {
            return SourcePositions.read(connection, definition.streamName(direction))
                    .map(position -> JSON.readTree(position.offsetJson()).get("lsn"))
                    .filter(JsonNode::isNumber).map(JsonNode::asLong).orElse(null);
        }
        catch (SQLException | RuntimeException ex) {
            log.debug("Applied position of pipeline {} unknown", name(), ex);
            return null;
        }
    }

    private int deferredWrites() {
        List<ChangeStream> streams;
        synchronized (running) {
            streams = List.copyOf(running.values());
        }
        // Outside the map's lock: an applier answers between batches, and a batch may call back into this pipeline.
        return streams.stream().map(ChangeStream::soleApplier).filter(java.util.Objects::nonNull)
                .mapToInt(ChangeApplier::deferredWrites).sum();
    }

    /** Now minus the newest source time applied; 0 when stopped (nothing is expected to move). */
    public long lagMillis() {
        if (state == PipelineState.STOPPED) {
            return 0;
        }
        return Math.max(0, System.currentTimeMillis() - newestAppliedMillis.get());
    }

    /**
     * WAL bytes between the captured database's current position and the newest position the running direction
     * applied; -1 when unknown (stopped, nothing applied yet, or the database cannot be reached).
     */
    public long lagBytes() {
        long applied = appliedLsn.get(direction).get();
        if (state == PipelineState.STOPPED || applied < 0) {
            return -1;
        }
        return ChangeCapture.walBytesSince(definition.captured(direction), new Lsn(applied));
    }

    @Override
    public void batchApplied(Direction stream, ApplyResult result, Duration took) {
        if (result.newestSourceMillis() > 0) {
            newestAppliedMillis.accumulateAndGet(result.newestSourceMillis(), Math::max);
        }
        long lsn = newestLsn(result);
        if (lsn >= 0) {
            appliedLsn.get(stream).accumulateAndGet(lsn, Math::max);
        }
        rate.record(result.applied(), System.currentTimeMillis());
        result.appliedByTable().forEach((table, kinds) -> kinds.forEach((kind, count) ->
                applied.computeIfAbsent(table, t -> new AtomicLong()).addAndGet(count)));
        duplicates.addAndGet(result.duplicates());
        loopGuarded.addAndGet(result.loopGuarded());
        metrics.batchApplied(stream, result, took);
        for (String marker : result.markers()) {
            CompletableFuture<Void> waiting = markers.get(marker);
            if (waiting != null) {
                waiting.complete(null);
            }
        }
    }

    @Override
    public void copyProgress(Direction stream, CopyProgress progress) {
        initialCopy = progress;
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

    /** The WAL position of the newest record of a batch (heartbeats included): Debezium's offset {@code lsn}. */
    private static long newestLsn(ApplyResult result) {
        if (result.position() == null) {
            return -1;
        }
        JsonNode lsn = JSON.readTree(result.position().offsetJson()).get("lsn");
        return lsn != null && lsn.isNumber() ? lsn.asLong() : -1;
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
