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
     * @param module the top-level feature package being extracted, e.g. {@code customers}
     * @param tables the shared-schema tables this module owns, lower case
     */
    public record Monolith(String basePackage, String module, List<String> tables) {

        public Monolith {
            tables = List.copyOf(tables);
        }

        /** The module's package, which is also its declared API package, e.g. {@code com.acme.shop.customers}. */
        public String modulePackage() {
            return basePackage + "." + module;
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
