package dev.strangler.archrules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.Arrays;
import java.util.List;

/**
 * Rules for the kit's own code: the engines stay independent of each other (docs/architecture.md, "Decisions that
 * hold everywhere"), so the data planes (proxy, sync) never depend on the control plane ({@code plans}, with the plan
 * model in {@code dev.strangler.plans.plan}); shared support knows no engine; beans get their dependencies through
 * constructors, and only a CLI output layer writes to the standard streams.
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

    /** Where a CLI may print: its output layer. */
    public static final String CLI_OUTPUT_PACKAGES = "..cli.output..";

    @ArchTest
    static final ArchRule the_proxy_depends_on_neither_sync_nor_plans =
            engineIsIndependent(KIT_PACKAGE, "proxy", "sync", "plans");

    @ArchTest
    static final ArchRule sync_depends_on_neither_the_proxy_nor_plans =
            engineIsIndependent(KIT_PACKAGE, "sync", "proxy", "plans");

    @ArchTest
    static final ArchRule plans_reach_the_engines_over_http_not_through_their_classes =
            engineIsIndependent(KIT_PACKAGE, "plans", "proxy", "sync");

    @ArchTest
    static final ArchRule shared_support_depends_on_no_engine =
            supportIsEngineNeutral(KIT_PACKAGE, "support", "proxy", "sync", "plans");

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
                        + "talks to them through their admin HTTP APIs only");
    }

    /**
     * Code of {@code kitPackage.support} (what the data planes and the control plane share, such as the YAML schema
     * check that cdc-sync and the plan model both use) depends on no class of the {@code engines}.
     */
    public static ArchRule supportIsEngineNeutral(String kitPackage, String support, String... engines) {
        List<String> enginePackages = Arrays.stream(engines).map(engine -> kitPackage + "." + engine + "..").toList();
        return noClasses().that().resideInAPackage(kitPackage + "." + support + "..")
                .should().dependOnClassesThat().resideInAnyPackage(enginePackages.toArray(String[]::new))
                .allowEmptyShould(true)
                .as("shared support (" + kitPackage + "." + support + "..) depends on no class of " + enginePackages)
                .because("data planes and the control plane share it; support that knew an engine would carry that "
                        + "engine into every other, and a data plane would depend on the control plane");
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
