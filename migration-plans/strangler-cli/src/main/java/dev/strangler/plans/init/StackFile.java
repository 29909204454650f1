package dev.strangler.plans.init;

import java.net.URI;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * {@code strangler.yaml}: the stack file naming the monolith, each service, the engines and where the rules,
 * pipelines and plans are, in the shape every command reads. No {@code postgres.embedded}: the databases are the
 * user's own servers.
 */
final class StackFile {

    static final String NAME = "strangler.yaml";

    private StackFile() {
    }

    static String render(String stack, URI monolith, Extraction.Database monolithDatabase,
            @Nullable String classes, List<Extraction> extractions, String rules, String pipelines, String plans) {
        StringBuilder out = new StringBuilder();
        out.append("# yaml-language-server: $schema=https://strangler.dev/schemas/stack.schema.json\n")
                .append("# Written by strangler init. Paths are relative to this file; passwords are never ")
                .append("written, only the\n# environment variables that hold them.\n");
        out.append("stack: ").append(stack).append('\n');
        out.append("home: .strangler\n");
        out.append("monolith:\n")
                .append("  url: ").append(monolith).append('\n')
                .append("  health: ").append(health(monolith.toString())).append('\n')
                .append("  database: ").append(database(monolithDatabase)).append('\n')
                .append("  # start: {jar: build/").append(stack).append(".jar, args: []}   # optional: without it ")
                .append("`up` does not start it\n");
        if (classes != null) {
            out.append("  classes: ").append(classes).append("   # for archcheck and the retire gates\n");
        }
        out.append("services:\n");
        for (Extraction extraction : extractions) {
            out.append("  - name: ").append(extraction.name()).append('\n')
                    .append("    url: ").append(extraction.url()).append('\n')
                    .append("    health: ").append(health(extraction.url())).append('\n')
                    .append("    database: ").append(database(extraction.database())).append('\n')
                    .append("    # start: {jar: ").append(extraction.name()).append("/build/")
                    .append(extraction.name()).append(".jar, args: []}   # optional\n");
        }
        out.append("engines:\n")
                .append("  proxy: {port: 8000, admin-port: 8001}\n")
                .append("  sync: {admin-port: 8090}\n")
                .append("  plans: {port: 8095}\n");
        out.append("rules: ").append(rules).append('\n')
                .append("pipelines: ").append(pipelines).append('\n')
                .append("plans: ").append(plans).append('\n');
        return out.toString();
    }

    private static String health(String url) {
        return url.replaceAll("/+$", "") + "/actuator/health";
    }

    private static String database(Extraction.Database database) {
        return "{url: \"" + database.url() + "\", user: " + database.user() + ", password-env: "
                + database.passwordEnv() + "}";
    }
}
