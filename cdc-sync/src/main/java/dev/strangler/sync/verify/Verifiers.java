package dev.strangler.sync.verify;

import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import java.sql.SQLException;
import java.time.Duration;

/** The app's verifier for each configured pipeline, with the compare rules and limits of its settings. */
public final class Verifiers {

    private final VerifierSettings settings;

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
        Verifier verifier = new Verifier(pipeline, running ? options : options.withSettleTimeout(Duration.ZERO));
        return repair ? verifier.verifyAndRepair(direction) : verifier.verify(direction);
    }
}
