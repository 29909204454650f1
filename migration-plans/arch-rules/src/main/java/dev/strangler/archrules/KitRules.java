package dev.strangler.archrules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.Arrays;
import java.util.List;

/**
 * Rules for the kit's own code (docs/architecture.md, "Data planes and one control plane"): the data planes
 * ({@link #DATA_PLANES}) never depend on the control plane ({@link #CONTROL_PLANE}) nor on each other, and the control
 * plane reaches them over HTTP, never through their classes. They share code only through the support libraries
 * ({@code dev.strangler.support}: the admin conventions of admin-support, app-support's defaults), which all of them
 * may use and which know none of them. Beans get their dependencies through constructors, and only a CLI output layer
 * writes to the standard streams.
 *
 * <p>A kit module adopts them with a test class like
 * <pre>{@code
 * @AnalyzeClasses(packages = "dev.strangler.proxy", importOptions = ImportOption.DoNotIncludeTests.class)
 * class ArchitectureTests {
 *     @ArchTest
 *     static final ArchTests kit_rules = ArchTests.in(KitRules.class);
 * }
 * }</pre>
 * The boundary rules allow an empty selection, because each module holds one engine only.
 */
public final class KitRules {

    /** The kit's root package. */
    public static final String KIT_PACKAGE = "dev.strangler";

    /** The kit's support libraries, shared by the data planes and the control plane. */
    public static final String SUPPORT = "support";

    /** Where a CLI may print: its output layer. */
    public static final String CLI_OUTPUT_PACKAGES = "..cli.output..";

    /** The data planes (the proxy, cdc-sync): each does one job fast and holds no decisions. */
    public static final List<String> DATA_PLANES = List.of("proxy", "sync");

    /**
     * The control plane: plans, gates, the runner, the plan console and the CLI ({@code dev.strangler.plans..}),
     * which decides and reaches the data planes through their admin HTTP APIs only.
     */
    public static final String CONTROL_PLANE = "plans";

    @ArchTest
    static final ArchRule the_proxy_depends_neither_on_sync_nor_on_the_control_plane =
            engineIsIndependent(KIT_PACKAGE, "proxy", "sync", CONTROL_PLANE);

    @ArchTest
    static final ArchRule sync_depends_neither_on_the_proxy_nor_on_the_control_plane =
            engineIsIndependent(KIT_PACKAGE, "sync", "proxy", CONTROL_PLANE);

    @ArchTest
    static final ArchRule the_control_plane_reaches_the_data_planes_only_over_http =
            engineIsIndependent(KIT_PACKAGE, CONTROL_PLANE, DATA_PLANES.toArray(String[]::new));

    @ArchTest
    static final ArchRule the_support_libraries_know_no_engine =
            supportKnowsNoEngine(KIT_PACKAGE, "proxy", "sync", "plans");

    @ArchTest
    static final ArchRule beans_get_their_dependencies_through_constructors = noFieldInjection();

    @ArchTest
    static final ArchRule only_the_cli_output_layer_writes_to_standard_streams =
            standardStreamsOnlyIn(CLI_OUTPUT_PACKAGES);

    private KitRules() {
    }

    /** Code of {@code kitPackage.engine} depends on no class of the {@code others} engines. */
    public static ArchRule engineIsIndependent(String kitPackage, String engine, String... others) {
        List<String> otherPackages = Arrays.stream(others).map(other -> kitPackage + "." + other + "..").toList();
        return noClasses().that().resideInAPackage(kitPackage + "." + engine + "..")
                .should().dependOnClassesThat().resideInAnyPackage(otherPackages.toArray(String[]::new))
                .allowEmptyShould(true)
                .as("the " + engine + " engine (" + kitPackage + "." + engine + "..) depends on no class of "
                        + otherPackages)
                .because("the engines are standalone: each runs, ships and is tested alone, and the plan runner "
                        + "talks to them through their admin HTTP APIs only; what they share comes from "
                        + kitPackage + "." + SUPPORT + "..");
    }

    /**
     * Code of {@code kitPackage.support} depends on no class of the {@code engines}: the support libraries sit below
     * the data planes and the control plane, so every one of them may use them.
     */
    public static ArchRule supportKnowsNoEngine(String kitPackage, String... engines) {
        List<String> enginePackages = Arrays.stream(engines).map(engine -> kitPackage + "." + engine + "..").toList();
        return noClasses().that().resideInAPackage(kitPackage + "." + SUPPORT + "..")
                .should().dependOnClassesThat().resideInAnyPackage(enginePackages.toArray(String[]::new))
                .allowEmptyShould(true)
                .as("the support libraries (" + kitPackage + "." + SUPPORT + "..) depend on no class of "
                        + enginePackages)
                .because("the data planes and the control plane all use them (admin token, audit log, problem "
                        + "documents), so they can know none of them without tying the engines together");
    }

    public static ArchRule noFieldInjection() {
        return noFields().should(GeneralCodingRules.BE_ANNOTATED_WITH_AN_INJECTION_ANNOTATION)
                .allowEmptyShould(true)
                .as("no field is injected (@Autowired, @Inject, @Value)")
                .because("constructor injection makes every dependency visible, final and settable in a fast "
                        + "test without a container");
    }

    /** No code outside these packages (ArchUnit package patterns) uses System.out, System.err or printStackTrace. */
    public static ArchRule standardStreamsOnlyIn(String... outputPackages) {
        return noClasses().that().resideOutsideOfPackages(outputPackages)
                .should(GeneralCodingRules.ACCESS_STANDARD_STREAMS)
                .allowEmptyShould(true)
                .as("no code outside " + Arrays.toString(outputPackages) + " writes to System.out or System.err "
                        + "or prints stack traces")
                .because("services log through SLF4J, where levels, structure and destinations are configured; "
                        + "only a CLI's output layer talks to the terminal");
    }
}
