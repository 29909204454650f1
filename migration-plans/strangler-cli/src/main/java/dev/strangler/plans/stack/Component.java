package dev.strangler.plans.stack;

import dev.strangler.plans.admin.AdminTokens;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One app of the stack: one of the kit's engines, or the user's monolith or a service.
 *
 * @param name the app's name (the monolith's, a service's, or the engine's), also the name of its log and PID files
 * @param jar the executable jar {@code up} runs, absolute; null when it runs a command or starts nothing
 * @param command the command {@code up} runs instead of a jar; empty when none
 * @param directory where it is started (the repository for the engines, the stack file's directory for the apps)
 * @param url where it serves (printed by {@code up})
 * @param healthUrl answers 2xx once the app is ready for traffic; {@code status} probes it
 * @param database the database it owns on the stack's PostgreSQL, or null
 * @param arguments further command-line arguments
 * @param adminToken the kit's engine it is, whose admin bearer token its health URL needs; null for the user's
 *        apps
 * @param ports the ports it listens on ({@code up} checks them before it starts anything)
 */
public record Component(String name, @Nullable Path jar, List<String> command, Path directory, String url,
        String healthUrl, @Nullable String database, List<String> arguments, AdminTokens.@Nullable Engine adminToken,
        List<Integer> ports) {

    /** Whether {@code up} starts it: the stack names a jar or a command for it. */
    public boolean startable() {
        return jar != null || !command.isEmpty();
    }

    /** Whether it is one of the kit's engines (cdc-sync, the plan console, the proxy), not the user's app. */
    public boolean engine() {
        return adminToken != null;
    }
}
