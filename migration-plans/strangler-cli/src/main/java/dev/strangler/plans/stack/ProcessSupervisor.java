package dev.strangler.plans.stack;

import dev.strangler.plans.admin.AdminTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * Starts apps as processes that outlive the command that started them, and finds and stops them again later
 * through PID files under {@code $STRANGLER_HOME/run}.
 */
final class ProcessSupervisor {

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final String HOME_PROPERTY = "-Dstrangler.home=";

    private final StackLayout layout;
    private final List<String> javaOptions;

    ProcessSupervisor(StackLayout layout, List<String> javaOptions) {
        this.layout = layout;
        this.javaOptions = javaOptions;
    }

    /**
     * The running process of a component: the one its PID file names, or else one left without a PID file (an
     * interrupted {@code up}), as long as it is this home's (see {@link #isThisHomes}).
     */
    Optional<ProcessHandle> running(Component component) {
        return processesOf(component).stream().findFirst();
    }

    /** Every running process of the component that is this home's, the one its PID file names first. */
    List<ProcessHandle> processesOf(Component component) {
        List<ProcessHandle> processes = new ArrayList<>();
        pidFileProcess(component).ifPresent(processes::add);
        if (component.jar() == null) {
            return processes;
        }
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses()
                .filter(process -> process.pid() != self && !processes.contains(process))
                .filter(process -> isThisHomes(component, process))
                .forEach(processes::add);
        return processes;
    }

    private Optional<ProcessHandle> pidFileProcess(Component component) {
        Path pidFile = pidFile(component);
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(process -> isThisHomes(component, process));
        }
        catch (IOException | NumberFormatException ex) {
            return Optional.empty();
        }
    }

    /**
     * Whether a process is the component as {@link #start} started it for this home: alive, its arguments readable,
     * naming this home and the component's jar. A PID is reused once its process is gone, and two stacks (other
     * homes, other port offsets) run the same jars, so anything less could stop an unrelated process.
     */
    boolean isThisHomes(Component component, ProcessHandle process) {
        if (!process.isAlive()) {
            return false;
        }
        Optional<String[]> arguments = process.info().arguments();
        Path jar = component.jar();
        if (jar == null) {
            // Started by a command of the user's: it names no home, so only the PID file's process running that
            // command counts (a reused PID runs something else).
            String program = component.command().isEmpty() ? "" : Path.of(component.command().get(0)).getFileName()
                    .toString();
            return !program.isEmpty() && process.info().command().map(command -> command.endsWith("/" + program)
                    || command.equals(program)).orElse(false) || arguments.map(List::of).orElse(List.of()).stream()
                    .anyMatch(word -> word.equals(program) || word.endsWith("/" + program));
        }
        if (arguments.isEmpty()) {
            return false;
        }
        List<String> words = List.of(arguments.get());
        String jarName = jar.getFileName().toString();
        return words.contains(HOME_PROPERTY + layout.home())
                && words.stream().anyMatch(word -> word.equals(jarName) || word.endsWith("/" + jarName));
    }

    /**
     * Starts the component in a session of its own ({@code setsid}), so that closing the terminal that ran
     * {@code strangler up} does not take the stack down with it. Output goes to {@code logs/<name>.log}.
     */
    ProcessHandle start(Component component) {
        try {
            Files.createDirectories(layout.logs());
            Files.createDirectories(layout.pids());
            List<String> command = new ArrayList<>(List.of("setsid"));
            Path jar = component.jar();
            if (jar != null) {
                command.add(javaExecutable());
                command.addAll(javaOptions);
                command.add(HOME_PROPERTY + layout.home());
                command.add("-jar");
                command.add(jar.toString());
            }
            else {
                command.addAll(component.command());
            }
            command.addAll(component.arguments());
            ProcessBuilder builder = new ProcessBuilder(command);
            handOnlyItsOwnToken(component, builder.environment());
            Process process = builder
                    .directory(component.directory().toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(component).toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
            Files.writeString(pidFile(component), Long.toString(process.pid()));
            return process.toHandle();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start " + component.name() + " from "
                    + (component.jar() != null ? component.jar() : String.join(" ", component.command())), ex);
        }
    }

    /**
     * Leaves in a child's environment only its own admin token. Each engine reads {@code STRANGLER_ADMIN_TOKEN} as its
     * own, so the shell's is not passed on (one value would become every engine's token); an engine's child gets it from
     * that engine's variable ({@code STRANGLER_PROXY_ADMIN_TOKEN}, ...) when set, else the engine uses its token file.
     */
    static void handOnlyItsOwnToken(Component component, Map<String, String> environment) {
        environment.remove(AdminTokens.ENGINE_SETTING);
        AdminTokens.@Nullable Engine engine = component.adminToken();
        @Nullable String own = engine == null ? null : environment.get(engine.variable());
        if (own != null && !own.isBlank()) {
            environment.put(AdminTokens.ENGINE_SETTING, own.strip());
        }
    }

    /**
     * Asks each process of the component to shut down cleanly (SIGTERM), and kills one that has not after the grace
     * period; one still starting is stopped too, as the user asked for the stack to go down.
     *
     * @return whether there was a process to stop
     */
    boolean stop(Component component) {
        List<ProcessHandle> processes = processesOf(component);
        processes.forEach(ProcessSupervisor::stop);
        try {
            Files.deleteIfExists(pidFile(component));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return !processes.isEmpty();
    }

    private static void stop(ProcessHandle handle) {
        handle.destroy();
        try {
            handle.onExit().get(STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
        }
        catch (TimeoutException ex) {
            handle.destroyForcibly();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        catch (ExecutionException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** Kills the process at once (SIGKILL), as a crash would; its PID file stays, naming a dead process. */
    Optional<Long> kill(Component component) {
        Optional<ProcessHandle> process = running(component);
        process.ifPresent(handle -> {
            handle.destroyForcibly();
            handle.onExit().join();
        });
        return process.map(ProcessHandle::pid);
    }

    Path logFile(Component component) {
        return layout.logs().resolve(component.name() + ".log");
    }

    /** The last lines of a component's log, to show why it did not come up. */
    List<String> tail(Component component, int lines) {
        try {
            List<String> all = Files.exists(logFile(component)) ? Files.readAllLines(logFile(component))
                    : List.of();
            return all.subList(Math.max(0, all.size() - lines), all.size());
        }
        catch (IOException | UncheckedIOException ex) {
            return List.of("(log unreadable: " + ex.getMessage() + ")");
        }
    }

    private Path pidFile(Component component) {
        return layout.pids().resolve(component.name() + ".pid");
    }

    private static String javaExecutable() {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
