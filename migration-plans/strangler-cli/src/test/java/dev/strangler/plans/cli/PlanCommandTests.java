package dev.strangler.plans.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.plans.runner.AdminApiStub;
import dev.strangler.plans.runner.Figures;
import dev.strangler.plans.runner.PlanState;
import dev.strangler.plans.runner.PlanStates;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The plan commands' exit codes and wording; the runner's logic itself is in {@code PlanRunnerTests}. */
class PlanCommandTests {

    @TempDir
    Path home;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = StranglerCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    /** What was printed with every run of spaces and line breaks as one space. */
    private static String words(StringWriter printed) {
        return printed.toString().replaceAll("\\s+", " ");
    }

    @Test
    void listsThePlansWithTheirPhases() {
        assertThat(run("plan", "list", "--plans", "../plans", "--home", home.toString())).isZero();
        assertThat(words(out)).contains("customers customer-service customers not started",
                "extract → shadow-reads → canary-reads → serve-reads → cutover-writes → retire");
    }

    @Test
    void refusesAnInvalidPlanAsBadInputWithFileLineAndReason() throws IOException {
        Path plans = Files.createDirectories(home.resolve("plans-dir"));
        Files.writeString(plans.resolve("customers.yaml"), Files.readString(Path.of("../plans/customers.yaml"))
                .replace("sync: REVERSE", "sync: SIDEWAYS"));

        int exit = run("plan", "advance", "customers", "--dry-run", "--plans", plans.toString(), "--home",
                home.toString());

        assertThat(exit).isEqualTo(StranglerCli.BAD_INPUT);
        assertThat(err.toString()).contains(plans.resolve("customers.yaml") + ":",
                ": phases[4].sync: 'SIDEWAYS' is not one of [FORWARD, REVERSE, STOPPED]");
    }

    @Test
    void saysNoWhenTheEnginesCannotBeReached() {
        int exit = run("plan", "status", "customers", "--plans", "../plans", "--home", home.toString(),
                "--port-offset", "20");

        assertThat(exit).isEqualTo(StranglerCli.NO);
        assertThat(err.toString()).contains("No proxy admin token");
    }

    @Test
    void retireCheckPrintsEachProofWithItsFiguresAndSaysNoUntilAllHold() throws IOException {
        try (AdminApiStub engines = new AdminApiStub("customers-read", "customers-write")) {
            givenTheEnginesTokens();
            new PlanStates(home.resolve("plans")).write(new PlanState("customers", 5, "retire",
                    "2026-11-30T09:00:00Z", "ada", Figures.none()));
            engines.traffic.put("customers-read", AdminApiStub.traffic("customers-read", 0, 2, 0, 40, true));
            engines.traffic.put("customers-write", AdminApiStub.traffic("customers-write", 0, 0, 0, 9, true));
            engines.strayWrites = "{\"count\":0,\"writes\":[]}";

            int exit = run("plan", "retire-check", "customers", "--plans", "../plans", "--home", home.toString(),
                    "--proxy-admin", engines.url().toString(), "--sync-admin", engines.url().toString());

            assertThat(exit).isEqualTo(StranglerCli.NO);
            // Table cells wrap at the terminal's width, so the figures are matched word by word.
            assertThat(words(out)).contains("retire-check customers: the gates of its last phase, retire",
                    "monolith requests FAILED", "2 answered by the monolith in the last 30s",
                    "customers-read: 2 answered by the monolith", "stray writes PASSED",
                    "arch rules UNAVAILABLE", "--monolith-classes");
            assertThat(err.toString()).contains("customers: retire does not hold; keep the monolith's module");
        }
    }

    @Test
    void statusShowsTheStrayWritesCdcSyncReportsForThePlansPipeline() throws IOException {
        try (AdminApiStub engines = new AdminApiStub("customers-read", "customers-write")) {
            givenTheEnginesTokens();
            engines.strayWriteStatus = "{\"count\":3,\"last\":[{\"id\":41,\"table\":\"customers\",\"key\":{\"id\":7},"
                    + "\"operation\":\"DELETE\",\"lsn\":\"0/1A2B3C\",\"txId\":918,\"commitTime\":\"2026-11-30T09:59:48Z\"}]}";

            run("plan", "status", "customers", "--plans", "../plans", "--home", home.toString(), "--proxy-admin",
                    engines.url().toString(), "--sync-admin", engines.url().toString());

            assertThat(out.toString()).contains("stray writes on customers (writes to the shared tables not made by "
                    + "sync): 3, latest:\n  DELETE customers {\"id\":7} at 2026-11-30T09:59:48Z (tx 918, lsn 0/1A2B3C)");
        }
    }

