package dev.strangler.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTests {

    @Test
    void rendersTheMachineAndOneTableRowPerFigureWithItsAim() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("CPU", "Test CPU, 2 cores");
        facts.put("PostgreSQL", "17.11");
        Report report = new Report(Instant.parse("2026-11-30T04:00:00Z"), new Machine(facts), "bench/run proxy");
        report.add(new Section("Proxy", "Backend answers at once.")
                .add(Row.of("throughput, req/s", "direct: 10,000", "2,000", "0.20").against("≥ 0.40", false))
                .add(Row.of("canary share | 30% rule", "", "29.8%", "")).note("Limited by the load generator."));

        String markdown = report.markdown(Duration.ofSeconds(95));

        assertThat(markdown).contains("`bench/run proxy`, took 1 min 35 s")
                .contains("| CPU | Test CPU, 2 cores |\n| PostgreSQL | 17.11 |")
                .contains("## Proxy\n\nBackend answers at once.\n\n| figure | baseline | subject |")
                .contains("| throughput, req/s | direct: 10,000 | 2,000 | 0.20 | ≥ 0.40 | **no** |")
                .contains("| canary share \\| 30% rule |  | 29.8% |  |  |  |")
                .contains("- Limited by the load generator.");
    }

    @Test
    void replacesOnlyWhatLiesBetweenTheReadmeMarkers() {
        String readme = "# Kit\n\n<!-- bench:begin (generated) -->\nold table\n<!-- bench:end -->\n\n## Requirements\n";

        assertThat(Report.replaceBetweenMarkers(readme, "new table\n")).isEqualTo(
                "# Kit\n\n<!-- bench:begin (generated) -->\nnew table\n<!-- bench:end -->\n\n## Requirements\n");
    }
}
