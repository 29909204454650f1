package dev.strangler.plans.stack;

import dev.strangler.plans.admin.AdminTokens;
import dev.strangler.plans.cli.output.Console;
import dev.strangler.support.postgres.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs a strangled system as its stack file describes it: {@link #up()} starts what is not running (so it also
 * restarts a component that died), {@link #down()} stops everything it started, {@link #status()} probes each
 * component's health URL and tells which is which.
 */
public final class Stack {

    /** How one component stands. */
    public enum State { READY, STARTING, STOPPED, NOT_BUILT }

    /** A component and how it stands. */
    public record ComponentStatus(Component component, State state, Optional<Long> pid) {
    }

    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);

    private final StackLayout layout;
    private final ProcessSupervisor processes;
    private final HealthProbe health;
    private final Console console;
    private final ListeningPorts ports = new ListeningPorts();

    public Stack(StackLayout layout, List<String> javaOptions, Console console) {
        this.layout = layout;
        this.processes = new ProcessSupervisor(layout, javaOptions);
        this.health = new HealthProbe(new AdminTokens(layout.home()));
        this.console = console;
    }

    public StackLayout layout() {
        return layout;
    }

    /**
     * Starts the stack's PostgreSQL and then every built app that is not running, in two waves: the monolith and the
     * services together, and once they are all ready the kit's engines together (cdc-sync needs the apps' tables, the
     * proxy its backends answering). The apps of a wave start at once rather than one after the other because each
     * JVM's start-up is mostly one thread's work: one after the other, a stack of six took the sum of their starts.
     *
     * @return the components that did not become ready (empty when all did)
     */
    public List<Component> up() {
        refuseTakenPorts();
        if (layout.embeddedPostgres()) {
            console.progress("PostgreSQL on localhost:" + layout.postgresPort() + " (data in " + layout.postgresData()
                    + ")");
            EmbeddedPostgresServer postgres = EmbeddedPostgresServer.ensureRunningDetached(layout.postgresData(),
                    layout.postgresPort());
            layout.databases().forEach(postgres::createDatabaseIfAbsent);
        }
        layout.enginesLeftOut().forEach(console::progress);

        List<Component> failed = new ArrayList<>(startTogether(layout.components().stream()
                .filter(component -> !component.engine()).toList()));
        failed.addAll(startTogether(layout.components().stream().filter(Component::engine).toList()));
        return failed;
    }

    /** Starts each of the components that is not running, all at once, then waits for every one of them. */
    private List<Component> startTogether(List<Component> wave) {
        List<Starting> starting = new ArrayList<>();
        for (Component component : wave) {
            if (!component.startable()) {
                // The user's own app, which the stack file does not say how to start: only asked how it is.
                console.progress(component.name() + ": not started by the kit (no 'start' in the stack file), "
                        + (health.isReady(component) ? "ready at " : "NOT answering at ") + component.healthUrl());
                continue;
            }
            if (!isBuilt(component)) {
                console.progress(component.name() + ": not built, skipped (" + component.jar() + ")");
                continue;
            }
            Optional<ProcessHandle> running = processes.running(component);
            if (health.isReady(component)) {
                console.progress(component.name() + ": already running" + (running.isPresent() ? ""
                        : " (not started by this stack's home)"));
                continue;
            }
            if (running.isPresent()) {
                // Still starting (another 'up' started it, or a slow start): killing it would only start it over.
                console.progress(component.name() + ": still starting (pid " + running.get().pid()
                        + "), waiting for it");
                starting.add(new Starting(component, running.get(), System.nanoTime()));
                continue;
            }
            starting.add(new Starting(component, processes.start(component), System.nanoTime()));
        }
        List<Component> failed = new ArrayList<>();
        for (Starting start : starting) {
            if (!awaitReady(start)) {
                failed.add(start.component());
            }
        }
        return failed;
    }

    /** A component's process that {@code up} waits for, and since when. */
    private record Starting(Component component, ProcessHandle process, long since) {
    }

    /** Stops every app, the proxy first, then the PostgreSQL server. */
    public void down() {
        List<Component> reversed = new ArrayList<>(layout.components().stream().filter(Component::startable)
                .toList());
        java.util.Collections.reverse(reversed);
        for (Component component : reversed) {
            if (processes.stop(component)) {
                console.progress(component.name() + ": stopped");
            }
        }
        for (Component component : reversed) {
            for (int port : component.ports()) {
                ports.holderOf(port).ifPresent(holder -> console.problem(taken(holder, component.name())
                        + ", not this stack's; left running"));
            }
        }
        if (layout.embeddedPostgres() && EmbeddedPostgresServer.stop(layout.postgresData())) {
            console.progress("PostgreSQL: stopped");
        }
    }

    /**
     * Kills a running component with {@code kill -9}, as a crash would, and waits until it is gone; {@link #up()}
     * starts it again. For fault injection (the history check).
     *
     * @return the PID killed, or empty when it was not running
     */
    public Optional<Long> kill(Component component) {
        return processes.kill(component);
    }

    /**
     * How each component stands, decided by its health URL: one that answers is ready whoever started it (a proxy
     * started by hand is not "stopped"); one that does not is starting while this home's process of it runs.
     */
    public List<ComponentStatus> status() {
        return layout.components().stream().map(component -> {
            Optional<Long> pid = component.startable() ? processes.running(component).map(ProcessHandle::pid)
                    : Optional.empty();
            State state = health.isReady(component) ? State.READY
                    : pid.isPresent() ? State.STARTING
                    : component.startable() && !isBuilt(component) ? State.NOT_BUILT
                    : State.STOPPED;
            return new ComponentStatus(component, state, pid);
        }).toList();
    }

    public Optional<Integer> postgresPort() {
        try {
            return EmbeddedPostgresServer.runningPort(layout.postgresData());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Checks every port that {@code up} would have something listen on, before anything starts, so that a taken port
     * is named with who holds it rather than found in a log after a failed start.
     */
    private void refuseTakenPorts() {
        List<String> taken = new ArrayList<>();
        if (layout.embeddedPostgres() && postgresPort().isEmpty()) {
            ports.holderOf(layout.postgresPort()).ifPresent(holder -> taken.add(taken(holder, "PostgreSQL")));
        }
        for (Component component : layout.components()) {
            if (component.startable() && isBuilt(component) && processes.running(component).isEmpty()
                    && !health.isReady(component)) {
                for (int port : component.ports()) {
                    ports.holderOf(port).ifPresent(holder -> taken.add(taken(holder, component.name())));
                }
            }
        }
        if (!taken.isEmpty()) {
            throw new IllegalStateException("Nothing was started: a port the stack needs is taken.\n  "
                    + String.join("\n  ", taken) + "\nStop what holds it, or run the stack on other ports with "
                    + "--port-offset N.");
        }
    }

    private static String taken(ListeningPorts.Holder holder, String wanted) {
        return "port " + holder.port() + " (" + wanted + ") is in use by " + holder.describe();
    }

    private boolean isBuilt(Component component) {
        Path jar = component.jar();
        return jar == null || Files.isRegularFile(jar);
    }

    private boolean awaitReady(Starting start) {
        Component component = start.component();
        long started = start.since();
        long deadline = started + READY_TIMEOUT.toNanos();
        long nextReport = System.nanoTime();
        while (System.nanoTime() < deadline) {
            if (!start.process().isAlive()) {
                console.problem(component.name() + " exited during start-up; the end of "
                        + processes.logFile(component) + ":");
                processes.tail(component, 15).forEach(line -> console.problem("  " + line));
                return false;
            }
            if (health.isReady(component)) {
                console.progress(component.name() + ": ready after " + seconds(started) + " s, " + component.url());
                return true;
            }
            if (System.nanoTime() >= nextReport) {
                console.progress(component.name() + ": starting (" + seconds(started) + " s)");
                nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            }
            pause();
        }
        console.problem(component.name() + " was not ready within " + READY_TIMEOUT.toMinutes() + " minutes; see "
                + processes.logFile(component));
        return false;
    }

    private static long seconds(long since) {
        return Duration.ofNanos(System.nanoTime() - since).toSeconds();
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the stack", ex);
        }
    }
}
