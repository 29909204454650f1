package dev.strangler.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MachineTests {

    /**
     * bench/run builds the jars before the harness starts, and a build loads two cores: the load the harness reads
     * at its own start is the build's (3.77 on a machine that was at 0.86 before it, 2026-12-08), so the report
     * also needs the load bench/run saw before it built anything.
     */
    @Test
    void reportsTheLoadBenchRunSawBeforeItsBuildBesideTheLoadAsTheHarnessStarted() {
        Machine machine = Machine.describe(Map.of("PostgreSQL", "17.11"), "0.86 4.93 5.35");

        assertThat(machine.markdown())
                .contains("| load average as bench/run started (before any build) | 0.86 4.93 5.35 |\n"
                        + "| load average as the harness started |")
                .contains("| PostgreSQL | 17.11 |");
    }

    @Test
    void leavesTheEarlierLoadOutWhenTheHarnessRanWithoutBenchRun() {
        Machine machine = Machine.describe(Map.of(), null);

        assertThat(machine.markdown()).doesNotContain("before any build")
                .contains("| load average as the harness started |");
    }
}
