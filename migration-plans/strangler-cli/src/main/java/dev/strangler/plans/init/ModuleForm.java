package dev.strangler.plans.init;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The form of a plan's {@code monolith.module}, chosen from what the monolith's compiled classes show: a feature
 * package when every class that uses the extraction's tables sits in one top-level package that uses no other table
 * (a monolith organised by feature), else the classes that use the tables (a monolith organised by layer, where
 * {@code repository} holds the classes of every table). Without the classes, the second: it holds for either layout.
 *
 * @param yaml the {@code module:} value
 * @param why what was found, one line per comment line
 */
record ModuleForm(String yaml, List<String> why) {

    static ModuleForm of(@Nullable Map<String, SortedSet<String>> tableUses, String basePackage, String name,
            List<String> tables) {
        String byTables = "{name: " + name + ", usingTables: true}";
        if (tableUses == null) {
            return new ModuleForm(byTables, List.of("The classes that use the plan's tables (strangler archcheck finds "
                    + "them in the compiled", "classes). Pass --monolith-classes to init to have it look; add "
                    + "classes by pattern below the", "base package (classes: [web.Visit*]), or, in a monolith "
                    + "organised by feature, name its package."));
        }
        Set<String> wanted = Set.copyOf(tables);
        SortedSet<String> users = new TreeSet<>();
        SortedSet<String> packages = new TreeSet<>();
        tableUses.forEach((className, used) -> {
            if (used.stream().anyMatch(wanted::contains)) {
                users.add(className.substring(basePackage.length() + 1));
                packages.add(topPackage(className, basePackage));
            }
        });
        if (users.isEmpty()) {
            return new ModuleForm(byTables, List.of("No class below " + basePackage + " uses " + String.join(", ",
                    tables) + ": check the classes", "directory, or name the module's classes by pattern."));
        }
        if (packages.size() == 1 && !packages.first().isEmpty()) {
            String feature = packages.first();
            SortedSet<String> others = new TreeSet<>();
            tableUses.forEach((className, used) -> {
                if (topPackage(className, basePackage).equals(feature)) {
                    used.stream().filter(table -> !wanted.contains(table)).forEach(others::add);
                }
            });
            if (others.isEmpty()) {
                return new ModuleForm(feature, List.of("The feature package " + basePackage + "." + feature
                        + ": every class that uses the plan's", "tables is in it, and it uses no other table."));
            }
            return new ModuleForm(byTables, List.of("Organised by layer: the classes that use the plan's tables ("
                    + String.join(", ", users) + ")", "share " + basePackage + "." + feature + " with users of "
                    + String.join(", ", others) + ". Add the classes that call", "them by pattern (classes: "
                    + "[web.Visit*]) to move them with the module."));
        }
        return new ModuleForm(byTables, List.of("The classes that use the plan's tables are spread over packages "
                + String.join(", ", packages) + ":", String.join(", ", users) + "."));
    }

    private static String topPackage(String className, String basePackage) {
        String rest = className.substring(basePackage.length() + 1);
        int dot = rest.indexOf('.');
        return dot < 0 ? "" : rest.substring(0, dot);
    }
}
