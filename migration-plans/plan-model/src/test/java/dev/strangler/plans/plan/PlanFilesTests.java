package dev.strangler.plans.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

class PlanFilesTests {

    static final Path PLANS = Path.of("../plans");

    @TempDir
    Path directory;

    private final PlanFiles files = new PlanFiles();

    @Test
    void readsTheShippedPlansWithEveryPhaseInOrder() {
        List<MigrationPlan> plans = files.loadAll(PLANS);

        assertThat(plans).extracting(MigrationPlan::name).containsExactly("customers", "orders");
        for (MigrationPlan plan : plans) {
            assertThat(plan.phases()).extracting(PlanPhase::name).containsExactly("extract", "shadow-reads",
                    "canary-reads", "serve-reads", "cutover-writes", "retire");
            assertThat(plan.phases()).allSatisfy(phase -> assertThat(phase.why()).isNotBlank());
        }
        MigrationPlan customers = plans.get(0);
        assertThat(customers.endpoints()).extracting(MigrationPlan.Endpoint::rule)
                .containsExactly("customers-read", "customers-write");
        assertThat(customers.pipeline()).isEqualTo("customers");
        assertThat(customers.phase(2).routes().get("customers-read")).isEqualTo(new RouteSetting("CANARY", 25));
        assertThat(customers.phase(4).sync()).isEqualTo(SyncDirection.REVERSE);
        assertThat(customers.phase(1).gates().shadowComparedAtLeast()).isEqualTo(50L);
    }

    @Test
    void readsTheDecommissionGatesOfBothShippedPlansRetirePhases() {
        for (MigrationPlan plan : files.loadAll(PLANS)) {
            Gates retire = plan.phase(plan.phases().size() - 1).gates();
            assertThat(retire.monolithRequestsAtMost()).isEqualTo(new Gates.CountInWindow(0, Duration.ofSeconds(30)));
            assertThat(retire.strayWritesAtMost()).isEqualTo(new Gates.CountInWindow(0, Duration.ofSeconds(30)));
            assertThat(retire.archRulesClean()).isTrue();
            assertThat(retire.decommissions()).isTrue();
        }
    }

    @Test
    void readsWindowsInSecondsMinutesAndHours() throws IOException {
        Path plan = planWith("monolithRequestsAtMost: {atMost: 0, for: 30s}", "monolithRequestsAtMost: {atMost: 2, "
                + "for: 15m}");
        Files.writeString(plan, Files.readString(plan).replace("strayWritesAtMost: {atMost: 0, for: 30s}",
                "strayWritesAtMost: {atMost: 0, for: 24h}"));

        Gates retire = files.load(plan).phase(5).gates();

        assertThat(retire.monolithRequestsAtMost()).isEqualTo(new Gates.CountInWindow(2, Duration.ofMinutes(15)));
        assertThat(retire.strayWritesAtMost()).isEqualTo(new Gates.CountInWindow(0, Duration.ofHours(24)));
        assertThat(retire.strayWritesAtMost().windowText()).isEqualTo("24h");
    }

    @Test
    void refusesAWindowWithoutAUnitOnItsLine() throws IOException {
        Path plan = planWith("strayWritesAtMost: {atMost: 0, for: 30s}", "strayWritesAtMost: {atMost: 0, for: 30}");

        assertThatThrownBy(() -> files.load(plan)).isInstanceOfSatisfying(InvalidPlanException.class, ex -> {
            assertThat(ex.line()).isEqualTo(lineOf(plan, "for: 30}"));
            assertThat(ex.reason()).isEqualTo("phases[5].gates.strayWritesAtMost.for: must be a string but is '30'");
        });
    }

    @Test
    void refusesAWindowInAnUnknownUnit() throws IOException {
        Path plan = planWith("strayWritesAtMost: {atMost: 0, for: 30s}", "strayWritesAtMost: {atMost: 0, for: 2d}");

        assertThatThrownBy(() -> files.load(plan)).isInstanceOfSatisfying(InvalidPlanException.class, ex ->
                assertThat(ex.reason()).startsWith("phases[5].gates.strayWritesAtMost.for: '2d' does not match"));
    }

    @Test
    void refusesAMonolithRequestWindowLongerThanTheProxysHistory() throws IOException {
        Path plan = planWith("monolithRequestsAtMost: {atMost: 0, for: 30s}",
                "monolithRequestsAtMost: {atMost: 0, for: 48h}");

        assertThatThrownBy(() -> files.load(plan)).isInstanceOfSatisfying(InvalidPlanException.class, ex -> {
            assertThat(ex.line()).isEqualTo(lineOf(plan, "48h"));
            assertThat(ex.reason()).isEqualTo("monolithRequestsAtMost: window 48h is longer than the proxy's "
                    + "traffic history (24h)");
        });
    }

