package dev.strangler.proxy.state;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The proxy's folder, {@code $STRANGLER_HOME/proxy}, and the one way files in it are replaced: written to a
 * temporary file, forced to disk, then moved over the old one atomically, so a crash leaves the old or the new
 * content and never half of either.
 */
public final class ProxyHome {

    private final Path dir;

    ProxyHome(Path strangerHome) {
        this.dir = strangerHome.resolve("proxy").toAbsolutePath();
        try {
            Files.createDirectories(this.dir);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot create the proxy's state folder " + this.dir, ex);
        }
    }

    public Path dir() {
        return this.dir;
    }

    public Path file(String name) {
        return this.dir.resolve(name);
    }

    /**
     * Replaces {@code target} with {@code content}. The file is readable by its owner only: it starts as a temporary
     * file, which the JDK creates owner-only on a POSIX file system.
     */
    public void writeAtomically(Path target, byte[] content) throws IOException {
        Path temp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(content);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        finally {
            Files.deleteIfExists(temp);
        }
        forceDirectory(target.getParent());
    }

    // The rename itself lives in the directory: without this a power loss may forget it.
    private static void forceDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
        catch (IOException ex) {
            // Some file systems cannot open a directory for reading; the rename is still atomic there.
        }
    }

}
