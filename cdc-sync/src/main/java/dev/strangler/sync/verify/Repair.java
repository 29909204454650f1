package dev.strangler.sync.verify;

import dev.strangler.sync.mapping.TableMapping;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The repair phase: drifted keys the source still has are carried again by touching their source rows
 * ({@code UPDATE … SET id = id}), so that capture sees them once more and the pipeline's own applier and position
 * apply them. Never writes to the target.
 */
final class Repair {

    private static final Logger log = LoggerFactory.getLogger(Repair.class);

    private Repair() {
    }

    /** Touches the source rows of {@code keys} of {@code mapping}; how many rows it touched. */
    static int touch(Connection source, String pipeline, TableMapping mapping, List<Long> keys) throws SQLException {
        String column = mapping.key().get(0);
        try (PreparedStatement touch = source.prepareStatement("UPDATE " + mapping.source() + " SET " + column + " = "
                + column + " WHERE " + column + " = ANY(?::bigint[])")) {
            touch.setArray(1, source.createArrayOf("bigint", keys.toArray()));
            int touched = touch.executeUpdate();
            log.info("Repair of pipeline {}: touched {} rows of {} so that the pipeline carries them again", pipeline,
                    touched, mapping.source());
            return touched;
        }
    }
}
