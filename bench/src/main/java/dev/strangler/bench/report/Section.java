package dev.strangler.bench.report;

import java.util.ArrayList;
import java.util.List;

/** One benchmark's part of the report: its table and the notes that explain what limits its figures. */
public final class Section {

    private final String title;
    private final String setup;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public Section(String title, String setup) {
        this.title = title;
        this.setup = setup;
    }

    public Section add(Row row) {
        rows.add(row);
        return this;
    }

    public Section note(String note) {
        notes.add(note);
        return this;
    }

    public String title() {
        return title;
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    String markdown() {
        StringBuilder out = new StringBuilder("## ").append(title).append("\n\n");
        if (!setup.isBlank()) {
            out.append(setup).append("\n\n");
        }
        out.append(rowsTable());
        if (!notes.isEmpty()) {
            out.append('\n');
            notes.forEach(note -> out.append("- ").append(note).append('\n'));
        }
        return out.append('\n').toString();
    }

    /** Heading and table only. */
    String table(String heading) {
        return heading + title + "\n\n" + rowsTable();
    }

    private String rowsTable() {
        StringBuilder out = new StringBuilder();
        out.append("| figure | baseline | subject | subject vs baseline | target | met |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (Row row : rows) {
            out.append("| ").append(cell(row.figure())).append(" | ").append(cell(row.baseline())).append(" | ")
                    .append(cell(row.subject())).append(" | ").append(cell(row.comparison())).append(" | ")
                    .append(cell(row.target())).append(" | ").append(cell(row.met())).append(" |\n");
        }
        return out.toString();
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
