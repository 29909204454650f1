package dev.strangler.plans.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class StranglerCliTests {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = StranglerCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @ParameterizedTest
    @ValueSource(strings = {"up", "down", "status", "routes", "route", "route set", "plan", "plan list",
            "plan status", "plan advance", "plan rollback", "verify", "archcheck", "walkthrough", "export connect"})
    void everyCommandExplainsItselfWithHelp(String command) {
        String[] args = (command + " --help").split(" ");
        assertThat(run(args)).isZero();
        assertThat(out.toString()).startsWith("Usage: strangler " + command);
    }

    @Test
    void listsItsCommandsAtTheTop() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("up", "down", "status", "routes", "route", "plan", "verify", "archcheck",
                "walkthrough");
    }

    @Test
    void refusesAMoveBackFromKafkaConnectWithoutTheClustersKafkaBeforeReadingAnything() {
        assertThat(run("export", "connect", "customers", "--back-to-running", "--apply", "http://127.0.0.1:9/"))
                .isEqualTo(StranglerCli.BAD_INPUT);
        assertThat(err.toString()).contains("--back-to-running needs --apply URL", "--kafka BOOTSTRAP");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void refusesAnUnknownModeAsAUsageError() {
        assertThat(run("route", "set", "customers-read", "SIDEWAYS", "--reason", "x")).isEqualTo(2);
        assertThat(err.toString()).contains("expected one of [MONOLITH, SERVICE, SHADOW, CANARY, HOLD]");
    }

    @Test
    void requiresAReasonForEveryRouteChange() {
        assertThat(run("route", "set", "customers-read", "SERVICE")).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--reason=TEXT'");
    }

    @Test
    void acceptsModesInAnyCase() {
        // Parsing succeeds (no usage error); no proxy runs on this port, so the command itself says no.
        assertThat(run("route", "set", "customers-read", "service", "--reason", "x", "--proxy-admin",
                "http://127.0.0.1:9/", "--home", System.getProperty("java.io.tmpdir"))).isEqualTo(StranglerCli.NO);
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void saysHowToGetAStackFileWhenThereIsNone() {
        // The tests run in the module's directory, which holds no strangler.yaml.
        assertThat(run("status")).isEqualTo(StranglerCli.BAD_INPUT);
        assertThat(err.toString()).contains("No stack file: no strangler.yaml in", "strangler init",
                "--stack");
    }

    @Test
    void refusesABadStackFileNamingFileLineKeyAndReasonBeforeStartingAnything(@TempDir Path directory)
            throws IOException {
        Path file = Files.writeString(directory.resolve("strangler.yaml"), """
                stack: clinic
                monolith: {url: "http://localhost:8080", stat: {jar: clinic.jar}}
                """);

        assertThat(run("up", "--stack", file.toString())).isEqualTo(StranglerCli.BAD_INPUT);
        assertThat(err.toString()).contains(file + ":2: monolith.stat: unknown key (known: [url, health, "
                + "database, start, classes])");
    }
}
