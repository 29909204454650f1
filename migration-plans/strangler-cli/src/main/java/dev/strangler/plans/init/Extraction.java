package dev.strangler.plans.init;

import java.util.List;
import java.util.Locale;

/**
 * One service to extract, as {@code init} will write it: its tables, the resources it takes over, where it runs and
 * its own database.
 *
 * @param name the service's name, also the proxy's backend name ({@code visit-service})
 * @param pipeline the pipeline's and the plan's name ({@code visit})
 * @param tables the monolith's tables it takes, as the catalog describes them
 * @param resources the monolith's resources it takes over (may be empty: nothing routed to it yet)
 */
record Extraction(String name, String pipeline, List<SourceSchema.Table> tables, List<Endpoints.Resource> resources,
        String url, Database database, String basePackage) {

    /**
     * A database as the stack file names it: the password never, only the environment variable that holds it.
     */
    record Database(String url, String user, String passwordEnv) {

        /** The pipeline file's {@code password:} value, resolved by cdc-sync from its environment. */
        String passwordPlaceholder() {
            return "${" + passwordEnv + ":}";
        }
    }

    /** {@code visit-service} → {@code visit}: pipeline and plan names are lower case with underscores. */
    static String pipelineName(String service) {
        String name = service.toLowerCase(Locale.ROOT).replaceAll("-service$", "").replaceAll("[^a-z0-9]+", "_")
                .replaceAll("^_+|_+$", "");
        if (name.isEmpty() || !Character.isLetter(name.charAt(0))) {
            name = "s_" + name;
        }
        return name.length() > 30 ? name.substring(0, 30) : name;
    }

    /** The plan phase's {@code routes} keys: each resource's read and write rule, in order. */
    List<String> rules() {
        return resources.stream().flatMap(r -> List.of(readRule(r), writeRule(r)).stream()).toList();
    }

    static String readRule(Endpoints.Resource resource) {
        return resource.name() + "-read";
    }

    static String writeRule(Endpoints.Resource resource) {
        return resource.name() + "-write";
    }

    List<String> tableNames() {
        return tables.stream().map(SourceSchema.Table::name).toList();
    }
}
