package dev.strangler.archrules;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.strangler.plans.plan.PlanHeader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;

/**
 * Runs the migration rules against compiled code (a classes directory or a jar) and reports every violation,
 * unfrozen: what the command line prints is the current baseline. This is the entry point of
 * {@code strangler archcheck}.
 */
public final class ArchCheck {

    private static final String BECAUSE = ", because ";

    private ArchCheck() {
    }

    /** With a plan: the monolith rules for its module and tables, and the service rules if its service is there. */
    public static ArchReport run(Path jarOrClassesDir, Optional<PlanHeader> plan) {
        return run(jarOrClassesDir, plan.map(List::of).orElse(List.of()));
    }

    /**
     * With plans, the monolith's base package and its modules' tables come from them; without, the base package is
     * the deepest package that holds all classes and only the module rules run.
     */
    public static ArchReport run(Path jarOrClassesDir, List<PlanHeader> plans) {
        JavaClasses classes = importClasses(jarOrClassesDir);
        List<ArchRule> rules = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        boolean plansApply = classes.stream().anyMatch(javaClass -> plans.stream().anyMatch(plan ->
                within(javaClass, plan.monolith().basePackage()) || within(javaClass, plan.service().basePackage())));
        ModuleLayout layout;
        if (plans.isEmpty() || !plansApply) {
            String base = commonPackage(classes);
            layout = ModuleLayout.of(base);
            if (plans.isEmpty()) {
                notes.add("no plan: ran the generic rules only (module cycles, module APIs), base package " + base
                        + " inferred; the rules of an extraction need its plan (strangler init writes one)");
            }
            else {
                // Another monolith's plans say nothing about these classes: run what holds for any monolith.
                notes.add("no plan names these classes (plans " + String.join(", ", plans.stream().map(plan ->
                        plan.name() + ": " + plan.monolith().basePackage()).toList()) + "); ran the generic rules "
                        + "only, base package " + base + " inferred");
            }
        }
        else {
            layout = ModuleLayout.fromPlans(plans);
        }
        if (classes.stream().anyMatch(javaClass -> layout.moduleOf(javaClass).isPresent())) {
            rules.addAll(MonolithRules.all(layout));
        }
        boolean hasServiceCode = classes.stream().anyMatch(javaClass -> plans.stream().anyMatch(plan ->
                within(javaClass, plan.service().basePackage())));
        if (hasServiceCode) {
            rules.add(ServiceRules.neverDependOnTheMonolith(plans));
            rules.add(ServiceRules.touchOnlyTheirOwnTables(plans));
        }
        List<ArchReport.RuleResult> results = rules.stream().map(rule -> result(rule, classes)).toList();
        return new ArchReport(jarOrClassesDir.toString(), classes.size(),
                plans.stream().map(PlanHeader::name).toList(), results, notes);
    }

    /**
     * The plan named {@code name} among {@code plans}, as a list to hand to {@link #run(Path, List)}.
     *
     * @throws PlanException when none has that name
     */
    public static List<PlanHeader> named(List<PlanHeader> plans, String name) {
        List<PlanHeader> named = plans.stream().filter(plan -> plan.name().equals(name)).toList();
        if (named.isEmpty()) {
            throw new PlanException("No plan named " + name + " among "
                    + plans.stream().map(PlanHeader::name).toList());
        }
        return named;
    }

    private static boolean within(JavaClass javaClass, String basePackage) {
        return (javaClass.getPackageName() + ".").startsWith(basePackage + ".");
    }

    /**
     * The decommission check of one plan: the write-cutover rule with the plan's {@code writesCutOver} in force,
     * whatever the plan file says, so that it names every monolith writer of the plan's tables that is left. Only
     * that rule runs: the monolith's frozen legacy violations say nothing about whether the module can go.
     *
     * @throws IllegalArgumentException when the classes hold no class of the plan's monolith base package
     */
    public static ArchReport writesCutOver(Path jarOrClassesDir, PlanHeader plan) {
        JavaClasses classes = importClasses(jarOrClassesDir);
        String base = plan.monolith().basePackage();
        if (classes.stream().noneMatch(javaClass -> (javaClass.getPackageName() + ".").startsWith(base + "."))) {
            // Nothing of the monolith to check would pass for nothing: a wrong path must not prove a module dead.
            throw new IllegalArgumentException(jarOrClassesDir + " holds no class of the monolith's package " + base
                    + " (" + classes.size() + " classes)");
        }
        PlanHeader cutOver = plan.withWritesCutOver(true);
        ArchRule rule = MonolithRules.monolithWritesNoTableCutOverToAService(ModuleLayout.fromPlans(List.of(cutOver)))
                .allowEmptyShould(true);
        return new ArchReport(jarOrClassesDir.toString(), classes.size(), List.of(plan.name()),
                List.of(result(rule, classes)));
    }

    /**
     * Which tables each class below {@code basePackage} uses (entities, repositories, SQL in string constants), by
     * fully qualified name of its top-level class; classes that use none are left out. What {@code strangler init}
     * reads to choose the form of a plan's module.
     */
    public static java.util.SortedMap<String, java.util.SortedSet<String>> tableUses(Path jarOrClassesDir,
            String basePackage) {
        java.util.SortedMap<String, java.util.SortedSet<String>> uses = new java.util.TreeMap<>();
        for (JavaClass javaClass : importClasses(jarOrClassesDir)) {
            if (!(javaClass.getPackageName() + ".").startsWith(basePackage + ".")) {
                continue;
            }
            String topLevel = javaClass.getName().replaceFirst("\\$.*", "");
            for (TableUse use : TableUsage.of(javaClass)) {
                uses.computeIfAbsent(topLevel, name -> new java.util.TreeSet<>()).add(use.table());
            }
        }
        return uses;
    }

    static ArchReport.RuleResult result(ArchRule rule, JavaClasses classes) {
        EvaluationResult evaluation = rule.evaluate(classes);
        String description = rule.getDescription();
        int because = description.lastIndexOf(BECAUSE);
        List<String> violations = evaluation.getFailureReport().getDetails().stream().sorted().toList();
        return because < 0
                ? new ArchReport.RuleResult(description, "(no reason given)", violations)
                : new ArchReport.RuleResult(description.substring(0, because),
                        description.substring(because + BECAUSE.length()), violations);
    }

    static JavaClasses importClasses(Path jarOrClassesDir) {
        if (Files.isDirectory(jarOrClassesDir)) {
            return new ClassFileImporter().importPath(jarOrClassesDir);
        }
        if (Files.isRegularFile(jarOrClassesDir) && jarOrClassesDir.toString().endsWith(".jar")) {
            try (JarFile jar = new JarFile(jarOrClassesDir.toFile())) {
                return new ClassFileImporter().importJar(jar);
            }
            catch (IOException ex) {
                throw new UncheckedIOException("Cannot read " + jarOrClassesDir, ex);
            }
        }
        throw new IllegalArgumentException(jarOrClassesDir + ": is neither a classes directory nor a jar");
    }

    /** The deepest package containing every class: the monolith's base package when it has no plans yet. */
    static String commonPackage(JavaClasses classes) {
        String common = null;
        for (JavaClass javaClass : classes) {
            String name = javaClass.getPackageName();
            if (common == null) {
                common = name;
            }
            while (!(name + ".").startsWith(common + ".") && !common.isEmpty()) {
                int dot = common.lastIndexOf('.');
                common = dot < 0 ? "" : common.substring(0, dot);
            }
        }
        if (common == null || common.isEmpty()) {
            throw new IllegalArgumentException("No common base package in the classes: name one with a plan");
        }
        return common;
    }
}
