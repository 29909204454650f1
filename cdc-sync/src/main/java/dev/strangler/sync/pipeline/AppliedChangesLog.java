package dev.strangler.sync.pipeline;

import dev.strangler.sync.capture.SourceChange;
import dev.strangler.sync.capture.SourcePosition;
import dev.strangler.sync.mapping.RowChange;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At DEBUG (logger {@code dev.strangler.sync.pipeline.AppliedChangesLog}), one line per batch and per row change a
 * stream hands to its applier: table, kind, key, replication origin, {@code [last commit LSN, event LSN]} and
 * Debezium's offset (with the transaction id). Enough to tell a skipped change from an echo or a duplicate when two
 * databases disagree on how often a row was written.
 */
final class AppliedChangesLog {

    private static final Logger log = LoggerFactory.getLogger(AppliedChangesLog.class);

    private AppliedChangesLog() {
    }

    static void batch(String stream, @Nullable SourcePosition stored, List<SourceChange> changes) {
        if (!log.isDebugEnabled()) {
            return;
        }
        log.debug("{}: batch of {}, stored position {}", stream, changes.size(),
                stored == null ? "none" : "[" + stored.commitLsn() + ", " + stored.lsn() + "]");
        for (SourceChange change : changes) {
            RowChange row = change.row();
            if (row == null) {
                log.debug("{}:   {} [{}, {}]", stream, change.kind(), change.position().commitLsn(),
                        change.position().lsn());
                continue;
            }
            Map<String, ?> image = row.after() != null ? row.after() : row.before();
            log.debug("{}:   {} {} id={} origin={} [{}, {}] snapshot={} offset={}", stream, row.table(), row.kind(),
                    image == null ? null : image.get("id"), change.origin(), change.position().commitLsn(),
                    change.position().lsn(), change.position().snapshot(), change.position().offsetJson());
        }
    }
}
