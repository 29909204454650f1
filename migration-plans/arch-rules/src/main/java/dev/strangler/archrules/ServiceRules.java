package dev.strangler.archrules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import dev.strangler.plans.plan.PlanFiles;
import dev.strangler.plans.plan.PlanHeader;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rules for the extracted services, from the plans (each plan names its service's base package and tables).
 *
 * <p>A service module adopts them with a test class like
 * <pre>{@code
 * @AnalyzeClasses(packages = "com.acme.orderservice", importOptions = ImportOption.DoNotIncludeTests.class)
 * class ArchitectureTests {
 *     @ArchTest
 *     static final ArchTests service_rules = ArchTests.in(ServiceRules.class);
 * }
 * }</pre>
 * The plans are read with {@link PlanFiles#locateHeaders()}; the service's package must be a plan's
 * {@code service.basePackage}, or the rules fail for having no classes to check.
 */
public final class ServiceRules {

    @ArchTest
    static final ArchRule services_never_depend_on_monolith_classes = neverDependOnTheMonolith(new PlanFiles().locateHeaders());

    @ArchTest
    static final ArchRule services_never_touch_another_services_or_the_monoliths_tables =
            touchOnlyTheirOwnTables(new PlanFiles().locateHeaders());

    private ServiceRules() {
    }

    public static ArchRule neverDependOnTheMonolith(List<PlanHeader> plans) {
        return noClasses().that().resideInAnyPackage(servicePackages(plans))
                .should().dependOnClassesThat().resideInAnyPackage(plans.stream()
                        .map(plan -> plan.monolith().basePackage() + "..").distinct().toArray(String[]::new))
                .as("services " + serviceNames(plans) + " never depend on monolith classes "
                        + plans.stream().map(plan -> plan.monolith().basePackage()).distinct().toList())
                .because("a service is built, deployed and scaled without the monolith, which is being retired: "
                        + "what it needs from the monolith comes over HTTP or through sync");
    }

    public static ArchRule touchOnlyTheirOwnTables(List<PlanHeader> plans) {
        return classes().that().resideInAnyPackage(servicePackages(plans))
                .should(new ArchCondition<JavaClass>("use only the tables of its own service") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        Optional<PlanHeader> own = plans.stream().filter(plan -> origin.getPackageName()
                                .equals(plan.service().basePackage())
                                || origin.getPackageName().startsWith(plan.service().basePackage() + ".")).findFirst();
                        Set<String> foreign = new TreeSet<>();
                        for (PlanHeader plan : plans) {
                            foreign.addAll(plan.monolith().tables());
                            if (!own.map(plan::equals).orElse(false)) {
                                foreign.addAll(plan.service().tables());
                            }
                        }
                        own.ifPresent(plan -> foreign.removeAll(plan.service().tables()));
                        for (TableUse use : TableUsage.of(origin, foreign, false)) {
                            events.add(SimpleConditionEvent.violated(origin, use.describe()));
                        }
                    }
                })
                .as("services " + serviceNames(plans) + " use only their own tables, none of another service "
                        + "or of the monolith's shared schema")
                .because("each service owns its database: data of another service comes through its API, "
                        + "and data of the monolith through sync, so that every table has one writer");
    }

    private static String[] servicePackages(List<PlanHeader> plans) {
        return plans.stream().map(plan -> plan.service().basePackage() + "..").distinct().toArray(String[]::new);
    }

    private static List<String> serviceNames(List<PlanHeader> plans) {
        return plans.stream().map(plan -> plan.service().name()).toList();
    }
}
