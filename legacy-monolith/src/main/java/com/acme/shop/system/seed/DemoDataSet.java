package com.acme.shop.system.seed;

/**
 * One module's share of the demo data. Each module seeds its own tables, so that deleting a module deletes every
 * writer of its tables with it: a seeder outside the module would be one more writer for the decommission check
 * ({@code strangler plan retire-check}) to find. {@link DemoData} calls the sets in their {@code @Order}, since later
 * sets refer to earlier ones by id (orders name customers and products).
 */
public interface DemoDataSet {

    /** What the set writes, for progress lines, e.g. {@code customers}. */
    String name();

    /** The number of rows to generate, numbered from 1; rows are generated from their number. */
    int count(SeedSettings settings);

    /** Whether the set's tables hold no row yet. */
    boolean isEmpty();

    /**
     * Writes rows {@code from} to {@code to} (inclusive); called once per chunk, each in its own transaction. The
     * settings say how many rows the other sets hold, for references to them.
     */
    void write(SeedSettings settings, long from, long to);

    /** Runs once all rows are written, e.g. to move identity sequences past the explicitly written ids. */
    default void afterWrite() {
    }
}
