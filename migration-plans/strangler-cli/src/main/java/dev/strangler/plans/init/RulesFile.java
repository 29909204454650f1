package dev.strangler.plans.init;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The proxy's rules file (strangler-proxy's format, {@code strangler.proxy.backends} and {@code rules}): per
 * resource a read rule and a write rule, every one starting in MONOLITH mode, with the monolith's context path in
 * the path pattern. A read rule whose responses hold per-instance fields or lists gets proposed shadow settings,
 * each with why.
 */
final class RulesFile {

    private RulesFile() {
    }

    static String render(String stack, URI monolith, Endpoints.Surface surface, List<Extraction> extractions,
            List<Endpoints.Resource> unassigned) {
        StringBuilder out = new StringBuilder();
        out.append("# The strangler proxy's rules for ").append(stack).append(", written by strangler init from ")
                .append(surface.source()).append(".\n")
                .append("# The first rule whose methods and path match a request decides it; a request no rule ")
                .append("matches goes to\n# the monolith. Every rule starts in MONOLITH mode; the plans move them. ")
                .append("The proxy forwards paths unchanged,\n# so a service answers under the same context path (")
                .append(surface.contextPath().isEmpty() ? "none" : surface.contextPath()).append(") as the monolith.\n");
        if (!unassigned.isEmpty()) {
            out.append("# Left with the monolith (no picked table matched; pass --resources to move them): ")
                    .append(String.join(", ", unassigned.stream().map(Endpoints.Resource::path).toList()))
                    .append(".\n");
        }
        out.append("strangler:\n  proxy:\n    backends:\n");
        out.append("      monolith: ").append(origin(monolith)).append('\n');
        for (Extraction extraction : extractions) {
            out.append("      ").append(extraction.name()).append(": ").append(origin(URI.create(extraction.url())))
                    .append('\n');
        }
        out.append("    rules:\n");
        for (Extraction extraction : extractions) {
            for (Endpoints.Resource resource : extraction.resources()) {
                String path = surface.contextPath() + resource.path() + "/**";
                rule(out, Extraction.readRule(resource), "[GET, HEAD]", path, extraction.name(),
                        "Reads of " + resource.path() + " move to " + extraction.name() + " once shadowed clean.");
                shadow(out, resource.shadow());
                rule(out, Extraction.writeRule(resource), "[POST, PUT, PATCH, DELETE]", path, extraction.name(),
                        "Writes of " + resource.path() + " move once reads are served and sync runs in reverse.");
            }
        }
        return out.toString();
    }

    private static void rule(StringBuilder out, String id, String methods, String path, String backend, String why) {
        out.append("      - id: ").append(id).append('\n')
                .append("        methods: ").append(methods).append('\n')
                .append("        path: ").append(path).append('\n')
                .append("        backend: ").append(backend).append('\n')
                .append("        mode: MONOLITH\n")
                .append("        group: ").append(backend).append('\n')
                .append("        why: \"").append(why.replace("\"", "'")).append("\"\n");
    }

    /** Proposed comparison settings, from what the OpenAPI document shows; each says why in a comment. */
    private static void shadow(StringBuilder out, Endpoints.ShadowHints hints) {
        if (hints.isEmpty()) {
            return;
        }
        out.append("        # Proposed by init from the OpenAPI document (check them against real diffs):\n");
        out.append("        shadow:\n");
        if (!hints.ignore().isEmpty()) {
            out.append("          ignore:\n");
            int width = hints.ignore().keySet().stream().mapToInt(String::length).max().orElse(0);
            for (Map.Entry<String, String> pointer : hints.ignore().entrySet()) {
                out.append("            - ").append(pointer.getKey())
                        .append(" ".repeat(width - pointer.getKey().length() + 2)).append("# ")
                        .append(pointer.getValue()).append('\n');
            }
        }
        if (hints.unorderedArrays() != null) {
            out.append("          # ").append(hints.unorderedArrays()).append('\n')
                    .append("          ignore-array-order: true\n");
        }
        for (String path : hints.notFoundVersusEmpty()) {
            out.append("          # GET ").append(path).append(" documents a list and a 404: one side may answer ")
                    .append("404 where\n          # the other answers [], which is then counted as the same answer.\n");
        }
        if (!hints.notFoundVersusEmpty().isEmpty()) {
            out.append("          not-found-as-empty: true\n");
        }
    }

    /** The proxy's backends are origins: it forwards the request's whole path, context path included. */
    static String origin(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
    }
}
