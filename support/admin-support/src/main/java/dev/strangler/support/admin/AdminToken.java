package dev.strangler.support.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An admin surface's bearer token. Each engine keeps its own: the configured one when set, else the one kept in the
 * engine's own file (so scripts, the CLI and the console keep working across restarts), else a new random one
 * written there. The file is owner-only when created and made owner-only again when a kept one is more open.
 * Presented tokens are compared in constant time.
 */
public final class AdminToken {

    /** Shorter is guessable; a generated token has 43 characters. */
    public static final int MIN_LENGTH = 32;

    /** A token file is readable and writable by its owner only. */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private static final String BEARER = "Bearer ";

    private final String token;

    private final byte[] digest;

    private AdminToken(String token) {
        this.token = token;
        this.digest = sha256(token);
    }

    /** Where a resolved token came from. */
    public enum Origin {
        /** The configured value (an environment variable or setting). */
        CONFIGURED,
        /** The token file kept from an earlier start. */
        KEPT,
        /** Generated now and written to the token file. */
        GENERATED
    }

    /**
     * A resolved token, where it came from, and what was changed on disk on the way (for the caller to log as a
     * warning: a too-open kept file made owner-only, a too-short kept token replaced).
     *
     * @param token the token
     * @param origin where it came from
     * @param file the engine's token file
     * @param changes what was changed on disk, each one sentence naming the file
     */
    public record Resolution(AdminToken token, Origin origin, Path file, List<String> changes) {

        public Resolution {
            changes = List.copyOf(changes);
        }

        /** One sentence for the start-up log: where the token came from. */
        public String describe(String setting) {
            return switch (origin) {
                case CONFIGURED -> "Admin token taken from " + setting;
                case KEPT -> "Admin token read from " + file;
                case GENERATED -> "Admin token generated and written to " + file + " (readable by its owner only)";
            };
        }

        /** Tells the log what was changed on disk (as warnings) and where the token came from; the token. */
        public AdminToken reported(String setting, Consumer<String> info, Consumer<String> warnings) {
            changes.forEach(warnings);
            info.accept(describe(setting));
            return token;
        }
    }

    /**
     * A configured token, refused when shorter than {@link #MIN_LENGTH}.
     *
     * @param setting names where it was configured, for the error (e.g. {@code STRANGLER_ADMIN_TOKEN})
     * @throws IllegalArgumentException naming the setting and the rule
     */
    public static AdminToken configured(String token, String setting) {
        String value = token.strip();
        if (value.length() < MIN_LENGTH) {
            throw new IllegalArgumentException(setting + ": must be at least " + MIN_LENGTH
                    + " characters when set, was " + value.length() + "; leave it unset to have one generated");
        }
        return new AdminToken(value);
    }

    /**
     * The configured token when {@code configured} is not blank, else the one kept in {@code file}, else a new one
     * written there owner-only.
     *
     * @param configured the configured value, blank or null when none
     * @param setting names where {@code configured} comes from, for errors and the log
     * @param file the engine's own token file
     */
    public static Resolution resolve(@Nullable String configured, String setting, Path file) {
        if (configured != null && !configured.isBlank()) {
            return new Resolution(configured(configured, setting), Origin.CONFIGURED, file, List.of());
        }
        List<String> changes = new ArrayList<>();
        try {
            if (Files.exists(file)) {
                String kept = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (kept.length() >= MIN_LENGTH) {
                    makeOwnerOnly(file).ifPresent(before -> changes.add("The admin token file " + file + " was "
                            + before + "; made it rw------- (owner only)"));
                    return new Resolution(new AdminToken(kept), Origin.KEPT, file, changes);
                }
                changes.add("The admin token in " + file + " is shorter than " + MIN_LENGTH
                        + " characters; replaced it with a generated one");
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            writeOwnerOnly(file, generated + "\n");
            return new Resolution(new AdminToken(generated), Origin.GENERATED, file, changes);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read or write the admin token file " + file, ex);
        }
    }

    /** Constant time: comparing fixed-length digests leaks neither content nor length. */
    public boolean matches(@Nullable String presented) {
        return presented != null && MessageDigest.isEqual(this.digest, sha256(presented));
    }

    /** Whether an {@code Authorization} header carries this token as {@code Bearer <token>}. */
    public boolean matchesBearer(@Nullable String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                && matches(authorization.substring(BEARER.length()).strip());
    }

    /** The {@code WWW-Authenticate} value of a 401: {@code Bearer}, with the realm when one is given. */
    public static String challenge(@Nullable String realm) {
        return realm == null ? "Bearer" : "Bearer realm=\"" + realm + "\"";
    }

    /**
     * The 401 of a request without this token.
     *
     * @param where where the caller finds the token, or null to say nothing about it
     */
    public static Problem unauthorized(@Nullable String where) {
        return Problem.of(401, "A valid admin token is required: Authorization: Bearer <token>"
                + (where == null ? "" : "; the token is in " + where));
    }

    /** The token itself, for a client of the surface in the same process (tests, a health probe). */
    public String value() {
        return this.token;
    }

    @Override
    public String toString() {
        return "AdminToken[****]";
    }

    /**
     * Makes a kept token file owner-only again when it is not (copied, edited, restored from a backup).
     *
     * @return its permissions before, such as {@code rw-r--r--}, when they were changed, for the caller to log
     */
    static Optional<String> makeOwnerOnly(Path file) throws IOException {
        if (!posix()) {
            return Optional.empty();
        }
        Set<PosixFilePermission> before = Files.getPosixFilePermissions(file);
        if (before.equals(OWNER_ONLY)) {
            return Optional.empty();
        }
        Files.setPosixFilePermissions(file, OWNER_ONLY);
        return Optional.of(PosixFilePermissions.toString(before));
    }

    /** Created owner-only from the start, so the token is never readable by others, not even for a moment. */
    private static void writeOwnerOnly(Path file, String content) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = parent.resolve(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        if (posix()) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (AtomicMoveNotSupportedException ex) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
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
