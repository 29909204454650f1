package dev.strangler.bench.report;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The markdown report of one {@code bench/run}: machine, versions, how it was run, then one section per benchmark. */
public final class Report {

    private final Instant started;
    private final Machine machine;
    private final String command;
    private final List<Section> sections = new ArrayList<>();

    public Report(Instant started, Machine machine, String command) {
        this.started = started;
        this.machine = machine;
        this.command = command;
    }

    public void add(Section section) {
        sections.add(section);
    }

    public List<Section> sections() {
        return List.copyOf(sections);
    }

    /**
     * The short form for the project README: when, with what, on which machine, and every table (notes and setup
     * stay in the full report).
     */
    public String summary(Duration took, String fullReport) {
        StringBuilder out = new StringBuilder("Latest full run: ").append(started).append(", `").append(command)
                .append("`, ").append(took.toSeconds() / 60).append(" min ").append(took.toSeconds() % 60)
                .append(" s; medians over rounds, spread in brackets; full report with setup and notes: ")
                .append(fullReport).append(".\n\n");
        out.append(machine.markdown()).append('\n');
        for (Section section : sections) {
            out.append(section.table("### ")).append('\n');
        }
        return out.toString();
    }

    /** {@code readme} with the text between its {@code bench:begin} and {@code bench:end} markers replaced. */
    public static String replaceBetweenMarkers(String readme, String content) {
        int begin = readme.indexOf("<!-- bench:begin");
        int end = readme.indexOf("<!-- bench:end -->");
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("the README has no <!-- bench:begin ... --> / <!-- bench:end --> markers");
        }
        int afterBegin = readme.indexOf("-->", begin) + 3;
        return readme.substring(0, afterBegin) + "\n" + content + readme.substring(end);
    }

    public String markdown(Duration took) {
        StringBuilder out = new StringBuilder("# Strangler Kit benchmarks\n\n");
        out.append("Run ").append(started).append(" with `").append(command).append("`, took ")
                .append(took.toSeconds() / 60).append(" min ").append(took.toSeconds() % 60).append(" s.\n\n");
        out.append("Each figure is the median over the rounds, with the lowest and highest round in brackets; ")
                .append("baseline and subject ran back to back in every round, after a warm-up. Ratios and ")
                .append("differences are taken per round, then their median. See bench/README.md for what each ")
                .append("figure means and what limits it.\n\n");
        out.append(machine.markdown()).append('\n');
        sections.forEach(section -> out.append(section.markdown()));
        return out.toString();
    }
}