    @Test
    void refusesADecommissionGateWithoutItsBound() throws IOException {
        Path plan = planWith("strayWritesAtMost: {atMost: 0, for: 30s}", "strayWritesAtMost: {for: 30s}");

        assertThatThrownBy(() -> files.load(plan)).isInstanceOfSatisfying(InvalidPlanException.class, ex ->
                assertThat(ex.reason()).isEqualTo("phases[5].gates.strayWritesAtMost.atMost: is required"));
    }

    @Test
    void readsTheHeaderTheArchitectureRulesUse() {
        List<PlanHeader> headers = files.loadAll(PLANS).stream().map(MigrationPlan::header).toList();

        assertThat(headers.get(0)).isEqualTo(new PlanHeader("customers",
                "Customers move to customer-service first; orders depend on them.",
                new PlanHeader.Monolith("com.acme.shop", "customers", List.of("customers")),
                new PlanHeader.Service("customer-service", "com.acme.customerservice",
                        List.of("customer", "customer_address")),
                false));
        assertThat(headers.get(1).monolith()).isEqualTo(
                new PlanHeader.Monolith("com.acme.shop", "orders", List.of("orders", "order_lines")));
        assertThat(headers.get(1).service()).isEqualTo(new PlanHeader.Service("order-service",
                "com.acme.orderservice", List.of("purchase_order", "order_line")));
    }

    @Test
    void locatesThePlansFromInsideTheRepository() {
        assertThat(files.locateHeaders()).extracting(PlanHeader::name).containsExactly("customers", "orders");
    }

    @Test
    void refusesAnUnknownKeyNamingFileLineAndTheKnownKeys() throws IOException {
        Path plan = planWith("      verifierClean: true", "      verifierClean: true\n      coffee: strong");

        assertThatThrownBy(() -> files.load(plan)).isInstanceOfSatisfying(InvalidPlanException.class, ex -> {
            assertThat(ex.file()).isEqualTo(plan);
            assertThat(ex.line()).isEqualTo(lineOf(plan, "coffee"));
            assertThat(ex.getMessage()).startsWith(plan + ":" + ex.line() + ": phases[0].gates.coffee: unknown key")
                    .contains("errorRateBelow");
        });
    }

    @Test
    void refusesAnUnknownRouteModeOnItsLine() throws IOException {
        Path plan = planWith("customers-read: SHADOW,", "customers-read: SIDEWAYS,");

        assertThatThrownBy(() -> files.load(plan)).isInstanceOfSatisfying(InvalidPlanException.class, ex -> {
            assertThat(ex.line()).isEqualTo(lineOf(plan, "SIDEWAYS"));
            assertThat(ex.reason()).contains("phases[1].routes.customers-read: 'SIDEWAYS' does not match");
        });
    }

    @Test
    void refusesABoundOutOfRange() throws IOException {
        Path plan = planWith("shadowDiffRateBelow: 0.05", "shadowDiffRateBelow: 5");

        assertThatThrownBy(() -> files.load(plan)).isInstanceOfSatisfying(InvalidPlanException.class, ex ->
                assertThat(ex.reason()).isEqualTo("phases[1].gates.shadowDiffRateBelow: 5 is above the maximum 1"));
    }

    @Test
    void refusesAValueOfTheWrongType() throws IOException {
        Path plan = planWith("syncLagBelowMillis: 10000\n  - name: shadow-reads",
                "syncLagBelowMillis: soon\n  - name: shadow-reads");

        assertThatThrownBy(() -> files.load(plan)).isInstanceOfSatisfying(InvalidPlanException.class, ex ->
                assertThat(ex.reason()).isEqualTo("phases[0].gates.syncLagBelowMillis: must be an integer but is "
                        + "'soon'"));
    }

    @Test
    void refusesARouteForARuleThePlanDoesNotMove() throws IOException {
        Path plan = planWith("routes: {customers-read: MONOLITH, customers-write: MONOLITH}",
                "routes: {customers-read: MONOLITH, customers-write: MONOLITH, orders-read: SERVICE}");

        assertThatThrownBy(() -> files.load(plan)).isInstanceOfSatisfying(InvalidPlanException.class, ex -> {
            assertThat(ex.line()).isEqualTo(lineOf(plan, "orders-read"));
            assertThat(ex.reason()).isEqualTo("phase 'extract': route 'orders-read' is not one of the plan's "
                    + "endpoints [customers-read, customers-write]");
        });
    }

