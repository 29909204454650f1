package dev.strangler.sync.mapping;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The deterministic UUID a {@code when-null: key-uuid} column gets: a name-based (RFC 4122 version 3) UUID of
 * {@code <schema.table>/<key value>/<key value>…} of the target row. Replays, restarts and the verifier (which
 * computes the same in SQL, see {@link #sql}) all arrive at the same value.
 */
public final class NameUuid {

    private NameUuid() {
    }

    public static UUID of(TableName table, List<?> keyValues) {
        String name = table + keyValues.stream().map(v -> "/" + v).collect(Collectors.joining());
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The same in PostgreSQL for key expressions of integer or text type: md5 of the name, with the version nibble
     * set to 3 and the variant bits to 10.
     */
    public static String sql(TableName table, List<String> keyExpressions) {
        String name = "'" + table + "'" + keyExpressions.stream().map(e -> " || '/' || (" + e + ")::text")
                .collect(Collectors.joining());
        String md5 = "md5(convert_to(" + name + ", 'UTF8'))";
        return "(overlay(overlay(" + md5 + " placing '3' from 13) placing substr('89ab', (('x' || substr(" + md5
                + ", 17, 1))::bit(4)::int & 3) + 1, 1) from 17))::uuid";
    }
}
