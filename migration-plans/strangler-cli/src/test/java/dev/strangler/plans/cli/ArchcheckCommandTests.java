package dev.strangler.plans.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code strangler archcheck} on a stack the kit did not write: the classes and the plans come from the stack file,
 * and a stack with no plan gets the generic rules and a report that says so. The classes checked are the clinic
 * fixture's (a monolith organised by layer), compiled with these tests.
 */
class ArchcheckCommandTests {

    private static final Path CLINIC_CLASSES = Path.of("target/test-classes/dev/strangler/fixture/clinic")
            .toAbsolutePath();
    private static final Path SHOP_PLANS = Path.of("../plans").toAbsolutePath().normalize();

    @TempDir
    Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void takesTheClassesAndThePlansFromTheStackFile() throws IOException {
        Path stack = stackFile("  classes: " + CLINIC_CLASSES + "\nplans: " + SHOP_PLANS + "\n");

        assertThat(run("archcheck", "--stack", stack.toString())).as(err.toString()).isZero();

        assertThat(out.toString()).startsWith("Architecture check of " + CLINIC_CLASSES + ": ")
                .contains("plans customers, orders\n",
                        "NOTE    no plan names these classes (plans customers: com.acme.shop, orders: com.acme.shop); "
                                + "ran the generic rules only, base package dev.strangler.fixture.clinic inferred",
                        "PASSED  modules of dev.strangler.fixture.clinic are free of cycles", "0 of 2 rules violated");
    }

    @Test
    void runsTheGenericRulesAndSaysSoWhenTheStackNamesNoPlans() throws IOException {
        Path stack = stackFile("  classes: " + CLINIC_CLASSES + "\n");

        assertThat(run("archcheck", "--stack", stack.toString())).as(err.toString()).isZero();

        assertThat(out.toString()).contains("classes, no plans\n",
                "NOTE    no plan: ran the generic rules only (module cycles, module APIs), base package "
                        + "dev.strangler.fixture.clinic inferred",
                "0 of 2 rules violated").doesNotContain("0 of 0");
    }

    @Test
    void checksTheClassesItIsGivenOverTheStackFiles() throws IOException {
        Path stack = stackFile("  classes: " + CLINIC_CLASSES + "\n");
        Path given = directory.resolve("no-such-classes");

        assertThat(run("archcheck", given.toString(), "--stack", stack.toString())).isEqualTo(StranglerCli.BAD_INPUT);

        assertThat(err.toString()).contains(given + ": is neither a classes directory nor a jar");
    }

    @Test
    void asksForTheClassesWhenNeitherTheCommandNorTheStackNamesThem() throws IOException {
        Path stack = stackFile("");

        assertThat(run("archcheck", "--stack", stack.toString())).isEqualTo(StranglerCli.BAD_INPUT);

        assertThat(err.toString()).contains("Name the classes to check: strangler archcheck CLASSES (a classes "
                + "directory or a jar), or monolith.classes in the stack file (" + stack + ")");
    }

    /** A stack of a monolith the kit did not write; {@code more} adds keys of the monolith, then top-level keys. */
    private Path stackFile(String more) throws IOException {
        return Files.writeString(directory.resolve("strangler.yaml"), """
                stack: clinic
                monolith:
                  url: http://localhost:8080/clinic
                  database: {url: "jdbc:postgresql://localhost:5432/clinic", user: clinic}
                """ + more);
    }

    private int run(String... args) {
        CommandLine cli = StranglerCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }
}
