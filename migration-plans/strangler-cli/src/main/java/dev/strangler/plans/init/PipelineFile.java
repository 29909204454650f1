package dev.strangler.plans.init;

import java.util.List;
import java.util.Optional;

/**
 * A cdc-sync pipeline file for one extraction: each picked table copied as it is (identity mapping: same table,
 * same columns) into the service's database, keyed as the catalog says. The format is cdc-sync's
 * ({@code cdc-sync/README.md}, read by its {@code PipelineFiles}).
 */
final class PipelineFile {

    private PipelineFile() {
    }

    static String render(Extraction extraction, Extraction.Database monolith) {
        StringBuilder out = new StringBuilder();
        out.append("# Pipeline ").append(extraction.pipeline()).append(": the monolith's ")
                .append(String.join(", ", extraction.tableNames())).append(" copied as they are into\n# ")
                .append(extraction.name()).append("'s database (same tables, same columns), written by strangler ")
                .append("init from the catalog.\n")
                .append("# Runs forward (monolith -> service) until writes are cut over, then reverse. The types in ")
                .append("the comments\n# are the source's; the service's tables come from its V1 migration.\n");
        out.append("pipeline: ").append(extraction.pipeline()).append('\n');
        endpoint(out, "source", "the monolith's database", monolith);
        endpoint(out, "target", extraction.name() + "'s own database", extraction.database());
        out.append("direction: forward\n");
        out.append("tables:\n");
        for (SourceSchema.Table table : extraction.tables()) {
            Optional<SourceSchema.UniqueIndex> key = table.key();
            List<SourceSchema.Column> columns = table.copied();
            List<String> keyColumns = key.map(SourceSchema.UniqueIndex::columns)
                    .orElseGet(() -> columns.stream().map(SourceSchema.Column::name).toList());
            String keyComment = key.map(index -> index.primary() ? "primary key " + index.name()
                    : "unique index " + index.name() + ": the table has no primary key")
                    .orElse("NO KEY: no primary key or unique index; see the preflight's fix");
            out.append("  - source: ").append(table.qualified()).append('\n');
            out.append("    key: ").append(list(keyColumns)).append("   # ").append(keyComment).append('\n');
            out.append("    targets:\n");
            out.append("      - table: public.").append(table.name()).append('\n');
            out.append("        key: ").append(list(keyColumns)).append('\n');
            out.append("        columns:\n");
            int width = columns.stream().mapToInt(c -> 2 * c.name().length() + 2).max().orElse(0);
            for (SourceSchema.Column column : columns) {
                String mapping = column.name() + ": " + column.name();
                out.append("          ").append(mapping).append(" ".repeat(width - mapping.length() + 2))
                        .append("# ").append(column.type()).append(column.notNull() ? " NOT NULL" : "")
                        .append(keyColumns.contains(column.name()) && key.isPresent() ? ", key" : "").append('\n');
            }
            table.columns().stream().filter(c -> c.generated() != null).forEach(c -> out
                    .append("          # ").append(c.name()).append(": not copied, a generated column (")
                    .append(c.generated()).append(")\n"));
        }
        return out.toString();
    }

    private static void endpoint(StringBuilder out, String side, String what, Extraction.Database database) {
        out.append(side).append(":   # ").append(what).append('\n')
                .append("  jdbc-url: ").append(database.url()).append('\n')
                .append("  username: ").append(database.user()).append('\n')
                .append("  password: ").append(database.passwordPlaceholder()).append('\n');
    }

    private static String list(List<String> items) {
        return "[" + String.join(", ", items) + "]";
    }
}
