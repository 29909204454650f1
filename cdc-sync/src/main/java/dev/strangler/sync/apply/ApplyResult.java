package dev.strangler.sync.apply;

import dev.strangler.sync.capture.SourcePosition;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one committed batch did.
 *
 * @param appliedByTable row changes applied, by captured table ({@code public.customers}) and kind ({@code INSERT})
 * @param duplicates row changes skipped because the stored position already covered them (redelivery after a crash)
 * @param loopGuarded row changes dropped because an applier wrote them (second loop guard)
 * @param markers drain markers seen in the batch
 * @param newestSourceMillis the newest source commit (or heartbeat) time in the batch, 0 if none
 */
public record ApplyResult(Map<String, Map<String, Long>> appliedByTable, int duplicates, int loopGuarded,
        List<String> markers, long newestSourceMillis, @Nullable SourcePosition position) {

    public long applied() {
        return appliedByTable.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
    }
}
