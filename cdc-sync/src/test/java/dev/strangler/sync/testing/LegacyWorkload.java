package dev.strangler.sync.testing;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded stream of inserts, updates and deletes against a customers table, each in its own transaction, as a
 * running monolith would issue them. Deterministic for a seed.
 */
public final class LegacyWorkload implements Runnable {

    private final CustomerDatabases databases;
    private final String database;
    private final int operations;
    private final Random random;
    private final boolean legacySchema;
    private final AtomicInteger done = new AtomicInteger();
    private final List<Long> ids = new ArrayList<>();
    private volatile Exception failure;

    public LegacyWorkload(CustomerDatabases databases, String database, boolean legacySchema, int operations,
            long seed) {
        this.databases = databases;
        this.database = database;
        this.legacySchema = legacySchema;
        this.operations = operations;
        this.random = new Random(seed);
    }

    public static LegacyWorkload onLegacy(CustomerDatabases databases, int operations, long seed) {
        return new LegacyWorkload(databases, databases.legacy(), true, operations, seed);
    }

    public static LegacyWorkload onService(CustomerDatabases databases, int operations, long seed) {
        return new LegacyWorkload(databases, databases.service(), false, operations, seed);
    }

    public int done() {
        return done.get();
    }

    public Exception failure() {
        return failure;
    }

    @Override
    public void run() {
        try (Connection connection = databases.postgres().connect(database);
                Statement statement = connection.createStatement()) {
            for (int i = 0; i < operations; i++) {
                int dice = random.nextInt(100);
                if (ids.isEmpty() || dice < 50) {
                    String name = "W" + Long.toHexString(random.nextLong() & 0xFFFFFFFFFFL) + i;
                    ids.add(legacySchema ? databases.insertLegacyCustomer(connection, name, i % 3 == 0 ? null : "Jena")
                            : databases.insertServiceCustomer(connection, name));
                }
                else if (dice < 85) {
                    long id = ids.get(random.nextInt(ids.size()));
                    statement.executeUpdate(legacySchema
                            ? "UPDATE customers SET phone = '" + i + "', city = " + (i % 4 == 0 ? "NULL" : "'Gera'")
                                    + ", updated_at = now(), version = version + 1 WHERE id = " + id
                            : "UPDATE customer SET phone_number = '" + i + "', modified_at = now(), "
                                    + "revision = revision + 1 WHERE id = " + id);
                }
                else {
                    long id = ids.remove(random.nextInt(ids.size()));
                    statement.executeUpdate(legacySchema ? "DELETE FROM customers WHERE id = " + id
                            : "DELETE FROM customer WHERE id = " + id);
                }
                done.incrementAndGet();
            }
        }
        catch (SQLException ex) {
            failure = ex;
        }
    }
}
