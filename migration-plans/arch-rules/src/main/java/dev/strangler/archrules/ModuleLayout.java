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
 * <p>In a monolith organised by layer ({@code web}, {@code service}, {@code repository}) a plan's module is not a
 * package: the plan names its classes by pattern, or as the classes that use its tables
 * ({@link PlanHeader.Members}). Such a class belongs to the plan's module, wherever its package is; every other
 * class belongs to its top-level package as before.
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

    /**
     * The module a class belongs to: the module of the first plan whose members it is (a module that is not a
     * package), else the first package segment below the base package, if any.
     */
    public Optional<String> moduleOf(JavaClass javaClass) {
        return memberOf(javaClass).or(() -> moduleOf(javaClass.getPackageName()));
    }

    /** The module of the plan whose members (by pattern or by table use) this class is, if any. */
    Optional<String> memberOf(JavaClass javaClass) {
        for (PlanHeader plan : plans) {
            PlanHeader.Members members = plan.monolith().members();
            if (members.byPackage()) {
                continue;
            }
            JavaClass topLevel = topLevel(javaClass);
            if (members.matches(basePackage, topLevel.getName()) || members.usingTables()
                    && within(topLevel) && usesAny(topLevel, plan.monolith().tables())) {
                return Optional.of(plan.monolith().module());
            }
        }
        return Optional.empty();
    }

    /** Whether the module is a set of classes rather than a package: then every class of it is its API. */
    public boolean isMembers(String module) {
        return plans.stream().anyMatch(plan -> plan.monolith().module().equals(module)
                && !plan.monolith().members().byPackage());
    }

    private boolean within(JavaClass javaClass) {
        return javaClass.getPackageName().equals(basePackage) || javaClass.getPackageName().startsWith(basePackage + ".");
    }

    /** A nested class (a repository's row record) goes with its top-level class, whose code uses the tables. */
    private static boolean usesAny(JavaClass topLevel, List<String> tables) {
        return !TableUsage.of(topLevel, Set.copyOf(tables), false).isEmpty();
    }

    private static JavaClass topLevel(JavaClass javaClass) {
        JavaClass outer = javaClass;
        while (outer.getEnclosingClass().isPresent()) {
            outer = outer.getEnclosingClass().get();
        }
        return outer;
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
