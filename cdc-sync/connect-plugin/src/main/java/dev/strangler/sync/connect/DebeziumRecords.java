package dev.strangler.sync.connect;

import dev.strangler.sync.capture.ChangeDecoder;
import dev.strangler.sync.capture.SourceChange;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.sink.SinkRecord;
import org.jspecify.annotations.Nullable;

/**
 * Debezium's records as a sink sees them, decoded by cdc-sync's own {@link ChangeDecoder}. In-process the decoder
 * also gets Debezium's source offset; a Connect sink gets only the record, so the parts of the offset the applier
 * orders by are taken from the record's {@code source} block: {@code lsn}, the last commit LSN from {@code sequence}
 * ({@code ["<last commit lsn>","<lsn>"]}, Debezium's documented de-duplication key) and whether it is a snapshot read.
 */
final class DebeziumRecords {

    private static final Pattern SEQUENCE = Pattern.compile("\\[\\s*(null|\"(\\d*)\")\\s*,");

    private final ChangeDecoder decoder = new ChangeDecoder();

    SourceChange decode(SinkRecord record) {
        return decoder.decode(record.topic(), record.value(), offset(record.value()));
    }

    static Map<String, ?> offset(@Nullable Object value) {
        Map<String, Object> offset = new HashMap<>();
        if (!(value instanceof Struct envelope) || envelope.schema().field("source") == null) {
            return offset;
        }
        Struct source = envelope.getStruct("source");
        if (source == null) {
            return offset;
        }
        if (source.schema().field("lsn") != null && source.get("lsn") != null) {
            offset.put("lsn", ((Number) source.get("lsn")).longValue());
        }
        Long commitLsn = source.schema().field("sequence") != null ? lastCommit(source.getString("sequence")) : null;
        if (commitLsn != null) {
            offset.put("lsn_commit", commitLsn);
        }
        Object snapshot = source.schema().field("snapshot") != null ? source.get("snapshot") : null;
        if (snapshot != null && !"false".equals(String.valueOf(snapshot))) {
            offset.put("snapshot", true);
        }
        return offset;
    }

    private static @Nullable Long lastCommit(@Nullable String sequence) {
        if (sequence == null) {
            return null;
        }
        Matcher matcher = SEQUENCE.matcher(sequence);
        return matcher.find() && matcher.group(2) != null && !matcher.group(2).isEmpty()
                ? Long.parseLong(matcher.group(2)) : null;
    }
}
