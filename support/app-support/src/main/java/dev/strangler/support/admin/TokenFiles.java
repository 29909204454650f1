package dev.strangler.support.admin;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;

/** The rules for an engine's admin token: how long a configured one must be, and who may read a kept one. */
public final class TokenFiles {

    /** Shorter is guessable; a generated token has 43 characters. */
    public static final int MIN_LENGTH = 32;

    /** A token file is readable and writable by its owner only. */
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private TokenFiles() {
    }

    /**
     * Makes a kept token file owner-only again when it is not (copied, edited, restored from a backup).
     *
     * @return its permissions before, such as {@code rw-r--r--}, when they were changed, for the caller to log
     */
    public static Optional<String> makeOwnerOnly(Path file) throws IOException {
        if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            return Optional.empty();
        }
        Set<PosixFilePermission> before = Files.getPosixFilePermissions(file);
        if (before.equals(OWNER_ONLY)) {
            return Optional.empty();
        }
        Files.setPosixFilePermissions(file, OWNER_ONLY);
        return Optional.of(PosixFilePermissions.toString(before));
    }
}
