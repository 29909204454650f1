package dev.strangler.plans.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.strangler.fixture.clinic.ClinicApplication;
import dev.strangler.fixture.visitservice.VisitServiceApplication;
import dev.strangler.plans.stack.TestStacks;
import dev.strangler.testsupport.postgres.TestPostgres;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;

/**
 * The clinic, a monolith the kit did not write, migrated end to end with the files {@code strangler init} wrote and
 * nothing else: init refuses the table without a primary key until the fix it prints is run, the visit service
 * starts on a database made from init's Flyway migration, {@code strangler up} starts the kit's engines from the
 * generated stack file (the clinic and the service run in this JVM, which the stack file does not say how to start),
 * and the generated plan is walked to retire with reads and writes through the proxy, {@code strangler verify}
 * clean at every gate.
 */
class ClinicMigrationIntegrationTests {

    private static final TestPostgres postgres = TestPostgres.shared();
    private static final Duration GATES = Duration.ofSeconds(90);

    @TempDir
    Path directory;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<ConfigurableApplicationContext> apps = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final AtomicInteger caller = new AtomicInteger();
    private boolean up;
    private int proxyPort;

    @AfterEach
    void stopEverything() {
        if (up) {
            run("down", "--stack", stackFile().toString());
        }
        apps.forEach(ConfigurableApplicationContext::close);
    }

