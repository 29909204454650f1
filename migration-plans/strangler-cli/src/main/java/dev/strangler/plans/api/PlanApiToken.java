package dev.strangler.plans.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

/**
 * The plan API's bearer token, as the engines keep theirs: {@code STRANGLER_ADMIN_TOKEN} when set, else the one in
 * {@code $STRANGLER_HOME/plans/admin-token} (kept across restarts so the proxy's dashboard keeps reading it), else a
 * new random one written there, owner-only.
 */
public final class PlanApiToken {

    /** Where the token is kept, relative to {@code $STRANGLER_HOME}. */
    public static final Path FILE = Path.of("plans", "admin-token");

    /** Shorter is guessable; a generated token has 43 characters. */
    static final int MIN_LENGTH = 32;

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

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

    /** The configured token, else the kept one, else a new one written to {@code home/plans/admin-token}. */
    public static PlanApiToken resolve(Path home) {
        String configured = System.getenv("STRANGLER_ADMIN_TOKEN");
        if (configured != null && !configured.isBlank()) {
            return of(configured);
        }
        Path file = home.resolve(FILE);
        try {
            if (Files.isReadable(file)) {
                String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (kept.length() >= MIN_LENGTH) {
                    tightenToOwnerOnly(file);
                    return new PlanApiToken(kept);
                }
                System.err.println("The plan API's token in " + file + " is shorter than " + MIN_LENGTH
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
                Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            }
            Files.writeString(temporary, token + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new PlanApiToken(token);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read or write the plan API's token file " + file, ex);
        }
    }

    /**
     * A kept token file readable by others (copied, edited) is made owner-only again, and the owner is told (on the
     * error stream, which {@code strangler up} keeps in the plan API's log).
     */
    private static void tightenToOwnerOnly(Path file) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> before = Files.getPosixFilePermissions(file);
        if (!before.equals(OWNER_ONLY)) {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
            System.err.println("The plan API's token file " + file + " was " + PosixFilePermissions.toString(before)
                    + "; made it rw------- (owner only)");
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
