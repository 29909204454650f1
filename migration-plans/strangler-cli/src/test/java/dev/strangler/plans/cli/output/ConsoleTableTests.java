package dev.strangler.plans.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

class ConsoleTableTests {

    private final StringWriter out = new StringWriter();

    private List<String> print(int width, List<String> header, List<List<String>> rows) {
        new Console(new PrintWriter(out), new PrintWriter(new StringWriter()), width).table(header, rows);
        return out.toString().lines().toList();
    }

    @Test
    void aTableThatFitsKeepsOneLinePerRowWithColumnsAligned() {
        List<String> lines = print(80, List.of("COMPONENT", "STATE"),
                List.of(List.of("proxy", "running"), List.of("cdc-sync", "stopped")));

        assertThat(lines).containsExactly("COMPONENT  STATE", "proxy      running", "cdc-sync   stopped");
    }

    @Test
    void aLongCellWrapsWithinTheTerminalWidthAndLosesNoWord() {
        String reason = "served by the service since the cutover of the customers plan, because the verifier held "
                + "for fifteen minutes and the shadow diff rate stayed below the bound the plan sets for it";
        List<String> lines = print(60, List.of("RULE", "BACKEND", "WHY"),
                List.of(List.of("customers-read", "customer-service", reason)));

        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(60));
        assertThat(lines).hasSizeGreaterThan(2);
        String printed = String.join(" ", lines);
        assertThat(Arrays.stream(reason.split(" "))).allSatisfy(word -> assertThat(printed).contains(word));
        assertThat(lines.get(1)).startsWith("customers-read  customer-service  ");
    }

    @Test
    void freeTextWrapsBeforeCellsThatHaveNowhereToBreak() {
        // strangler routes on a stack whose paths carry a context path: the methods and the path have no space.
        List<String> lines = print(100, List.of("RULE", "METHODS", "PATH", "BACKEND", "MODE", "WHY"),
                List.of(List.of("visits-write", "DELETE,PATCH,POST,PUT", "/clinic/api/visits/**", "visit-service",
                        "MONOLITH", "Writes of /api/visits move once reads are served and sync runs in reverse.")));

        assertThat(lines.get(1)).startsWith(
                "visits-write  DELETE,PATCH,POST,PUT  /clinic/api/visits/**  visit-service  MONOLITH  Writes");
        assertThat(lines).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(100));
    }

    @Test
    void squeezedCellsStillKeepTheGapBetweenColumns() {
        // Both columns give way to fit 20 characters; neither cell has a space to break at.
        List<String> lines = print(20, List.of("FIRST", "SECOND"), List.of(List.of("a".repeat(10), "b".repeat(10))));

        assertThat(lines).allSatisfy(line -> assertThat(line).doesNotContainPattern("a ?b"));
        assertThat(String.join("", lines).chars().filter(c -> c == 'a').count()).isEqualTo(10);
        assertThat(String.join("", lines).chars().filter(c -> c == 'b').count()).isEqualTo(10);
    }

    @Test
    void theTerminalWidthComesFromColumnsOrDefaultsWhenUnknown() {
        assertThat(TableWidths.terminalWidth("132")).isEqualTo(132);
        assertThat(TableWidths.terminalWidth(null)).isEqualTo(TableWidths.DEFAULT_WIDTH);
        assertThat(TableWidths.terminalWidth("wide")).isEqualTo(TableWidths.DEFAULT_WIDTH);
    }
}
