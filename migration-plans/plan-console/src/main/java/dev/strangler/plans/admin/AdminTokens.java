package dev.strangler.plans.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Finds the admin bearer token a client sends to one engine: that engine's own variable when set (for example
 * {@code STRANGLER_PROXY_ADMIN_TOKEN}), else the file the engine generated under {@code $STRANGLER_HOME}. The generic
 * {@code STRANGLER_ADMIN_TOKEN} is each engine's own setting in its own process, so a client never sends it: a shell
 * that has it set would otherwise send one engine's token to all of them.
 */
public final class AdminTokens {

    /** The generic variable each engine reads in its own process; {@code strangler up} sets it per child. */
    public static final String ENGINE_SETTING = "STRANGLER_ADMIN_TOKEN";

    /** The kit's engines as their clients name them: each with its own variable and token file. */
    public enum Engine {

        /** The proxy's admin API ({@code STRANGLER_PROXY_ADMIN_TOKEN} is also the proxy's own relaxed name). */
        PROXY("proxy", "the proxy", "STRANGLER_PROXY_ADMIN_TOKEN", "proxy/admin-token"),

        /** cdc-sync's admin API. */
        SYNC("cdc-sync", "cdc-sync", "STRANGLER_SYNC_ADMIN_TOKEN", "cdc-sync/admin-token"),

        /** The plan console's plan API and health. */
        CONSOLE("plan console", "the plan console", "STRANGLER_CONSOLE_ADMIN_TOKEN", "plans/admin-token");

        private final String name;

        private final String title;

        private final String variable;

        private final Path file;

        Engine(String name, String title, String variable, String file) {
            this.name = name;
            this.title = title;
            this.variable = variable;
            this.file = Path.of(file);
        }

        /** The variable a client (and {@code strangler up}, for this engine's child) reads this engine's token from. */
        public String variable() {
            return variable;
        }

        /** Where the engine keeps its generated token, relative to the home. */
        public Path file() {
            return file;
        }
    }

    private final Path home;

    private final Function<String, @Nullable String> environment;

    public AdminTokens(Path home) {
        this(home, System::getenv);
    }

    AdminTokens(Path home, Function<String, @Nullable String> environment) {
        this.home = home;
        this.environment = environment;
    }

    /** The engine's token: its own variable when set, else its token file as it is now; empty when neither. */
    public Optional<String> of(Engine engine) {
        String fromEnvironment = environment.apply(engine.variable());
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of(fromEnvironment.strip());
        }
        try {
            Path file = location(engine);
            return Files.isReadable(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
        }
        catch (IOException ex) {
            return Optional.empty();
        }
    }

    /**
     * The engine's token, or a 401 {@link AdminClient.AdminException} that names the engine's variable and the file
     * its start writes.
     */
    public String require(Engine engine) {
        return of(engine).orElseThrow(() -> new AdminClient.AdminException(401, "No " + engine.name
                + " admin token: set " + engine.variable() + " or start " + engine.title
                + " (strangler up), which writes one to " + location(engine)));
    }

    public Path location(Engine engine) {
        return home.resolve(engine.file());
    }
}
