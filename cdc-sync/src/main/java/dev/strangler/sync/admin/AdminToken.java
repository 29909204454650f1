package dev.strangler.sync.admin;

import dev.strangler.support.admin.TokenFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer token of the admin API: {@code STRANGLER_ADMIN_TOKEN} when set, else the one in
 * {@code $STRANGLER_HOME/cdc-sync/admin-token}, generated there (owner-only) on first start.
 */
final class AdminToken {

    private static final Logger log = LoggerFactory.getLogger(AdminToken.class);

    private static final int MIN_LENGTH = TokenFiles.MIN_LENGTH;

    private final byte[] token;

    private AdminToken(String token) {
        this.token = token.getBytes(StandardCharsets.UTF_8);
    }

    static AdminToken resolve(String fromEnvironment, Path home) {
        if (!fromEnvironment.isBlank()) {
            String configured = fromEnvironment.strip();
            if (configured.length() < MIN_LENGTH) {
                throw new IllegalArgumentException("STRANGLER_ADMIN_TOKEN: must be at least " + MIN_LENGTH
                        + " characters when set, was " + configured.length()
                        + "; leave it unset to have one generated");
            }
            return new AdminToken(configured);
        }
        Path file = home.resolve("cdc-sync").resolve("admin-token");
        try {
            if (Files.exists(file)) {
                String kept = Files.readString(file).strip();
                if (kept.length() >= MIN_LENGTH) {
                    TokenFiles.makeOwnerOnly(file).ifPresent(before -> log.warn(
                            "The admin token file {} was {}; made it rw------- (owner only)", file, before));
                    return new AdminToken(kept);
                }
                log.warn("The admin token in {} is shorter than {} characters; replacing it with a generated one",
                        file, MIN_LENGTH);
                Files.delete(file);
            }
            Files.createDirectories(file.getParent());
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            // Created owner-only from the start, so the token is never readable by others, not even briefly.
            Files.writeString(Files.createFile(file, PosixFilePermissions.asFileAttribute(TokenFiles.OWNER_ONLY)),
                    generated, StandardOpenOption.WRITE);
            log.info("Generated the admin token in {}", file);
            return new AdminToken(generated);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not read or create the admin token " + file, ex);
        }
    }

    /** Constant-time comparison, so response timing does not reveal how much of a guess was right. */
    boolean matches(String presented) {
        return MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }
}
