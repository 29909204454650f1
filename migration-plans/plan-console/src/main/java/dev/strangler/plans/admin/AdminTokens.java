package dev.strangler.plans.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds an engine's admin bearer token: {@code STRANGLER_ADMIN_TOKEN} when set (the engines use it too), else the
 * file the engine generated under {@code $STRANGLER_HOME}.
 */
public final class AdminTokens {

    private final Path home;

    public AdminTokens(Path home) {
        this.home = home;
    }

    public Optional<String> of(Path tokenFile) {
        String fromEnvironment = System.getenv("STRANGLER_ADMIN_TOKEN");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Optional.of(fromEnvironment.strip());
        }
        try {
            Path file = home.resolve(tokenFile);
            return Files.isReadable(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
        }
        catch (IOException ex) {
            return Optional.empty();
        }
    }

    public Path location(Path tokenFile) {
        return home.resolve(tokenFile);
    }
}
