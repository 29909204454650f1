package dev.strangler.plans.api;

import dev.strangler.support.admin.TokenFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Consumer;

/**
 * The plan API's bearer token, as the engines keep theirs: {@code STRANGLER_ADMIN_TOKEN} when set, else the one in
 * {@code $STRANGLER_HOME/plans/admin-token} (kept across restarts so the proxy's dashboard keeps reading it), else a
 * new random one written there, owner-only.
 */
public final class PlanApiToken {

    /** Where the token is kept, relative to {@code $STRANGLER_HOME}. */
    public static final Path FILE = Path.of("plans", "admin-token");

    private static final int MIN_LENGTH = TokenFiles.MIN_LENGTH;

    private final String token;
    private final byte[] digest;

    private PlanApiToken(String token) {
        this.token = token;
        this.digest = sha256(token);
    }

    public static PlanApiToken of(String token) {
        if (token.strip().length() < MIN_LENGTH) {
            throw new IllegalArgumentException("STRANGLER_ADMIN_TOKEN: the plan API's token must be at least "
                    + MIN_LENGTH + " characters when set, was " + token.strip().length()
                    + "; leave it unset to have one generated");
        }
        return new PlanApiToken(token.strip());
    }

    /**
     * The configured token, else the kept one, else a new one written to {@code home/plans/admin-token}.
     *
     * @param notices told what was changed on disk (a kept file made owner-only, a short kept token replaced)
     */
    public static PlanApiToken resolve(Path home, Consumer<String> notices) {
        String configured = System.getenv("STRANGLER_ADMIN_TOKEN");
        if (configured != null && !configured.isBlank()) {
            return of(configured);
        }
        Path file = home.resolve(FILE);
        try {
            if (Files.isReadable(file)) {
                String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (kept.length() >= MIN_LENGTH) {
                    TokenFiles.makeOwnerOnly(file).ifPresent(before -> notices.accept("The plan API's token file "
                            + file + " was " + before + "; made it rw------- (owner only)"));
                    return new PlanApiToken(kept);
                }
                notices.accept("The plan API's token in " + file + " is shorter than " + MIN_LENGTH
                        + " characters; replacing it with a generated one");
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling("admin-token.tmp");
            Files.deleteIfExists(temporary);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                // Created owner-only, so the token is never readable by others, not even for a moment.
                Files.createFile(temporary, PosixFilePermissions.asFileAttribute(TokenFiles.OWNER_ONLY));
            }
            Files.writeString(temporary, token + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new PlanApiToken(token);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read or write the plan API's token file " + file, ex);
        }
    }

    /** Constant time: comparing fixed-length digests leaks neither content nor length. */
    public boolean matches(String presented) {
        return MessageDigest.isEqual(digest, sha256(presented));
    }

    /** The token itself, for a client of the API (tests, the stack's health probe). */
    public String value() {
        return token;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", ex);
        }
    }
}