    @Test
    void verifyNeedsOnlyCdcSyncsTokenAsItTalksToNoOtherEngine() throws IOException {
        try (AdminApiStub engines = new AdminApiStub("customers-read", "customers-write")) {
            Files.writeString(Files.createDirectories(home.resolve("cdc-sync")).resolve("admin-token"), "secret");

            int exit = run("verify", "customers", "--home", home.toString(), "--sync-admin", engines.url().toString());

            assertThat(err.toString()).doesNotContain("proxy");
            assertThat(exit).isZero();
            assertThat(out.toString()).contains("customers: in sync — 50 rows compared");
        }
    }

    @Test
    void advancingAPlanNotYetStartedSaysSoRatherThanNull() throws IOException {
        try (AdminApiStub engines = new AdminApiStub("customers-read", "customers-write")) {
            givenTheEnginesTokens();

            int exit = run("plan", "advance", "customers", "--plans", "../plans", "--home", home.toString(),
                    "--proxy-admin", engines.url().toString(), "--sync-admin", engines.url().toString());

            assertThat(exit).isZero();
            assertThat(out.toString()).contains("advanced customers: (not started) → extract")
                    .doesNotContain("null");
        }
    }

    @Test
    void statusSaysNoWhenTheLiveRoutesDifferFromThePlannedOnes() throws IOException {
        try (AdminApiStub engines = new AdminApiStub("customers-read", "customers-write")) {
            givenTheEnginesTokens();
            new PlanStates(home.resolve("plans")).write(new PlanState("customers", 0, "extract",
                    "2026-11-30T09:00:00Z", "ada", Figures.none()));
            engines.rules.get("customers-read").mode = "SERVICE";

            int exit = run("plan", "status", "customers", "--plans", "../plans", "--home", home.toString(),
                    "--proxy-admin", engines.url().toString(), "--sync-admin", engines.url().toString());

            assertThat(out.toString()).contains("verifier  PASSED");
            assertThat(exit).isEqualTo(StranglerCli.NO);
            assertThat(err.toString()).contains("customers-read is SERVICE, the plan's phase extract sets MONOLITH");
        }
    }

    /** The stub engines' token, where a started stack leaves each engine's. */
    private void givenTheEnginesTokens() throws IOException {
        for (String engine : List.of("proxy", "cdc-sync")) {
            Files.writeString(Files.createDirectories(home.resolve(engine)).resolve("admin-token"), "secret");
        }
    }

    @Test
    void retireCheckExplainsItselfWithHelp() {
        assertThat(run("plan", "retire-check", "--help")).isZero();
        assertThat(out.toString()).contains("Prove the monolith's module of a plan dead", "--monolith-classes");
    }

    @Test
    void mountsTheArchitectureCheckAsASubcommand() {
        assertThat(run("archcheck", "/no/such/classes")).isEqualTo(StranglerCli.BAD_INPUT);
        assertThat(err.toString()).contains("/no/such/classes: is neither a classes directory nor a jar");
    }

    @Test
    void checksClassesThePlanDoesNotNameWithTheGenericRulesAndSaysSo() {
        // This module's classes are not the shop's: the shop's plan names none of them.
        run("archcheck", "target/classes", "--plan", "customers", "--plans", "../plans");

        assertThat(out.toString()).startsWith("Architecture check of target/classes: ").contains("plans customers\n",
                "NOTE    no plan names these classes (plans customers: com.acme.shop); ran the generic rules only, "
                        + "base package dev.strangler.plans inferred",
                "modules of dev.strangler.plans are free of cycles").doesNotContain("0 of 0");
    }

    @Test
    void refusesAnUnknownPlanForTheArchitectureCheck() {
        assertThat(run("archcheck", "target/classes", "--plan", "payments", "--plans", "../plans"))
                .isEqualTo(StranglerCli.BAD_INPUT);
        assertThat(err.toString()).contains("No plan named payments among [customers, orders]");
    }
}
