package dev.strangler.bench.cdc;

import dev.strangler.sync.capture.ChangeCapture;
import dev.strangler.sync.mapping.DatabaseEndpoint;
import dev.strangler.sync.mapping.TableName;
import dev.strangler.testsupport.postgres.TestPostgres;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

/**
 * Debezium's embedded engine, configured as the kit configures it (same {@link ChangeCapture}: pgoutput, slot,
 * filtered publication, batch handling), draining to a consumer that only notes when each row arrived. What the
 * kit does beyond this (decode, map, upsert, store the position, commit) is what its figures cost over this one.
 */
final class NoOpDrain implements CdcSubject {

    private final String source;
    private final String stream;
    private final DatabaseEndpoint endpoint;
    private final ChangeCapture capture;
    private final AtomicLongArray arrivedMicros;
    private final AtomicLongArray lagMicros;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    private NoOpDrain(TestPostgres postgres, String stream, String source, boolean snapshot, int maxId) {
        this.source = source;
        this.stream = stream;
        this.endpoint = new DatabaseEndpoint(postgres.jdbcUrl(source), postgres.username(), postgres.password());
        this.arrivedMicros = new AtomicLongArray(maxId + 1);
        this.lagMicros = new AtomicLongArray(maxId + 1);
        this.capture = ChangeCapture.startWithRecords(new ChangeCapture.Spec(stream, endpoint,
                Set.of(TableName.parse(NarrowTable.NAME)), snapshot, Duration.ofSeconds(5), Duration.ofMillis(10),
                endpoint, true), this::drain, error -> {
                    if (error != null) {
                        failure.set(error);
                    }
                });
    }

    /** Starts draining {@code source}'s narrow table; ids up to {@code maxId} are tracked. */
    static NoOpDrain start(TestPostgres postgres, String stream, String source, boolean snapshot, int maxId) {
        return new NoOpDrain(postgres, stream, source, snapshot, maxId);
    }

    private void drain(List<SourceRecord> records) {
        long now = nowMicros();
        for (SourceRecord record : records) {
            if (!record.topic().endsWith("." + NarrowTable.NAME) || !(record.value() instanceof Struct value)) {
                continue;
            }
            Struct after = value.getStruct("after");
            if (after == null) {
                continue;
            }
            int id = Math.toIntExact(after.getInt64("id"));
            arrivedMicros.set(id, now);
            Instant written = Instant.parse(after.getString("written_at"));
            lagMicros.set(id, now - ChronoUnit.MICROS.between(Instant.EPOCH, written));
        }
    }

    static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    @Override
    public String name() {
        return "Debezium → no-op consumer";
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public long awaitArrived(long from, long to, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long last = 0;
        for (long id = from; id <= to; id++) {
            long at;
            while ((at = arrivedMicros.get((int) id)) == 0) {
                if (failure.get() != null) {
                    throw new IllegalStateException("the no-op drain stopped", failure.get());
                }
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException(name() + ": row " + id + " of " + from + ".." + to
                            + " did not arrive within " + timeout);
                }
                Thread.sleep(10);
            }
            last = Math.max(last, at);
        }
        return last;
    }

    @Override
    public List<Long> lagsMicros(long from, long to) {
        List<Long> lags = new ArrayList<>();
        for (long id = from; id <= to; id++) {
            lags.add(lagMicros.get((int) id));
        }
        return lags;
    }

    @Override
    public void close() {
        capture.close();
        try {
            ChangeCapture.dropStream(endpoint, stream);
        }
        catch (Exception ex) {
            throw new IllegalStateException("could not drop the slot of " + stream, ex);
        }
    }
}
