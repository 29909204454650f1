package dev.strangler.archrules;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.AbstractClassesTransformer;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.lang.syntax.ArchRuleDefinition;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import dev.strangler.plans.plan.PlanHeader;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Rules for the monolith being strangled, all derived from a {@link ModuleLayout} (and so from the plans). In the
 * monolith's own tests, wrap the ones with legacy violations in
 * {@link com.tngtech.archunit.library.freeze.FreezingArchRule#freeze(ArchRule)} so that the violations that exist
 * are recorded and only new ones fail.
 */
public final class MonolithRules {

    private MonolithRules() {
    }

    /** Every rule for the monolith, in the order a report shows them. */
    public static List<ArchRule> all(ModuleLayout layout) {
        List<ArchRule> rules = new java.util.ArrayList<>(List.of(
                modulesAreFreeOfCycles(layout),
                modulesReachEachOtherOnlyThroughTheirApi(layout)));
        if (!layout.plans().isEmpty()) {
            rules.addAll(List.of(
                    modulesBeingExtractedGainNoDependents(layout),
                    tablesOfModulesBeingExtractedAreUsedOnlyByThem(layout),
                    monolithWritesNoTableCutOverToAService(layout),
                    plansMatchTheCode(layout)));
        }
        return rules;
    }

    public static ArchRule modulesAreFreeOfCycles(ModuleLayout layout) {
        return SlicesRuleDefinition.slices().matching(layout.basePackage() + ".(*)..").namingSlices("module $1")
                .should().beFreeOfCycles()
                .as("modules of " + layout.basePackage() + " are free of cycles")
                .because("a module in a cycle can only move out together with every other module of the cycle");
    }

    public static ArchRule modulesReachEachOtherOnlyThroughTheirApi(ModuleLayout layout) {
        return classes().that().resideInAPackage(layout.everything())
                .should(new ArchCondition<JavaClass>("reach other modules only through their API package") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        Optional<String> own = layout.moduleOf(origin);
                        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                            JavaClass target = dependency.getTargetClass().getBaseComponentType();
                            Optional<String> module = layout.moduleOf(target);
                            if (module.isPresent() && !module.equals(own) && !layout.isShared(module.get())
                                    && !layout.isMembers(module.get())
                                    && !target.getPackageName().equals(layout.packageOf(module.get()))) {
                                events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                            }
                        }
                    }
                })
                .as("modules of " + layout.basePackage() + " reach each other only through their API package "
                        + "(the module's top-level package; shared: " + sorted(layout.sharedModules()) + ")")
                .because("a module's internals are private to it: code that reaches past the API has to be "
                        + "rewritten the day the module moves to a service");
    }

    /** No code outside a module that a plan extracts may depend on it: existing dependents are frozen, new ones fail. */
    public static ArchRule modulesBeingExtractedGainNoDependents(ModuleLayout layout) {
        Set<String> extracted = extractedModules(layout);
        return classes().that().resideInAPackage(layout.everything())
                .should(new ArchCondition<JavaClass>("not depend on a module being extracted") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        Optional<String> own = layout.moduleOf(origin);
                        for (Dependency dependency : origin.getDirectDependenciesFromSelf()) {
                            Optional<String> module = layout.moduleOf(dependency.getTargetClass()
                                    .getBaseComponentType());
                            if (module.isPresent() && extracted.contains(module.get()) && !module.equals(own)) {
                                events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
                            }
                        }
                    }
                })
                .as("no code of " + layout.basePackage() + " outside a module being extracted " + extracted
                        + " depends on it")
                .because("every new caller of a module that is moving out is one more call to turn into a "
                        + "remote call or to untangle before the module can leave");
    }

    /** Tables that the plans give to a module are used (mapped, read or written) only by that module's code. */
    public static ArchRule tablesOfModulesBeingExtractedAreUsedOnlyByThem(ModuleLayout layout) {
        Set<String> extracted = extractedModules(layout);
        return classes().that().resideInAPackage(layout.everything())
                .should(new ArchCondition<JavaClass>("use no table of another module being extracted") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        Optional<String> own = layout.moduleOf(origin);
                        for (String module : extracted) {
                            if (Optional.of(module).equals(own)) {
                                continue;
                            }
                            for (TableUse use : TableUsage.of(origin, layout.tablesOf(module), false)) {
                                events.add(SimpleConditionEvent.violated(origin, use.describe()
                                        + " owned by module " + module));
                            }
                        }
                    }
                })
                .as("tables of a module being extracted " + ownedTables(layout) + " are used only by that "
                        + "module's code in " + layout.basePackage())
                .because("a table moves out with its module: SQL or mappings elsewhere would read a table that "
                        + "its new owner no longer writes, or write one that it no longer reads");
    }

    /** After a plan's write cutover, no monolith code writes the plan's tables: the service is the writer of record. */
    public static ArchRule monolithWritesNoTableCutOverToAService(ModuleLayout layout) {
        Set<String> cutOver = layout.cutOverTables();
        String plans = layout.plans().stream().filter(PlanHeader::writesCutOver).map(PlanHeader::name)
                .collect(Collectors.joining(", ", "[", "]"));
        return classes().that().resideInAPackage(layout.everything())
                .should(new ArchCondition<JavaClass>("write no table whose writes are cut over") {
                    @Override
                    public void check(JavaClass origin, ConditionEvents events) {
                        for (TableUse use : TableUsage.of(origin, cutOver, true)) {
                            events.add(SimpleConditionEvent.violated(origin, use.describe()));
                        }
                    }
                })
                .as("code of " + layout.basePackage() + " writes no table whose writes are cut over to a service "
                        + cutOver + " (plans with writes cut over: " + plans + ")")
                .because("after the write cutover the service is the writer of record and reverse sync fills "
                        + "the shared table: a write from the monolith would be overwritten or would fork the data");
    }

    /** Each plan's module exists in the code, and each table the plan gives it is used by the module's code. */
    public static ArchRule plansMatchTheCode(ModuleLayout layout) {
        return ArchRuleDefinition.all(new AbstractClassesTransformer<PlannedModule>("plans") {
            @Override
            public Iterable<PlannedModule> doTransform(JavaClasses classes) {
                return layout.plans().stream().map(plan -> new PlannedModule(plan, classes.stream()
                        .filter(javaClass -> layout.moduleOf(javaClass).filter(plan.monolith().module()::equals)
                                .isPresent())
                        .toList())).toList();
            }
        }).should(new ArchCondition<PlannedModule>("name a module that exists and uses the plan's tables") {
            @Override
            public void check(PlannedModule planned, ConditionEvents events) {
                PlanHeader plan = planned.plan();
                if (planned.classes().isEmpty()) {
                    events.add(SimpleConditionEvent.violated(planned, "Plan " + plan.name() + " extracts module <"
                            + plan.monolith().describeModule() + ">, but no class "
                            + (plan.monolith().members().byPackage() ? "resides in it" : "is one of them")));
                    return;
                }
                Set<String> used = planned.classes().stream().flatMap(javaClass -> TableUsage.of(javaClass).stream())
                        .map(TableUse::table).collect(Collectors.toSet());
                for (String table : plan.monolith().tables()) {
                    if (!used.contains(table)) {
                        events.add(SimpleConditionEvent.violated(planned, "Plan " + plan.name() + " gives table <"
                                + table + "> to module <" + plan.monolith().describeModule()
                                + ">, but no entity, repository or SQL constant of the module uses it"));
                    }
                }
            }
        })
                .as("plans " + layout.plans().stream().map(PlanHeader::name).toList() + " name modules of "
                        + layout.basePackage() + " that exist, and tables that those modules use")
                .because("the plans are the source of truth for what moves: a plan that disagrees with the code "
                        + "would switch off the rules for the code that really moves");
    }

    /** A plan with the classes of its module. */
    record PlannedModule(PlanHeader plan, List<JavaClass> classes) {

        @Override
        public String toString() {
            return "plan " + plan.name();
        }
    }

    private static Set<String> extractedModules(ModuleLayout layout) {
        return layout.plans().stream().map(plan -> plan.monolith().module())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String ownedTables(ModuleLayout layout) {
        return extractedModules(layout).stream().map(module -> module + "=" + layout.tablesOf(module))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    private static String sorted(Set<String> values) {
        return new TreeSet<>(values).toString();
    }
}
