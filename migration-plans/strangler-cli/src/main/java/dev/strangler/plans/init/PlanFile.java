package dev.strangler.plans.init;

import java.util.List;
import java.util.function.Function;

/**
 * A plan skeleton for one extraction, in the shape of {@code migration-plans/plans/customers.yaml}: the six phases
 * (extract, shadow-reads, canary-reads, serve-reads, cutover-writes, retire) with the shipped plans' default gates,
 * and the decommission gates on retire.
 */
final class PlanFile {

    private PlanFile() {
    }

    static String render(Extraction extraction, String monolithPackage, String contextPath, ModuleForm module) {
        String service = extraction.name();
        List<Endpoints.Resource> resources = extraction.resources();
        StringBuilder out = new StringBuilder();
        out.append("# yaml-language-server: $schema=https://strangler.dev/schemas/plan.schema.json\n")
                .append("# Written by strangler init: a skeleton to review. `strangler plan advance ")
                .append(extraction.pipeline()).append("` checks the current\n# phase's gates against live figures, ")
                .append("then applies the next; `strangler plan rollback ").append(extraction.pipeline())
                .append("` goes back one.\n");
        out.append("plan: ").append(extraction.pipeline()).append('\n');
        out.append("why: \"").append(String.join(", ", extraction.tableNames())).append(" move to ").append(service)
                .append(".\"\n");
        out.append("monolith:\n")
                .append("  basePackage: ").append(monolithPackage).append('\n')
                .append("  # The module the architecture rules check for this extraction. ")
                .append(String.join("\n  # ", module.why())).append('\n')
                .append("  module: ").append(module.yaml()).append('\n')
                .append("  tables: [").append(String.join(", ", extraction.tableNames())).append("]\n");
        out.append("service:\n")
                .append("  name: ").append(service).append("   # also the proxy's backend name\n")
                .append("  basePackage: ").append(extraction.basePackage()).append('\n')
                .append("  tables: [").append(String.join(", ", extraction.tableNames())).append("]\n");
        out.append("# True once writes are cut over and the monolith's writers of these tables are removed.\n")
                .append("writesCutOver: false\n\n");
        out.append("# The proxy's endpoint rules this plan moves (ids as in the rules file).\nendpoints:\n");
        for (Endpoints.Resource resource : resources) {
            out.append("  - rule: ").append(Extraction.readRule(resource)).append('\n')
                    .append("    methods: [GET, HEAD]\n")
                    .append("    path: ").append(contextPath).append(resource.path()).append("/**\n");
            out.append("  - rule: ").append(Extraction.writeRule(resource)).append('\n')
                    .append("    methods: [POST, PUT, PATCH, DELETE]\n")
                    .append("    path: ").append(contextPath).append(resource.path()).append("/**\n");
        }
        out.append("\nsync:\n  pipeline: ").append(extraction.pipeline()).append("\n\nphases:\n");
        phase(out, extraction, "extract", service + " runs on its own database, filled by forward sync; no traffic "
                + "reaches it yet", r -> "MONOLITH", r -> "MONOLITH", "FORWARD",
                List.of("verifierClean: true", "syncLagBelowMillis: 10000"));
        phase(out, extraction, "shadow-reads", "the monolith still answers every read; a copy goes to " + service
                + " and the answers are compared", r -> "SHADOW", r -> "MONOLITH", "FORWARD",
                List.of("shadowComparedAtLeast: 50", "shadowDiffRateBelow: 0.05", "syncLagBelowMillis: 10000",
                        "verifierClean: true"));
        phase(out, extraction, "canary-reads", "a sticky quarter of callers read from " + service
                + ", so a fault reaches few of them", r -> "CANARY 25%", r -> "MONOLITH", "FORWARD",
                List.of("serviceRequestsAtLeast: 20", "errorRateBelow: 0.01", "syncLagBelowMillis: 10000"));
        phase(out, extraction, "serve-reads", service + " answers every read; writes still go to the monolith and "
                + "sync forward", r -> "SERVICE", r -> "MONOLITH", "FORWARD",
                List.of("serviceRequestsAtLeast: 50", "errorRateBelow: 0.01", "syncLagBelowMillis: 10000",
                        "verifierClean: true"));
        phase(out, extraction, "cutover-writes", service + " becomes the writer of record; sync reverses to keep "
                + "the monolith's tables current", r -> "SERVICE", r -> "SERVICE", "REVERSE",
                List.of("serviceRequestsAtLeast: 50", "errorRateBelow: 0.01", "syncLagBelowMillis: 10000",
                        "verifierClean: true"));
        out.append("  # Decommission gates: the proof that the monolith's part is dead (`strangler plan retire-check ")
                .append(extraction.pipeline()).append("`).\n  # Each looks at a window ending now; a day or more ")
                .append("lets nightly jobs and rare code paths show up.\n");
        phase(out, extraction, "retire", "the monolith's code for these tables is removed (set writesCutOver true); "
                + "reverse sync feeds its tables until nothing reads them", r -> "SERVICE", r -> "SERVICE",
                "REVERSE", List.of("monolithRequestsAtMost: {atMost: 0, for: 24h}",
                        "strayWritesAtMost: {atMost: 0, for: 24h}", "archRulesClean: true"));
        return out.toString();
    }

    private static void phase(StringBuilder out, Extraction extraction, String name, String why,
            Function<Endpoints.Resource, String> read, Function<Endpoints.Resource, String> write, String sync,
            List<String> gates) {
        out.append("  - name: ").append(name).append('\n')
                .append("    why: ").append(why).append('\n')
                .append("    routes: {");
        List<String> routes = extraction.resources().stream().flatMap(resource -> List.of(
                Extraction.readRule(resource) + ": " + read.apply(resource),
                Extraction.writeRule(resource) + ": " + write.apply(resource)).stream()).toList();
        out.append(String.join(", ", routes)).append("}\n")
                .append("    sync: ").append(sync).append('\n')
                .append("    gates:\n");
        gates.forEach(gate -> out.append("      ").append(gate).append('\n'));
    }
}
