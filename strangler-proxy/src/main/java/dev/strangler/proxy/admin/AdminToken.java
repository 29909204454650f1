package dev.strangler.proxy.admin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.strangler.proxy.state.ProxyHome;

/**
 * The admin bearer token: the configured one, else the one in {@code $STRANGLER_HOME/proxy/admin-token} (kept
 * across restarts so scripts and the CLI keep working), else a new random one written there, owner-only.
 */
final class AdminToken {

    static final String FILE_NAME = "admin-token";

    private static final Logger logger = LoggerFactory.getLogger(AdminToken.class);

    private final byte[] digest;

    private AdminToken(String token) {
        this.digest = sha256(token);
    }

    static AdminToken resolve(AdminSettings settings, ProxyHome home) {
        if (!settings.token().isEmpty()) {
            logger.info("Admin API token taken from configuration (STRANGLER_ADMIN_TOKEN)");
            return new AdminToken(settings.token());
        }
        Path file = home.file(FILE_NAME);
        try {
            if (Files.exists(file)) {
                String existing = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (existing.length() >= AdminSettings.MIN_TOKEN_LENGTH) {
                    tightenToOwnerOnly(file);
                    logger.info("Admin API token read from " + file);
                    return new AdminToken(existing);
                }
                logger.warn("Admin API token in " + file + " is shorter than " + AdminSettings.MIN_TOKEN_LENGTH
                        + " characters; replacing it with a generated one");
            }
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            home.writeAtomically(file, (token + "\n").getBytes(StandardCharsets.UTF_8), true);
            logger.info("Admin API token generated and written to " + file + " (readable by its owner only)");
            return new AdminToken(token);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read or write the admin token file " + file, ex);
        }
    }

    /** A kept token file readable by others (copied, edited) is made owner-only again, and the owner is told. */
    private static void tightenToOwnerOnly(Path file) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> before = Files.getPosixFilePermissions(file);
        if (!before.equals(ProxyHome.ownerReadWrite())) {
            Files.setPosixFilePermissions(file, ProxyHome.ownerReadWrite());
            logger.warn("Admin API token file " + file + " was " + PosixFilePermissions.toString(before)
                    + "; made it rw------- (owner only)");
        }
    }

    /** Constant time: comparing fixed-length digests leaks neither content nor length. */
    boolean matches(String presented) {
        return MessageDigest.isEqual(this.digest, sha256(presented));
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
