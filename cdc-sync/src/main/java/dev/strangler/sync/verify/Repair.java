package dev.strangler.sync.verify;

import dev.strangler.sync.mapping.TableMapping;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import org.jspecify.annotations.Nullable;
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

    /**
     * Touches the source rows of {@code keys} of {@code mapping}; how many rows it touched.
     *
     * @param ordered how the key is looked up when it is not an integer key (see {@link CanonicalRows#keyColumns})
     */
    static int touch(Connection source, String pipeline, TableMapping mapping, List<RowKey> keys,
            CanonicalRows.@Nullable OrderedKey ordered) throws SQLException {
        String column = mapping.key().get(0);
        String where = ordered == null ? column + " = ANY(?::bigint[])" : ordered.in();
        try (PreparedStatement touch = source.prepareStatement("UPDATE " + mapping.source() + " SET " + column + " = "
                + column + " WHERE " + where)) {
            if (ordered == null) {
                touch.setArray(1, source.createArrayOf("bigint", keys.stream().map(RowKey::first).toArray()));
            }
            else {
                ordered.bind(touch, keys);
            }
            int touched = touch.executeUpdate();
            log.info("Repair of pipeline {}: touched {} rows of {} so that the pipeline carries them again", pipeline,
                    touched, mapping.source());
            return touched;
        }
    }
}
