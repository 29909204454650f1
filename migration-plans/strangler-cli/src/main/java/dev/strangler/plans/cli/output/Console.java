package dev.strangler.plans.cli.output;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the CLI shows a person goes through here: results to standard output, progress and problems to
 * standard error (so that output stays pipeable). The only production code allowed to touch {@code System.out}.
 */
public final class Console {

    private final PrintWriter out;
    private final PrintWriter err;

    public Console(PrintStream out, PrintStream err) {
        this(new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true),
                new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true));
    }

    /** A console on picocli's writers, so that tests see what a command prints. */
    public Console(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
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

    /** Prints rows as a left-aligned table with a header. */
    public synchronized void table(List<String> header, List<List<String>> rows) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        int[] widths = new int[header.size()];
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + widths[i] + "s  ", row.get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }
}