    @Test
    void refusesAPhaseThatLeavesAnEndpointUnset() throws IOException {
        Path plan = planWith("routes: {customers-read: MONOLITH, customers-write: MONOLITH}",
                "routes: {customers-read: MONOLITH}");

        assertThatThrownBy(() -> files.load(plan)).hasMessageContaining("phase 'extract' does not set the route of "
                + "[customers-write]");
    }

    @Test
    void refusesACanaryShareOverAHundredPercent() throws IOException {
        Path plan = planWith("CANARY 25%", "CANARY 250%");

        assertThatThrownBy(() -> files.load(plan)).isInstanceOf(InvalidPlanException.class)
                .hasMessageContaining("phases[2].routes.customers-read: 'CANARY 250%' does not match");
    }

    @Test
    void refusesShadowGatesInAPhaseThatShadowsNothing() throws IOException {
        Path plan = planWith("      serviceRequestsAtLeast: 20", "      shadowComparedAtLeast: 20");

        assertThatThrownBy(() -> files.load(plan)).hasMessageContaining("phase 'canary-reads' has shadow gates but "
                + "no route in SHADOW mode");
    }

    @Test
    void refusesAMissingSectionNamingIt() throws IOException {
        Path plan = planWith("sync:\n  pipeline: customers\n", "");

        assertThatThrownBy(() -> files.load(plan)).isInstanceOfSatisfying(InvalidPlanException.class, ex ->
                assertThat(ex.reason()).isEqualTo("sync: is required"));
    }

    @Test
    void refusesBrokenYamlWithTheLineOfTheProblem() throws IOException {
        Path plan = planWith("  pipeline: customers", "  pipeline: [customers");

        assertThatThrownBy(() -> files.load(plan)).isInstanceOfSatisfying(InvalidPlanException.class, ex -> {
            assertThat(ex.reason()).startsWith("not valid YAML");
            assertThat(ex.line()).isGreaterThanOrEqualTo(lineOf(plan, "[customers"));
        });
    }

    @Test
    void refusesADuplicateKey() throws IOException {
        Path plan = planWith("writesCutOver: false", "writesCutOver: false\nwritesCutOver: true");

        assertThatThrownBy(() -> files.load(plan)).hasMessageContaining("writesCutOver: duplicate key");
    }

    @Test
    void checksWithTheSchemaThatIsPublishedNextToThePlans() throws IOException {
        JsonMapper json = JsonMapper.builder().build();
        try (var packaged = PlanFiles.class.getResourceAsStream(PlanFiles.SCHEMA)) {
            assertThat(json.readTree(packaged)).isEqualTo(json.readTree(PLANS.resolve("plan.schema.json").toFile()));
        }
    }

    // Where the architecture rules' reader (arch-rules Plans) was more lenient than the CLI's, the one reader keeps
    // the stricter behaviour; the shipped plans pass it.

    @Test
    void refusesASectionItDoesNotKnowWhichTheRulesOnceIgnored() throws IOException {
        Path plan = planWith("writesCutOver: false", "writesCutOver: false\nowner: team-a");

        assertThatThrownBy(() -> files.load(plan)).isInstanceOfSatisfying(InvalidPlanException.class, ex -> {
            assertThat(ex.line()).isEqualTo(lineOf(plan, "owner: team-a"));
            assertThat(ex.reason()).startsWith("owner: unknown key (known: [plan, why, monolith, service, "
                    + "writesCutOver, endpoints, sync, phases])");
        });
    }

