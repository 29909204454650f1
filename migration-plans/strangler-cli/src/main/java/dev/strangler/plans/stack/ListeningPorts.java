package dev.strangler.plans.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Who listens on a port. On Linux the listening sockets come from {@code /proc/net/tcp} and {@code tcp6} and their
 * owner from the socket links under {@code /proc/<pid>/fd}; where that cannot be read, a bind attempt at least tells
 * that the port is taken.
 */
final class ListeningPorts {

    /** A port in use and, where this user may see it, the process holding it. */
    record Holder(int port, Optional<ProcessHandle> process) {

        /** For example {@code pid 4711 (java -jar plan-console.jar --server.port=8095 …)}. */
        String describe() {
            return process.map(handle -> "pid " + handle.pid() + " ("
                    + handle.info().commandLine().orElse("command line not readable") + ")")
                    .orElse("a process this user cannot see");
        }
    }

    private static final String LISTEN = "0A";

    private final Path proc;

    ListeningPorts() {
        this(Path.of("/proc"));
    }

    ListeningPorts(Path proc) {
        this.proc = proc;
    }

    /** The holder of a port, or empty when the port is free. */
    Optional<Holder> holderOf(int port) {
        Set<String> sockets = listeningSockets(port);
        if (!sockets.isEmpty()) {
            return Optional.of(new Holder(port, ownerOf(sockets)));
        }
        return bindable(port) ? Optional.empty() : Optional.of(new Holder(port, Optional.empty()));
    }

    /** The inodes of the sockets listening on the port. */
    private Set<String> listeningSockets(int port) {
        String hexPort = ":" + String.format(Locale.ROOT, "%04X", port);
        Set<String> inodes = new HashSet<>();
        for (String table : List.of("net/tcp", "net/tcp6")) {
            Path file = proc.resolve(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            try (Stream<String> lines = Files.lines(file)) {
                lines.skip(1).map(String::trim).map(line -> line.split("\\s+"))
                        .filter(fields -> fields.length > 9 && fields[1].endsWith(hexPort) && LISTEN.equals(fields[3]))
                        .forEach(fields -> inodes.add(fields[9]));
            }
            catch (IOException | UncheckedIOException ex) {
                // unreadable: the bind attempt decides
            }
        }
        return inodes;
    }

    private Optional<ProcessHandle> ownerOf(Set<String> inodes) {
        Set<String> links = new HashSet<>();
        inodes.forEach(inode -> links.add("socket:[" + inode + "]"));
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path process : processes) {
                if (holdsOneOf(process.resolve("fd"), links)) {
                    return ProcessHandle.of(Long.parseLong(process.getFileName().toString()));
                }
            }
        }
        catch (IOException | NumberFormatException ex) {
            // no /proc to read: the port is taken, by whom is not known
        }
        return Optional.empty();
    }

    private static boolean holdsOneOf(Path descriptors, Set<String> links) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(descriptors)) {
            for (Path fd : fds) {
                try {
                    if (links.contains(Files.readSymbolicLink(fd).toString())) {
                        return true;
                    }
                }
                catch (IOException ex) {
                    // closed meanwhile
                }
            }
        }
        catch (IOException ex) {
            // another user's process, or gone meanwhile
        }
        return false;
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return true;
        }
        catch (IOException ex) {
            return false;
        }
    }
}
