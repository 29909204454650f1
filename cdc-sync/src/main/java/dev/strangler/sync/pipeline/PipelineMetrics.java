package dev.strangler.sync.pipeline;

import dev.strangler.sync.apply.ApplyResult;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.stray.PipelineSlots;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The meters of one pipeline, registered once: gauges and per-direction meters when the pipeline is made, a
 * per-table counter the first time its table is applied. A batch then only increments (the apply path of every
 * batch used to build and look up each meter again).
 */
final class PipelineMetrics {

    private final String pipeline;
    private final MeterRegistry meters;
    private final Counter strayWrites;
    private final Map<Direction, Counter> duplicates = new EnumMap<>(Direction.class);
    private final Map<Direction, Counter> loopGuarded = new EnumMap<>(Direction.class);
    private final Map<Direction, Timer> batches = new EnumMap<>(Direction.class);
    private final Map<String, Counter> changes = new ConcurrentHashMap<>();

    PipelineMetrics(SyncPipeline observed, PipelineDefinition definition, PipelineSlots slots, ApplyRate rate,
            MeterRegistry meters) {
        this.pipeline = definition.name();
        this.meters = meters;
        Gauge.builder("strangler.sync.lag", observed, SyncPipeline::lagMillis).baseUnit("milliseconds")
                .description("How far applied changes trail the source").tag("pipeline", pipeline).register(meters);
        Gauge.builder("strangler.sync.lag.bytes", observed, SyncPipeline::lagBytes).baseUnit("bytes")
                .description("WAL bytes between the captured database's current position and the newest applied")
                .tag("pipeline", pipeline).register(meters);
        Gauge.builder("strangler.sync.rate", rate, r -> r.perSecond(System.currentTimeMillis()))
                .baseUnit("changes/s").description("Row changes applied per second over the last ten seconds")
                .tag("pipeline", pipeline).register(meters);
        this.strayWrites = Counter.builder("strangler.sync.stray.writes")
                .description("Writes made directly on a legacy table after cutover (not carried to the service)")
                .tag("pipeline", pipeline).register(meters);
        for (Direction direction : Direction.values()) {
            Gauge.builder("strangler.sync.slot.retained.bytes", slots, s -> s.retainedWalBytes(direction))
                    .baseUnit("bytes").description("WAL a replication slot of the pipeline keeps from removal, "
                            + "active or not (-1: no slot)")
                    .tag("pipeline", pipeline).tag("slot", definition.streamName(direction)).register(meters);
            String dir = name(direction);
            duplicates.put(direction, Counter.builder("strangler.sync.duplicates")
                    .description("Redelivered changes skipped").tag("pipeline", pipeline).tag("direction", dir)
                    .register(meters));
            loopGuarded.put(direction, Counter.builder("strangler.sync.loop.guarded")
                    .description("Changes written by an applier, dropped").tag("pipeline", pipeline)
                    .tag("direction", dir).register(meters));
            batches.put(direction, Timer.builder("strangler.sync.batches").description("Batch apply time")
                    .tag("pipeline", pipeline).tag("direction", dir).register(meters));
        }
    }

    void batchApplied(Direction direction, ApplyResult result, Duration took) {
        result.appliedByTable().forEach((table, kinds) -> kinds.forEach((kind, count) -> changes
                .computeIfAbsent(name(direction) + '\u0000' + table + '\u0000' + kind, key -> Counter
                        .builder("strangler.sync.changes").description("Row changes applied")
                        .tag("pipeline", pipeline).tag("direction", name(direction)).tag("table", table)
                        .tag("kind", kind.toLowerCase(Locale.ROOT)).register(meters))
                .increment(count)));
        if (result.duplicates() > 0) {
            duplicates.get(direction).increment(result.duplicates());
        }
        if (result.loopGuarded() > 0) {
            loopGuarded.get(direction).increment(result.loopGuarded());
        }
        batches.get(direction).record(took);
    }

    void strayWritesRecorded(int count) {
        strayWrites.increment(count);
    }

    /** A resync is rare: its two counters are registered (or found) when it ends. */
    void resynced(ResyncSummary summary) {
        Counter.builder("strangler.sync.resync.rows").description("Rows copied or deleted by a table resync")
                .tag("pipeline", pipeline).tag("table", summary.table()).tag("kind", "copied").register(meters)
                .increment(summary.rowsCopied());
        Counter.builder("strangler.sync.resync.rows").description("Rows copied or deleted by a table resync")
                .tag("pipeline", pipeline).tag("table", summary.table()).tag("kind", "deleted").register(meters)
                .increment(summary.rowsDeleted());
    }

    private static String name(Direction direction) {
        return direction.name().toLowerCase(Locale.ROOT);
    }
}
