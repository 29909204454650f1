package dev.strangler.bench.cdc;

import java.net.URI;

/**
 * PostgreSQL's own logical replication from the narrow table to its copy: the practical limit of anything that
 * reads the same WAL. Both databases live on one server, where {@code CREATE SUBSCRIPTION} cannot create its slot
 * (it would wait for its own transaction), so the slot is created first and the subscription uses it.
 */
final class LogicalReplication extends TargetTableSubject {

    private final String name;

    private LogicalReplication(NarrowTable table, String source, String target, String name) {
        super(table, source, target);
        this.name = name;
    }

    /** Publication, slot and subscription {@code name}; {@code copy} = initial copy of existing rows. */
    static LogicalReplication start(NarrowTable table, String name, String source, boolean copy) {
        String target = table.createTarget("bdst");
        table.execute(source, "CREATE PUBLICATION " + name + " FOR TABLE " + NarrowTable.NAME);
        table.execute(source, "SELECT pg_create_logical_replication_slot('" + name + "', 'pgoutput')");
        URI uri = URI.create(table.postgres().jdbcUrl(source).substring("jdbc:".length()));
        String password = table.postgres().password();
        String connection = "host=" + uri.getHost() + " port=" + uri.getPort() + " dbname=" + source + " user="
                + table.postgres().username() + (password.isEmpty() ? "" : " password=" + password);
        table.execute(target, "CREATE SUBSCRIPTION " + name + " CONNECTION '" + connection + "' PUBLICATION " + name
                + " WITH (create_slot = false, slot_name = '" + name + "', copy_data = " + copy + ")");
        return new LogicalReplication(table, source, target, name);
    }

    @Override
    public String name() {
        return "PostgreSQL logical replication";
    }

    @Override
    public void close() {
        table.execute(target, "DROP SUBSCRIPTION " + name);
        table.execute(source, "DROP PUBLICATION " + name);
        table.drop(target);
    }
}