    @Test
    void refusesAPlanThatHasOnlyTheHeader() throws IOException {
        String text = Files.readString(PLANS.resolve("customers.yaml"));
        Path plan = Files.writeString(directory.resolve("customers.yaml"), text.substring(0, text.indexOf("\n#",
                text.indexOf("writesCutOver:"))));

        assertThatThrownBy(() -> files.load(plan)).isInstanceOfSatisfying(InvalidPlanException.class, ex ->
                assertThat(ex.reason()).isEqualTo("endpoints: is required (and 2 more problem(s))"));
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            plan: customers                     | plan: Customers                  | plan: 'Customers' does not match ^[a-z][a-z0-9_]*$
            why: Customers move to customer-service first; orders depend on them. | why: 42 | why: must be a string but is '42'
            why: Customers move to customer-service first; orders depend on them. | why: "  " | why: '  ' does not match \\S
            name: customer-service              | name: Customer Service           | service.name: 'Customer Service' does not match ^[a-z][a-z0-9-]*$
            tables: [customers]                 | tables: ["customers; drop"]      | monolith.tables[0]: 'customers; drop' does not match ^[a-zA-Z_][\\w$]*$
            '  module: customers          # top-level feature package being extracted' | '' | monolith.module: is required
            'methods: [GET, HEAD]'              | 'methods: [GET, GET]'            | endpoints[0].methods: lists an item twice
            """)
    void refusesWhatTheRulesReaderOnceLetThrough(String original, String replacement, String reason)
            throws IOException {
        Path plan = planWith(original, replacement);

        assertThatThrownBy(() -> files.load(plan)).isInstanceOfSatisfying(InvalidPlanException.class, ex -> {
            assertThat(ex.reason()).isEqualTo(reason);
            assertThat(ex.getMessage()).isEqualTo(plan + ":" + ex.line() + ": " + reason);
            assertThat(ex.line()).isPositive();
        });
    }

    @Test
    void refusesPlansOfDifferentMonolithsInOneDirectory() throws IOException {
        String customers = Files.readString(PLANS.resolve("customers.yaml"));
        Files.writeString(directory.resolve("a.yaml"), customers);
        Path other = Files.writeString(directory.resolve("b.yaml"), customers.replace("plan: customers", "plan: other")
                .replace("basePackage: com.acme.shop", "basePackage: com.other"));

        assertThatThrownBy(() -> files.loadAll(directory)).isInstanceOfSatisfying(InvalidPlanException.class, ex -> {
            assertThat(ex.file()).isEqualTo(other);
            assertThat(ex.line()).isEqualTo(lineOf(other, "basePackage: com.other"));
            assertThat(ex.reason()).isEqualTo("monolith.basePackage: is com.other but plan customers says "
                    + "com.acme.shop; all plans of a directory describe the same monolith");
        });
    }

    @Test
    void readsTableNamesInLowerCaseAsSqlComparesThem() throws IOException {
        Path plan = planWith("tables: [customers]", "tables: [Customers]");

        assertThat(files.load(plan).header().monolith().tables()).containsExactly("customers");
    }

    @Test
    void readsAModuleOfALayeredMonolithGivenByClassPatternsAndByTableUse() throws IOException {
        Path plan = planWith("module: customers",
                "module: {name: customers, classes: [web.Customer*, \"service.**\"], usingTables: true}");

        PlanHeader.Monolith monolith = files.load(plan).header().monolith();

        assertThat(monolith.module()).isEqualTo("customers");
        assertThat(monolith.members().usingTables()).isTrue();
        assertThat(monolith.describeModule()).isEqualTo("customers (classes web.Customer*, service.** and the "
                + "classes that use its tables)");
        assertThat(monolith.members().matches("com.acme", "com.acme.web.CustomerController$Form")).isTrue();
        assertThat(monolith.members().matches("com.acme", "com.acme.web.OrderController")).isFalse();
        assertThat(monolith.members().matches("com.acme", "com.acme.service.billing.Invoices")).isTrue();
        assertThat(monolith.members().matches("com.acme", "com.acmex.service.Invoices")).isFalse();
        assertThat(files.load(PLANS.resolve("customers.yaml")).header().monolith().members().byPackage()).isTrue();
    }

    @Test
    void refusesAModuleThatSaysNeitherWhichClassesNorThatItUsesTheTables() throws IOException {
        Path plan = planWith("module: customers", "module: {name: customers, usingTables: false}");

        assertThatThrownBy(() -> files.load(plan)).isInstanceOfSatisfying(InvalidPlanException.class,
                ex -> assertThat(ex.line()).isEqualTo(lineOf(plan, "usingTables: false")));
    }

    @Test
    void refusesAnAliasRatherThanReadingItsName() throws IOException {
        Path plan = planWith("pipeline: customers", "pipeline: *customers");

        assertThatThrownBy(() -> files.load(plan)).isInstanceOfSatisfying(InvalidPlanException.class, ex -> {
            assertThat(ex.line()).isEqualTo(lineOf(plan, "*customers"));
            assertThat(ex.reason()).startsWith("sync.pipeline: aliases (*customers) are not supported");
        });
    }

    private Path planWith(String original, String replacement) throws IOException {
        String text = Files.readString(PLANS.resolve("customers.yaml"));
        assertThat(text).contains(original);
        Path plan = directory.resolve("customers.yaml");
        Files.writeString(plan, text.replaceFirst(java.util.regex.Pattern.quote(original),
                java.util.regex.Matcher.quoteReplacement(replacement)));
        return plan;
    }

    private static int lineOf(Path file, String text) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        }
        catch (IOException ex) {
            throw new java.io.UncheckedIOException(ex);
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i + 1;
            }
        }
        throw new AssertionError(text + " not in " + file);
    }
}
