package dev.strangler.plans.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.strangler.fixture.clinic.ClinicApplication;
import dev.strangler.plans.plan.MigrationPlan;
import dev.strangler.plans.plan.PlanFiles;
import dev.strangler.plans.stack.StackFile;
import dev.strangler.sync.capture.CapturePreflight;
import dev.strangler.sync.mapping.ColumnMapping;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.PipelineFiles;
import dev.strangler.sync.mapping.TableMapping;
import dev.strangler.sync.mapping.ValueConversions;
import dev.strangler.testsupport.postgres.OlderPostgres;
import dev.strangler.testsupport.postgres.TestPostgres;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * {@code strangler init} on the clinic fixture, a second monolith unlike the shop, running in-process on the test's
 * PostgreSQL with its schema made by Flyway: the files it writes are read by the real readers (cdc-sync's pipeline
 * reader, the CLI's plan reader), the service migrations run, and the preflight says what cdc-sync's own capture
 * preflight says, without changing the monolith's database.
 */
class InitCommandIntegrationTests {

    private static final TestPostgres postgres = TestPostgres.shared();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z0-9_]+):([^}]*)}");

    private static String clinic;
    private static ConfigurableApplicationContext app;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path directory;

    @BeforeAll
    static void startTheClinic() {
        clinic = postgres.createDatabase("clinic");
        app = ClinicApplication.start(postgres.jdbcUrl(clinic), postgres.username(), postgres.password());
    }

    @AfterAll
    static void stopTheClinic() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    void writesAStarterStackThatTheRealReadersAccept() throws Exception {
        int exit = init(clinic, "--openapi", openApi(), "--service", "visit-service", "--tables",
                "visits,vet_slots,visit_audit", "--service", "owner-service", "--tables", "owners,pets,species");

        assertThat(out.toString()).contains("wrote strangler.yaml", "wrote proxy-rules.yaml",
                "wrote pipelines/visit.yaml", "wrote pipelines/owner.yaml", "wrote plans/visit.yaml",
                "wrote plans/owner.yaml", "wrote db/visit-service/V1__visit-service.sql",
                "wrote db/owner-service/V1__owner-service.sql");
        assertThat(out.toString().lines()).allMatch(line -> line.length() <= 100);
        // visit_audit has no primary key: its replica identity carries nothing until the fix is run.
        assertThat(exit).as(err.toString()).isEqualTo(StranglerCli.NO);

        List<PipelineDefinition> pipelines = new ArrayList<>();
        for (String name : List.of("visit", "owner")) {
            pipelines.add(pipeline(directory.resolve("pipelines/" + name + ".yaml")));
        }
        assertThat(pipelines.get(0).tables()).extracting(table -> table.source().table() + " " + table.key())
                .containsExactly("visits [id]", "vet_slots [vet_code, slot_date, slot_no]",
                        "visit_audit [visit_id, seq]");
        assertThat(pipelines.get(1).tables()).extracting(table -> table.source().table() + " " + table.key())
                .containsExactly("owners [id]", "pets [id]", "species [code]");
        for (PipelineDefinition pipeline : pipelines) {
            for (TableMapping table : pipeline.tables()) {
                assertThat(table.primary().columns()).allMatch(c -> c.targetColumn().equals(c.sourceColumn()));
                assertThat(table.primary().columns()).extracting(ColumnMapping::sourceColumn)
                        .containsExactlyElementsOf(columns(clinic, table.source().table()).keySet());
            }
        }
        assertThat(Files.readString(directory.resolve("pipelines/visit.yaml")))
                .contains("key: [visit_id, seq]   # unique index visit_audit_visit_seq: the table has no primary key");

        List<MigrationPlan> plans = new PlanFiles().loadAll(directory.resolve("plans"));
        assertThat(plans).extracting(MigrationPlan::name).containsExactly("owner", "visit");
        MigrationPlan visit = plans.get(1);
        assertThat(visit.phases()).extracting(phase -> phase.name()).containsExactly("extract", "shadow-reads",
                "canary-reads", "serve-reads", "cutover-writes", "retire");
        assertThat(visit.phases().get(5).gates().decommissions()).isTrue();
        assertThat(visit.endpoints()).extracting(e -> e.rule() + " " + e.path()).containsExactly(
                "visits-read /clinic/api/visits/**", "visits-write /clinic/api/visits/**",
                "vets-read /clinic/api/vets/**", "vets-write /clinic/api/vets/**");

        ProxyRulesShape.check(directory.resolve("proxy-rules.yaml"));
        // The stack file is read by the reader every command uses.
        StackFile stack = StackFile.read(directory.resolve("strangler.yaml"));
        assertThat(stack.monolith().url()).isEqualTo("http://localhost:8080/clinic");
        assertThat(stack.monolith().health()).isEqualTo("http://localhost:8080/clinic/actuator/health");
        assertThat(stack.services()).extracting(StackFile.App::name).contains("visit-service");
        assertThat(stack.rules()).isRegularFile();
        assertThat(stack.pipelines()).isDirectory();
        assertThat(stack.plans()).isDirectory();
    }

    @Test
    void theServiceMigrationsRecreateEveryColumnTypeKeyEnumAndSafeDefault() throws Exception {
        init(clinic, "--openapi", openApi(), "--service", "visit-service", "--tables",
                "visits,vet_slots,visit_audit", "--service", "owner-service", "--tables", "owners,pets,species");
        for (String service : List.of("visit-service", "owner-service")) {
            String database = postgres.createDatabase(service.replace("-", "_"));
            try (Connection connection = postgres.connect(database); Statement sql = connection.createStatement()) {
                sql.execute(Files.readString(directory.resolve("db/" + service + "/V1__" + service + ".sql")));
            }
            for (String table : service.equals("visit-service") ? List.of("visits", "vet_slots", "visit_audit")
                    : List.of("owners", "pets", "species")) {
                assertThat(columns(database, table)).as(table).isEqualTo(columns(clinic, table));
                assertThat(key(database, table)).as(table).isEqualTo(table.equals("visit_audit")
                        ? List.of("visit_id", "seq") : key(clinic, table));
            }
        }
        assertThat(Files.readString(directory.resolve("db/visit-service/V1__visit-service.sql")))
                .contains("CREATE TYPE visit_status AS ENUM ('BOOKED', 'DONE', 'CANCELLED');")
                .contains("id bigint GENERATED BY DEFAULT AS IDENTITY NOT NULL")
                .contains("-- the source has no primary key; the service keys rows on its unique index "
                        + "visit_audit_visit_seq");
    }

    @Test
    void thePreflightRefusesTheTableWithoutAPrimaryKeyWithTheCapturesOwnFixAndChangesNothing() throws Exception {
        String monolith = postgres.createDatabase("clinic_preflight");
        Flyway.configure().dataSource(postgres.jdbcUrl(monolith), postgres.username(), postgres.password())
                .locations("classpath:fixture/clinic/db/migration").load().migrate();
        String catalogBefore = catalog(monolith);

        int exit = init(monolith, "--openapi", openApi(), "--service", "visit-service", "--tables",
                "visits,vet_slots,visit_audit");

        assertThat(exit).isEqualTo(StranglerCli.NO);
        assertThat(catalog(monolith)).isEqualTo(catalogBefore);
        String fix = "ALTER TABLE public.visit_audit REPLICA IDENTITY USING INDEX visit_audit_visit_seq;";
        assertThat(out.toString()).contains("[ok] public.visit_audit key (visit_id, seq): unique index "
                + "visit_audit_visit_seq (no primary key)")
                .contains("[!!] public.visit_audit replica identity: updates and deletes would not carry")
                .contains("     fix: " + fix)
                .contains("[ok] public.vet_slots key (vet_code, slot_date, slot_no): primary key vet_slots_pkey")
                .contains("1 of 14 checks failed.");
        assertThat(out.toString().lines()).allMatch(line -> line.length() <= 100);

        // cdc-sync's own capture preflight, on the same pipeline, finds the same problem and names the same fix.
        String service = postgres.createDatabase("visit_service");
        try (Connection connection = postgres.connect(service); Statement sql = connection.createStatement()) {
            sql.execute(Files.readString(directory.resolve("db/visit-service/V1__visit-service.sql")));
        }
        PipelineDefinition pipeline = pipeline(directory.resolve("pipelines/visit.yaml"), service);
        CapturePreflight.Result capture = CapturePreflight.check(pipeline, Direction.FORWARD);
        assertThat(capture.problems()).extracting(CapturePreflight.Check::item)
                .containsExactly("public.visit_audit replica identity");
        assertThat(capture.problems().get(0).detail()).contains(fix);

        try (Connection connection = postgres.connect(monolith); Statement sql = connection.createStatement()) {
            sql.execute(fix);
        }
        out.getBuffer().setLength(0);
        assertThat(init(monolith, "--check-only", "--openapi", openApi(), "--service", "visit-service",
                "--tables", "visits,vet_slots,visit_audit")).isZero();
        assertThat(out.toString()).contains("[ok] public.visit_audit replica identity: USING INDEX "
                + "visit_audit_visit_seq carries (visit_id, seq)").contains("All 14 checks passed.")
                .doesNotContain("wrote ");
        assertThat(CapturePreflight.check(pipeline, Direction.FORWARD).passed()).isTrue();
    }

    @Test
    void thePreflightRefusesAPostgreSqlOlderThan16NamingTheVersionAndTheFix() throws Exception {
        try (OlderPostgres older = OlderPostgres.start()) {
            String clinic15 = older.createDatabase("clinic15");
            String url = older.jdbcUrl(clinic15);
            older.execute(clinic15, "CREATE TABLE visits (id bigint PRIMARY KEY, pet_id bigint, visit_date date, "
                    + "description text)");

            int exit = run("init", "--dir", directory.toString(), "--database", url, "--user", older.username(),
                    "--password-env", "CLINIC_TEST_PASSWORD_UNSET", "--monolith-url", "http://localhost:8080/clinic",
                    "--monolith-package", "dev.strangler.fixture.clinic", "--check-only", "--openapi", openApi(),
                    "--service", "visit-service", "--tables", "visits");

            assertThat(exit).as(out + "\n" + err).isEqualTo(StranglerCli.NO);
            assertThat(out.toString()).contains("Preflight of " + url)
                    .contains("[!!] PostgreSQL version: is " + older.version() + "; capture needs PostgreSQL 16 or")
                    .contains("origin=none")
                    .contains("     fix: upgrade this server to PostgreSQL 16 or later")
                    .contains("1 of 8 checks failed.");
            assertThat(out.toString().lines()).allMatch(line -> line.length() <= 100);
        }
    }

    @Test
    void flagsATableWithoutAnyKeyAndStillWritesAPipelineCdcSyncReads() throws Exception {
        String monolith = postgres.createDatabase("clinic_keyless");
        try (Connection connection = postgres.connect(monolith); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE visit_notes (visit_id bigint, note text)");
        }

        int exit = init(monolith, "--paths", "/clinic/api/visits", "--context-path", "/clinic", "--service",
                "visit-service", "--tables", "visit_notes", "--resources", "visits");

        assertThat(exit).isEqualTo(StranglerCli.NO);
        assertThat(out.toString()).contains("[!!] public.visit_notes key: no primary key and no unique index")
                .contains("     fix: ALTER TABLE public.visit_notes ADD PRIMARY KEY (<the columns that identify "
                        + "a row>);")
                .contains("[!!] public.visit_notes replica identity:");
        assertThat(Files.readString(directory.resolve("pipelines/visit.yaml")))
                .contains("key: [visit_id, note]   # NO KEY: no primary key or unique index; see the preflight's fix");
        assertThat(pipeline(directory.resolve("pipelines/visit.yaml")).tables().get(0).key())
                .containsExactly("visit_id", "note");
    }

    @Test
    void readsTheEndpointsFromSpringBootsActuatorMappings() throws Exception {
        int port = ((WebServerApplicationContext) app).getWebServer().getPort();

        init(clinic, "--mappings", "http://localhost:" + port + "/clinic/actuator/mappings", "--service",
                "visit-service", "--tables", "visits,vet_slots,visit_audit");

        assertThat(out.toString()).as(err.toString()).contains("left with the monolith (no service takes them): /clinic/api/owners");
        String rules = Files.readString(directory.resolve("proxy-rules.yaml"));
        assertThat(rules).contains("path: /clinic/api/visits/**", "path: /clinic/api/vets/**")
                .doesNotContain("path: /clinic/api/owners/**");
        ProxyRulesShape.check(directory.resolve("proxy-rules.yaml"));
        assertThat(new PlanFiles().load(directory.resolve("plans/visit.yaml")).endpoints()).hasSize(4);
    }

    @Test
    void refusesToOverwriteAnExistingFileAndWritesNothing() throws Exception {
        Files.writeString(directory.resolve("proxy-rules.yaml"), "# mine\n");

        int exit = init(clinic, "--paths", "/clinic/api/visits", "--context-path", "/clinic", "--service",
                "visit-service", "--tables", "visits");

        assertThat(exit).isEqualTo(StranglerCli.BAD_INPUT);
        assertThat(err.toString()).contains("nothing written: proxy-rules.yaml already exists in")
                .contains("(--force overwrites)");
        assertThat(Files.readString(directory.resolve("proxy-rules.yaml"))).isEqualTo("# mine\n");
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files).containsExactly(directory.resolve("proxy-rules.yaml"));
        }
        assertThat(init(clinic, "--force", "--paths", "/clinic/api/visits", "--context-path", "/clinic",
                "--service", "visit-service", "--tables", "visits")).isZero();
        assertThat(Files.readString(directory.resolve("proxy-rules.yaml"))).contains("id: visits-read");
    }

    @Test
    void archcheckOnTheLayeredClinicWithTheGeneratedPlanReportsTheRulesItRanAndTheRealViolations() throws Exception {
        init(clinic, "--openapi", openApi(), "--service", "visit-service", "--tables",
                "visits,vet_slots,visit_audit", "--monolith-classes", clinicClasses().toString());
        // repository holds the classes of the visits' tables and of the owners': a layer, not a feature package.
        assertThat(Files.readString(directory.resolve("plans/visit.yaml")))
                .contains("Organised by layer: the classes that use the plan's tables (repository.VetSlots, "
                        + "repository.Visits)")
                .contains("  module: {name: visit, usingTables: true}");
        assertThat(StackFile.read(directory.resolve("strangler.yaml")).monolith().classes()).isEqualTo(clinicClasses());
        out.getBuffer().setLength(0);

        int exit = run("archcheck", clinicClasses().toString(), "--plans", directory.resolve("plans").toString());

        String report = out.toString();
        System.out.println(report);
        assertThat(exit).as(report + err).isEqualTo(StranglerCli.NO);
        assertThat(report).contains("plans visit")
                .contains("PASSED  modules of dev.strangler.fixture.clinic are free of cycles")
                // The layers that call the classes moving out: each call becomes a call to visit-service.
                .containsPattern("FAILED  no code of dev.strangler.fixture.clinic outside a module being extracted "
                        + "\\[visit] depends on it \\([0-9]+ violations\\)")
                .contains("Method <dev.strangler.fixture.clinic.service.VisitService.visit(long)> calls method "
                        + "<dev.strangler.fixture.clinic.repository.Visits.find(long)> in (VisitService.java:27)")
                .contains("Method <dev.strangler.fixture.clinic.web.VetController.slots(java.lang.String)> calls "
                        + "method <dev.strangler.fixture.clinic.repository.VetSlots.of(java.lang.String)>")
                // No class of the clinic uses visit_audit: the plan gives the module a table its code does not use.
                .contains("gives table <visit_audit> to module <visit (the classes that use its tables)>")
                .containsPattern("\n[0-9]+ of [1-9][0-9]* rules violated")
                .doesNotContain("0 of 0");
    }

    @Test
    void archcheckOnTheClinicWithoutItsPlanRunsTheGenericRulesOnlyAndSaysSo() {
        int exit = run("archcheck", clinicClasses().toString(), "--no-plans");

        assertThat(out.toString()).as(err.toString()).contains("no plans", "NOTE    no plan: ran the generic "
                + "rules only (module cycles, module APIs), base package dev.strangler.fixture.clinic inferred")
                .contains("modules of dev.strangler.fixture.clinic are free of cycles").doesNotContain("0 of 0");
        assertThat(exit).isZero();
    }

    /** The clinic's compiled classes, and only those (the test classes hold the kit's tests too). */
    private static Path clinicClasses() {
        try {
            return Path.of(ClinicApplication.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .resolve("dev/strangler/fixture/clinic");
        }
        catch (URISyntaxException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Test
    void explainsItselfWithHelp() {
        assertThat(run("init", "--help")).isZero();
        assertThat(out.toString()).startsWith("Usage: strangler init").contains("--openapi", "--mappings",
                "--paths", "--service", "--tables", "--check-only", "--force");
    }

    private int init(String database, String... more) {
        List<String> args = new ArrayList<>(List.of("init", "--dir", directory.toString(), "--database",
                postgres.jdbcUrl(database), "--user", postgres.username(), "--password-env",
                "CLINIC_TEST_PASSWORD_UNSET", "--monolith-url", "http://localhost:8080/clinic", "--monolith-package",
                "dev.strangler.fixture.clinic"));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    private int run(String... args) {
        CommandLine cli = StranglerCli.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    private static String openApi() throws URISyntaxException {
        return Path.of(InitCommandIntegrationTests.class.getResource("/fixture/clinic/openapi.yaml").toURI())
                .toString();
    }

    /** Reads a written pipeline with cdc-sync's own reader, placeholders at their defaults. */
    private static PipelineDefinition pipeline(Path file) throws Exception {
        try (InputStream yaml = Files.newInputStream(file)) {
            return new PipelineFiles(ValueConversions.discovered(), InitCommandIntegrationTests::defaults)
                    .read(file.toString(), yaml);
        }
    }

    /** The same, with the target database swapped for {@code service} (the default names one not made here). */
    private static PipelineDefinition pipeline(Path file, String service) throws Exception {
        String text = Files.readString(file).replaceFirst("(target:.*\\n  jdbc-url: ).*",
                "$1" + Matcher.quoteReplacement(postgres.jdbcUrl(service)));
        Path swapped = file.resolveSibling("swapped.yaml");
        Files.writeString(swapped, text);
        return pipeline(swapped);
    }

    private static String defaults(String value) {
        return PLACEHOLDER.matcher(value).replaceAll(match -> Matcher.quoteReplacement(match.group(2)));
    }

    /** Column name → type, NOT NULL and default, as the catalog prints them. */
    private static Map<String, String> columns(String database, String table) throws SQLException {
        Map<String, String> columns = new LinkedHashMap<>();
        try (Connection connection = postgres.connect(database); Statement sql = connection.createStatement();
                ResultSet rs = sql.executeQuery("SELECT a.attname, format_type(a.atttypid, a.atttypmod), "
                        + "a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity FROM pg_attribute a "
                        + "LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                        + "WHERE a.attrelid = 'public." + table + "'::regclass AND a.attnum > 0 "
                        + "AND NOT a.attisdropped ORDER BY a.attnum")) {
            while (rs.next()) {
                columns.put(rs.getString(1), rs.getString(2) + (rs.getBoolean(3) ? " NOT NULL" : "") + " default "
                        + rs.getString(4) + " identity " + rs.getString(5));
            }
        }
        return columns;
    }

    private static List<String> key(String database, String table) throws SQLException {
        List<String> key = new ArrayList<>();
        try (Connection connection = postgres.connect(database); Statement sql = connection.createStatement();
                ResultSet rs = sql.executeQuery("SELECT a.attname FROM pg_index i CROSS JOIN LATERAL "
                        + "unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord) JOIN pg_attribute a ON "
                        + "a.attrelid = i.indrelid AND a.attnum = k.attnum WHERE i.indrelid = 'public." + table
                        + "'::regclass AND i.indisprimary ORDER BY k.ord")) {
            while (rs.next()) {
                key.add(rs.getString(1));
            }
        }
        return key;
    }

    /**
     * What init could have changed in the monolith's database: every relation with its replica identity, every
     * index with its replica-identity flag, columns, slots and publications.
     */
    private static String catalog(String database) throws SQLException {
        StringBuilder catalog = new StringBuilder();
        try (Connection connection = postgres.connect(database); Statement sql = connection.createStatement()) {
            for (String query : List.of(
                    "SELECT relname || ' ' || relkind::text || ' ' || relreplident::text FROM pg_class WHERE relnamespace = "
                            + "'public'::regnamespace ORDER BY relname",
                    "SELECT indexrelid::regclass::text || ' ' || indisreplident || ' ' || indisprimary FROM pg_index i "
                            + "JOIN pg_class c ON c.oid = i.indrelid WHERE c.relnamespace = 'public'::regnamespace "
                            + "ORDER BY 1",
                    "SELECT attrelid::regclass::text || '.' || attname || ' ' || atttypid || ' ' || attnotnull FROM "
                            + "pg_attribute a JOIN pg_class c ON c.oid = a.attrelid WHERE c.relnamespace = "
                            + "'public'::regnamespace AND attnum > 0 ORDER BY 1",
                    "SELECT slot_name FROM pg_replication_slots ORDER BY 1",
                    "SELECT pubname FROM pg_publication ORDER BY 1")) {
                try (ResultSet rs = sql.executeQuery(query)) {
                    while (rs.next()) {
                        catalog.append(rs.getString(1)).append('\n');
                    }
                }
            }
        }
        return catalog.toString();
    }

    /** The proxy's rules file as its README documents it (the proxy binds it with Spring; see ProxySettings). */
    static final class ProxyRulesShape {

        @SuppressWarnings("unchecked")
        static void check(Path file) throws Exception {
            Map<String, Object> root = new Yaml().load(Files.readString(file));
            Map<String, Object> proxy = (Map<String, Object>) ((Map<String, Object>) root.get("strangler"))
                    .get("proxy");
            assertThat(proxy).containsOnlyKeys("backends", "rules");
            Map<String, Object> backends = (Map<String, Object>) proxy.get("backends");
            assertThat(backends).containsKey("monolith");
            assertThat(backends.values()).allMatch(url -> String.valueOf(url).matches("https?://[^/?#]+"));
            List<Map<String, Object>> rules = (List<Map<String, Object>>) proxy.get("rules");
            assertThat(rules).isNotEmpty();
            assertThat(rules).extracting(rule -> rule.get("id")).doesNotHaveDuplicates();
            for (Map<String, Object> rule : rules) {
                assertThat(rule.keySet()).isSubsetOf("id", "methods", "path", "backend", "mode", "percent",
                        "group", "why", "shadow");
                assertThat((String) rule.get("id")).matches("[a-z0-9][a-z0-9-]{0,62}");
                assertThat((List<String>) rule.get("methods")).isNotEmpty()
                        .isSubsetOf("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");
                assertThat((String) rule.get("path")).startsWith("/").endsWith("/**");
                assertThat(backends).containsKey((String) rule.get("backend"));
                assertThat(rule.get("mode")).isEqualTo("MONOLITH");
                assertThat((String) rule.get("why")).isNotBlank().doesNotContain("\n");
                if (rule.get("shadow") instanceof Map<?, ?> shadow) {
                    assertThat(shadow.keySet().stream().map(String::valueOf).toList()).isSubsetOf("allow-writes", "compare-headers", "ignore",
                            "ignore-array-order", "numeric-tolerance", "not-found-as-empty");
                    if (shadow.get("ignore") instanceof List<?> ignore) {
                        assertThat(ignore).allMatch(pointer -> String.valueOf(pointer).startsWith("/"));
                    }
                }
            }
        }
    }
}
