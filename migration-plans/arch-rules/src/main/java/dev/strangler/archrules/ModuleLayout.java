package dev.strangler.archrules;

import com.tngtech.archunit.core.domain.JavaClass;
import dev.strangler.plans.plan.PlanHeader;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How a monolith is cut into modules: every package directly below {@code basePackage} is a module whose API is
 * that top-level package; its sub-packages (such as {@code internal}) are private to it. Shared packages (such as
 * {@code system}) hold cross-cutting code that every module may use in full. Which module a plan extracts, and which
 * tables it owns, come from the plans, so that rules and plans never disagree.
 *
 * @param basePackage the monolith's root package
 * @param sharedModules top-level packages every module may use, sub-packages included
 * @param plans the plans of this monolith (may be empty)
 */
public record ModuleLayout(String basePackage, Set<String> sharedModules, List<PlanHeader> plans) {

    /** The conventional shared package of a package-by-feature Spring application. */
    public static final String DEFAULT_SHARED_MODULE = "system";

    public ModuleLayout {
        sharedModules = Set.copyOf(sharedModules);
        plans = List.copyOf(plans);
        for (PlanHeader plan : plans) {
            if (!plan.monolith().basePackage().equals(basePackage)) {
                throw new PlanException("Plan " + plan.name() + ": monolith.basePackage: is "
                        + plan.monolith().basePackage() + ", but the monolith's base package is " + basePackage);
            }
        }
    }

    /** A layout taken from the plans (which must agree on the monolith's base package), with {@code system} shared. */
    public static ModuleLayout fromPlans(Collection<PlanHeader> plans) {
        if (plans.isEmpty()) {
            throw new PlanException("No plans given: the monolith's base package comes from the plans");
        }
        return new ModuleLayout(plans.iterator().next().monolith().basePackage(), Set.of(DEFAULT_SHARED_MODULE),
                new ArrayList<>(plans));
    }

    /** A layout for a monolith without plans yet, with {@code system} shared. */
    public static ModuleLayout of(String basePackage) {
        return new ModuleLayout(basePackage, Set.of(DEFAULT_SHARED_MODULE), List.of());
    }

    /** The same layout with these top-level packages shared instead. */
    public ModuleLayout withSharedModules(String... modules) {
        return new ModuleLayout(basePackage, Set.of(modules), plans);
    }

    /** The module a class belongs to: the first package segment below the base package, if any. */
    public Optional<String> moduleOf(JavaClass javaClass) {
        return moduleOf(javaClass.getPackageName());
    }

    Optional<String> moduleOf(String packageName) {
        if (!packageName.startsWith(basePackage + ".")) {
            return Optional.empty();
        }
        String rest = packageName.substring(basePackage.length() + 1);
        int dot = rest.indexOf('.');
        return Optional.of(dot < 0 ? rest : rest.substring(0, dot));
    }

    /** The module's package, which is also its only API package. */
    public String packageOf(String module) {
        return basePackage + "." + module;
    }

    public boolean isShared(String module) {
        return sharedModules.contains(module);
    }

    /** Tables owned by the module according to the plans; empty for a module no plan extracts. */
    public Set<String> tablesOf(String module) {
        Set<String> tables = new TreeSet<>();
        plans.stream().filter(plan -> plan.monolith().module().equals(module))
                .forEach(plan -> tables.addAll(plan.monolith().tables()));
        return tables;
    }

    /** Tables of every plan whose writes are cut over to its service: monolith code may no longer write them. */
    public Set<String> cutOverTables() {
        Set<String> tables = new TreeSet<>();
        plans.stream().filter(PlanHeader::writesCutOver).forEach(plan -> tables.addAll(plan.monolith().tables()));
        return tables;
    }

    /** The package pattern of the whole monolith, in ArchUnit's syntax. */
    String everything() {
        return basePackage + "..";
    }
}