    @Test
    void walksTheGeneratedPlanToRetireWithTrafficAndVerifyCleanAtEveryGate() throws Exception {
        for (String jar : List.of("cdc-sync/target/cdc-sync.jar", "strangler-proxy/target/strangler-proxy.jar",
                "migration-plans/plan-console/target/plan-console.jar")) {
            assumeTrue(Files.isRegularFile(TestStacks.REPOSITORY.resolve(jar)), () -> jar + " is not built: run "
                    + "the whole reactor (./mvnw verify) for the tests of the whole stack");
        }
        String clinic = postgres.createDatabase("clinic");
        String visits = postgres.createDatabase("visit_service");
        ConfigurableApplicationContext monolith = start(ClinicApplication.start(postgres.jdbcUrl(clinic),
                postgres.username(), postgres.password()));
        int servicePort = freePort();
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port(monolith)
                + "/clinic/actuator/health")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);

        // 1. init: writes the starter stack, but refuses the table the capture could not follow (no primary key).
        List<String> init = List.of("init", "--dir", directory.toString(), "--database", postgres.jdbcUrl(clinic),
                "--user", postgres.username(), "--password-env", "CLINIC_TEST_PASSWORD_UNSET",
                "--monolith-url", "http://localhost:" + port(monolith) + "/clinic",
                "--monolith-package", "dev.strangler.fixture.clinic", "--openapi", openApi(),
                // Keys of every kind: bigint (visits), a unique index (visit_audit), uuid (pets, whose visits these
                // are), text (species) and a composite key starting with text (vet_slots). Only the visits' endpoints
                // move; /clinic/api/owners and /clinic/api/vets stay with the clinic.
                "--service", "visit-service", "--tables", "visits,visit_audit,pets,species,vet_slots",
                "--resources", "visits",
                "--service-url", "http://localhost:" + servicePort + "/clinic",
                "--service-database", postgres.jdbcUrl(visits));
        assertThat(run(init.toArray(String[]::new))).as(err.toString()).isEqualTo(StranglerCli.NO);
        String fix = "ALTER TABLE public.visit_audit REPLICA IDENTITY USING INDEX visit_audit_visit_seq;";
        assertThat(out.toString()).contains("[!!] public.visit_audit replica identity", "     fix: " + fix,
                "1 of 20 checks failed.", "wrote strangler.yaml");

        // 2. The user's DBA runs the fix init printed; the preflight then passes.
        sql(clinic, fix);
        List<String> check = new ArrayList<>(init);
        check.add(1, "--check-only");
        assertThat(run(check.toArray(String[]::new))).as(out.toString()).isZero();
        assertThat(out.toString()).contains("All 20 checks passed.");

        // The engines on free ports, as a user whose 8000, 8001, 8090 or 8095 are taken would set them.
        proxyPort = freePort();
        Path stack = stackFile();
        Files.writeString(stack, Files.readString(stack)
                .replace("proxy: {port: 8000, admin-port: 8001}", "proxy: {port: " + proxyPort + ", admin-port: "
                        + freePort() + "}")
                .replace("sync: {admin-port: 8090}", "sync: {admin-port: " + freePort() + "}")
                .replace("plans: {port: 8095}", "plans: {port: " + freePort() + "}"));

        // 3. The visit service on its own database, made by init's V1 migration; some clinic data to copy.
        start(VisitServiceApplication.start(postgres.jdbcUrl(visits), postgres.username(), postgres.password(),
                directory.resolve("db/visit-service"), servicePort));
        UUID pet = seedPet(clinic);
        sql(clinic, "INSERT INTO visits (pet_id, status, notes, fee, visited_at) VALUES ('" + pet + "', 'DONE', "
                        + "'{\"weight\": 4.2}', 35.50, now() - interval '3 days'), ('" + pet + "', 'BOOKED', NULL, 0, "
                        + "now() + interval '2 days')",
                "INSERT INTO visit_audit (visit_id, seq, change) VALUES (1, 1, '{\"status\": \"DONE\"}')",
                "INSERT INTO vet_slots (vet_code, slot_date, slot_no, visit_id) VALUES ('Vet-Ana', '2026-05-04', 1, 1), "
                        + "('vet, \"b\"', '2026-05-04', 1, 2)");

        // 4. up: the kit's engines from the generated stack file; the clinic and the service are not its to start.
        up = true;
        // The engines' JVMs as the walkthrough's test starts them: a quick start matters more here than peak speed.
        System.setProperty(StackOptions.JAVA_OPTIONS_PROPERTY, "-Xmx256m -XX:TieredStopAtLevel=1");
        try {
            assertThat(run("up", "--stack", stack.toString(), "--repo", TestStacks.REPOSITORY.toString()))
                    .as(err.toString()).isZero();
        }
        finally {
            System.clearProperty(StackOptions.JAVA_OPTIONS_PROPERTY);
        }

        // 5. The generated plan, phase by phase: traffic through the proxy, verify clean, then advance.
        List<String> phases = List.of("extract", "shadow-reads", "canary-reads", "serve-reads", "cutover-writes",
                "retire");
        // Reads per try of the advance into each phase, so that one try usually meets the traffic gate of the phase
        // it leaves (shadow-reads: 50 compared; canary-reads: 20 answered by the service, which answers a quarter
        // of the callers; serve-reads and cutover-writes: 50 answered by the service).
        List<Integer> reads = List.of(10, 10, 60, 100, 60, 60);
        String from = "(not started)";
        for (int i = 0; i < phases.size(); i++) {
            String phase = phases.get(i);
            int times = reads.get(i);
            long visit = book(pet);
            if (i < 4) {
                // The clinic still owns writes: a vet's slot booked there, carried by its text-first composite key.
                sql(clinic, "INSERT INTO vet_slots (vet_code, slot_date, slot_no, visit_id) VALUES ('Vet-Ana', "
                        + "'2026-05-05', " + (i + 1) + ", " + visit + ")");
            }
            awaitVerifyClean();
            String to = phase;
            String before = from;
            await().atMost(GATES).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                read(pet, times);
                int exit = run("plan", "advance", "visit", "--stack", stack.toString(), "--actor", "clinic-test");
                assertThat(exit).as(this::diagnostics).isZero();
            });
            assertThat(out.toString()).contains("advanced visit: " + before + " → " + to);
            from = phase;
        }

        // Writes now go to the service and sync back to the clinic; both sides still agree.
        long booked = book(pet);
        awaitVerifyClean();
        assertThat(count(clinic, "SELECT count(*) FROM visits WHERE id = " + booked)).isOne();
        // The routes and the sync are where the retire phase puts them (plan status names any drift on stderr);
        // its decommission gates look at the last 24 h, so they do not hold yet, and status says which.
        run("plan", "status", "visit", "--stack", stack.toString());
        assertThat(out.toString()).contains("plan visit (visit-service): phase retire (6 of 6)",
                "sync visit: RUNNING REVERSE", "last phase: nothing to advance to");
        assertThat(err.toString()).doesNotContain("the plan's phase retire sets");
    }

    private void awaitVerifyClean() {
        await().atMost(GATES).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> assertThat(
                run("verify", "visit", "--stack", stackFile().toString())).as(this::diagnostics).isZero());
        assertThat(out.toString()).contains("visit: in sync");
    }

    /** Books a visit through the proxy (whoever owns writes answers) and returns its id. */
    private long book(UUID pet) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(proxy("/clinic/api/visits"))
                .header("Content-Type", "application/json").header("X-User-Id", "front-desk")
                .POST(HttpRequest.BodyPublishers.ofString("{\"petId\": \"" + pet + "\", \"fee\": 42.00}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return Long.parseLong(response.body().replaceFirst("(?s).*\"id\":(\\d+).*", "$1"));
    }

    /** Reads of every kind the plan moves, from many callers (the canary split keys on X-User-Id). */
    private void read(UUID pet, int times) throws IOException, InterruptedException {
        for (int i = 0; i < times; i++) {
            String path = i % 2 == 0 ? "/clinic/api/visits?petId=" + pet : "/clinic/api/visits/1";
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(proxy(path))
                    .header("X-User-Id", "owner-" + caller.incrementAndGet()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        }
    }

    /** What the last command printed and the end of cdc-sync's log: why a gate or a verify did not hold. */
    private String diagnostics() {
        StringBuilder text = new StringBuilder(out.toString()).append(err);
        Path log = directory.resolve(".strangler/logs/cdc-sync.log");
        try {
            if (Files.exists(log)) {
                List<String> lines = Files.readAllLines(log);
                text.append("\nthe end of ").append(log).append(":\n").append(String.join("\n",
                        lines.subList(Math.max(0, lines.size() - 40), lines.size())));
            }
        }
        catch (IOException ex) {
            text.append("\n(").append(log).append(" unreadable: ").append(ex.getMessage()).append(')');
        }
        return text.toString();
    }

    private URI proxy(String path) {
        return URI.create("http://localhost:" + proxyPort + path);
    }

    private Path stackFile() {
        return directory.resolve("strangler.yaml");
    }

    private ConfigurableApplicationContext start(ConfigurableApplicationContext app) {
        apps.add(app);
        return app;
    }

    private static UUID seedPet(String database) throws SQLException {
        UUID owner = UUID.randomUUID();
        UUID pet = UUID.randomUUID();
        sql(database, "INSERT INTO owners (id, name, email) VALUES ('" + owner + "', 'Ada', 'ada@example.org')",
                "INSERT INTO pets (id, owner_id, species_code, name, tags, photo, weight_kg) VALUES ('" + pet + "', '"
                        + owner + "', 'cat', 'Tom', '{grey,indoor}', '\\x89504e47', 4.20)");
        return pet;
    }

    private static void sql(String database, String... statements) throws SQLException {
        try (Connection connection = postgres.connect(database); Statement sql = connection.createStatement()) {
            for (String statement : statements) {
                sql.execute(statement);
            }
        }
    }

    private static long count(String database, String query) throws SQLException {
        try (Connection connection = postgres.connect(database); Statement sql = connection.createStatement();
                var rs = sql.executeQuery(query)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = StranglerCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        // Each command with what it printed, in the test's output: docs/your-monolith.md shows these.
        System.out.println("$ strangler " + String.join(" ", args) + "\n" + out + err + "(exit " + exit + ")");
        return exit;
    }

    private static int port(ConfigurableApplicationContext app) {
        return ((WebServerApplicationContext) app).getWebServer().getPort();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String openApi() throws URISyntaxException {
        return Path.of(ClinicMigrationIntegrationTests.class.getResource("/fixture/clinic/openapi.yaml").toURI())
                .toString();
    }
}
