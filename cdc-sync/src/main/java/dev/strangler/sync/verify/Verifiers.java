package dev.strangler.sync.verify;

import dev.strangler.sync.mapping.DatabaseEndpoint;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The app's verifier for each configured pipeline, with the compare rules and limits of its settings. The
 * verifiers' connections are kept per database between verifications and closed with the app.
 */
public final class Verifiers implements AutoCloseable {

    private final VerifierSettings settings;
    private final Map<DatabaseEndpoint, KeptConnections> connections = new ConcurrentHashMap<>();

    Verifiers(VerifierSettings settings) {
        this.settings = settings;
    }

    /**
     * @param running whether the pipeline runs in {@code direction}; when it does not, differing keys are not waited
     *     for (nothing would carry them) and are reported in flight, unsettled
     * @param repair re-sync drifted keys through the pipeline first ({@link Verifier#verifyAndRepair})
     */
    public DriftReport verify(PipelineDefinition pipeline, Direction direction, boolean running, boolean repair)
            throws SQLException, InterruptedException {
        VerifierOptions options = settings.options(pipeline.name());
        Verifier verifier = new Verifier(pipeline, running ? options : options.withSettleTimeout(Duration.ZERO),
                keptFor(pipeline.source()), keptFor(pipeline.target()));
        return repair ? verifier.verifyAndRepair(direction) : verifier.verify(direction);
    }

    private KeptConnections keptFor(DatabaseEndpoint database) {
        // As many as one verification's lanes of a side: two verifications at once open the others anew.
        return connections.computeIfAbsent(database, d -> new KeptConnections(d, Verifier.LANES));
    }

    /** Closes the kept connections (Spring calls it when the app stops). */
    @Override
    public void close() {
        connections.values().forEach(KeptConnections::close);
    }
}
