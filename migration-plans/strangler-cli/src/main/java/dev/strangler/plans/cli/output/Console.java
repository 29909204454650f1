package dev.strangler.plans.cli.output;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import picocli.CommandLine;

/**
 * Everything the CLI shows a person goes through here: results to standard output, progress and problems to
 * standard error (so that output stays pipeable). The only production code allowed to touch {@code System.out}.
 */
public final class Console {

    private final PrintWriter out;
    private final PrintWriter err;
    private final int width;

    public Console(PrintStream out, PrintStream err) {
        this(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true),
                new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    }

    /** A console on picocli's writers, so that tests see what a command prints. */
    public Console(PrintWriter out, PrintWriter err) {
        this(out, err, TableWidths.terminalWidth(System.getenv("COLUMNS")));
    }

    /** A console whose tables fit {@code width} characters. */
    public Console(PrintWriter out, PrintWriter err, int width) {
        this.out = out;
        this.err = err;
        this.width = width;
    }

    public static Console system() {
        return new Console(System.out, System.err);
    }

    public synchronized void line(String text) {
        out.println(text);
        out.flush();
    }

    public synchronized void progress(String text) {
        err.println("… " + text);
        err.flush();
    }

    public synchronized void problem(String text) {
        err.println("✗ " + text);
        err.flush();
    }

    /**
     * Prints rows as a left-aligned table with a header, fitted to the terminal's width: when the natural widths do
     * not fit, the widest columns give way first and their cells wrap onto more lines (picocli's help layout), so
     * nothing is cut and no line is wider than the terminal.
     */
    public synchronized void table(List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        int[] widths = TableWidths.fit(all, width);
        // An empty column between two columns keeps them apart: a cell that fills its column (a path, which has
        // nowhere to break) would otherwise run into the next one.
        CommandLine.Help.Column[] columns = new CommandLine.Help.Column[2 * widths.length - 1];
        for (int i = 0; i < widths.length; i++) {
            columns[2 * i] = new CommandLine.Help.Column(widths[i], 0, CommandLine.Help.Column.Overflow.WRAP);
            if (i > 0) {
                columns[2 * i - 1] = new CommandLine.Help.Column(TableWidths.GAP, 0,
                        CommandLine.Help.Column.Overflow.TRUNCATE);
            }
        }
        CommandLine.Help.TextTable table = CommandLine.Help.TextTable.forColumns(
                CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF), columns);
        for (List<String> row : all) {
            String[] values = new String[columns.length];
            for (int i = 0; i < values.length; i++) {
                String cell = i % 2 == 0 && i / 2 < row.size() ? row.get(i / 2) : "";
                values[i] = cell == null ? "" : cell;
            }
            table.addRowValues(values);
        }
        table.toString().lines().map(String::stripTrailing).forEach(out::println);
        out.flush();
    }
}
