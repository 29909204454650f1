package dev.strangler.sync.apply;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.testsupport.postgres.TestPostgres;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Appliers that open at the same moment on one target database (the tasks of a Kafka Connect sink, the appliers of
 * a consumer group) each create the deferred-writes table if it is missing; none of them may fail for it.
 */
class DeferredWritesOpenIntegrationTests {

    private static final int APPLIERS = 8;

    private final TestPostgres postgres = TestPostgres.shared();

    @Test
    void appliersOpeningTogetherOnAFreshDatabaseAllOpen() throws Exception {
        for (int round = 0; round < 3; round++) {
            String database = postgres.createDatabase("deferred_open");
            CyclicBarrier together = new CyclicBarrier(APPLIERS);
            ExecutorService pool = Executors.newFixedThreadPool(APPLIERS);
            try {
                List<Future<Void>> opened = new ArrayList<>();
                for (int applier = 0; applier < APPLIERS; applier++) {
                    String stream = "stream_" + applier;
                    opened.add(pool.submit((Callable<Void>) () -> {
                        try (Connection connection = postgres.connect(database)) {
                            together.await(30, TimeUnit.SECONDS);
                            new DeferredWrites(stream, Duration.ofMinutes(1)).open(connection);
                        }
                        return null;
                    }));
                }
                for (Future<Void> open : opened) {
                    open.get(60, TimeUnit.SECONDS);
                }
            }
            finally {
                pool.shutdownNow();
            }
            try (Connection connection = postgres.connect(database)) {
                assertThat(connection.getMetaData().getTables(null, "public", "strangler_sync_deferred", null).next())
                    .isTrue();
            }
        }
    }
}
