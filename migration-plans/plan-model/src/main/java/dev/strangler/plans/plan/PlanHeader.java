package dev.strangler.plans.plan;

import java.util.List;
import java.util.Objects;

/**
 * The header of a plan file: which monolith module is being extracted and which tables it owns, which service it
 * becomes and which tables that service owns, and whether the plan's writes are cut over. The architecture rules
 * read only this part of a plan.
 *
 * @param name the plan's name, e.g. {@code customers}
 * @param why one sentence on why this extraction happens (and in this order)
 * @param monolith the side being extracted
 * @param service the service it becomes
 * @param writesCutOver true once the service is the writer of record for the plan's tables; from then on monolith
 *        code may no longer write them (reverse sync keeps the shared tables up to date)
 */
public record PlanHeader(String name, String why, Monolith monolith, Service service, boolean writesCutOver) {

    public PlanHeader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(why, "why");
        Objects.requireNonNull(monolith, "monolith");
        Objects.requireNonNull(service, "service");
    }

    /**
     * The monolith side of a plan.
     *
     * @param basePackage the monolith's root package; each package directly below it is a module
     * @param module the module being extracted: a top-level feature package, e.g. {@code customers}, or, with
     *        {@code members}, the name of a set of classes
     * @param tables the shared-schema tables this module owns, lower case
     * @param members which classes make the module when it is not a feature package (a monolith organised by layer)
     */
    public record Monolith(String basePackage, String module, List<String> tables, Members members) {

        public Monolith {
            tables = List.copyOf(tables);
            Objects.requireNonNull(members, "members");
        }

        /** A module that is a feature package. */
        public Monolith(String basePackage, String module, List<String> tables) {
            this(basePackage, module, tables, Members.PACKAGE);
        }

        /** The module's package, which is also its declared API package, e.g. {@code com.acme.shop.customers}. */
        public String modulePackage() {
            return basePackage + "." + module;
        }

        /** How a report names the module: its package, or its name and what selects its classes. */
        public String describeModule() {
            return members.byPackage() ? modulePackage() : module + " (" + members.describe() + ")";
        }
    }

    /**
     * Which classes make a module that is not one feature package, as in a monolith organised by layer
     * ({@code web}, {@code service}, {@code repository}): classes by pattern, the classes that use the plan's tables,
     * or both.
     *
     * @param classes patterns of class names below the monolith's base package: {@code *} stands for any part of
     *        one name segment, {@code **} for any run of segments; {@code web.Visit*}, {@code billing.**}. A nested
     *        class belongs where its top-level class does.
     * @param usingTables true when every class that uses one of the plan's tables (an entity, a repository, SQL in a
     *        string constant) belongs to the module
     */
    public record Members(List<String> classes, boolean usingTables) {

        /** The module is its feature package. */
        public static final Members PACKAGE = new Members(List.of(), false);

        public Members {
            classes = List.copyOf(classes);
        }

        public boolean byPackage() {
            return classes.isEmpty() && !usingTables;
        }

        /**
         * Whether the class (its fully qualified name) matches one of the patterns, relative to {@code basePackage}.
         */
        public boolean matches(String basePackage, String className) {
            if (!className.startsWith(basePackage + ".")) {
                return false;
            }
            String relative = className.substring(basePackage.length() + 1);
            int nested = relative.indexOf('$');
            String topLevel = nested < 0 ? relative : relative.substring(0, nested);
            return classes.stream().anyMatch(pattern -> topLevel.matches(regex(pattern)));
        }

        String describe() {
            List<String> parts = new java.util.ArrayList<>();
            if (!classes.isEmpty()) {
                parts.add("classes " + String.join(", ", classes));
            }
            if (usingTables) {
                parts.add("the classes that use its tables");
            }
            return String.join(" and ", parts);
        }

        private static String regex(String pattern) {
            StringBuilder regex = new StringBuilder();
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (c == '*' && i + 1 < pattern.length() && pattern.charAt(i + 1) == '*') {
                    regex.append(".*");
                    i++;
                }
                else if (c == '*') {
                    regex.append("[^.]*");
                }
                else {
                    regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
                }
            }
            return regex.toString();
        }
    }

    /**
     * The service a plan extracts.
     *
     * @param name the service's name, e.g. {@code customer-service}; also the proxy's backend name
     * @param basePackage the service's root package
     * @param tables the tables of the service's own database, lower case
     */
    public record Service(String name, String basePackage, List<String> tables) {

        public Service {
            tables = List.copyOf(tables);
        }
    }

    /** The same plan with its write cutover set as given: what the rules would say before or after the cutover. */
    public PlanHeader withWritesCutOver(boolean cutOver) {
        return new PlanHeader(name, why, monolith, service, cutOver);
    }
}
