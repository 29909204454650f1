package dev.strangler.archrules;

import com.tngtech.archunit.core.domain.JavaClass;

/**
 * One place where a class uses a database table.
 *
 * @param origin the class
 * @param table the table, in lower case
 * @param kind how it is used
 * @param where the class, code unit or field, in ArchUnit's wording
 * @param location the source location, e.g. {@code (OrderQueries.java:42)}
 */
record TableUse(JavaClass origin, String table, Kind kind, String where, String location) {

    enum Kind {
        ENTITY("is a JPA entity mapped to", true),
        REPOSITORY_WRITES("is a Spring Data repository that can write entities mapped to", true),
        REPOSITORY_READS("is a Spring Data repository reading entities mapped to", false),
        SQL_WRITES("has SQL that writes", true),
        SQL_READS("has SQL that reads", false);

        private final String wording;
        private final boolean writes;

        Kind(String wording, boolean writes) {
            this.wording = wording;
            this.writes = writes;
        }
    }

    boolean writes() {
        return kind.writes;
    }

    /** A violation line in ArchUnit's style: what, which table, and where. */
    String describe() {
        return where + " " + kind.wording + " table <" + table + "> in " + location;
    }
}
