package dev.strangler.plans.stack;

import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One app of the stack, run as its own process.
 *
 * @param name the module name, also the name of its log and PID files
 * @param jar the executable jar, relative to the repository root
 * @param url where it serves (printed by {@code up})
 * @param healthUrl answers 2xx once the app is ready for traffic
 * @param database the database it owns on the stack's PostgreSQL, or null
 * @param arguments further command-line arguments
 * @param adminToken where its admin bearer token is kept (relative to {@code $STRANGLER_HOME}), or null when its
 *        health URL is open
 * @param ports the ports it listens on ({@code up} checks them before it starts anything)
 */
public record Component(String name, Path jar, String url, String healthUrl, @Nullable String database,
        List<String> arguments, @Nullable Path adminToken, List<Integer> ports) {
}
