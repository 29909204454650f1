package dev.strangler.proxy.state;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpMethod;
import org.springframework.web.util.pattern.PathPatternParser;

import dev.strangler.proxy.routing.RouteMode;
import dev.strangler.proxy.routing.RouteRule;
import dev.strangler.proxy.routing.RouteTable;
import dev.strangler.proxy.routing.ShadowPolicy;
import dev.strangler.testsupport.postgres.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The shared route state's start-up against a real PostgreSQL that is not there yet: on Kubernetes the proxy's pods
 * and the database start together, and a busy node can take seconds for the first (password-checked) connection.
 */
class PostgresRouteStatesIntegrationTests {

    private final ScheduledExecutorService later = Executors.newScheduledThreadPool(1);

    private final List<AutoCloseable> opened = new java.util.concurrent.CopyOnWriteArrayList<>();

    @AfterEach
    void closeWhatWasOpened() throws Exception {
        this.later.shutdownNow();
        for (AutoCloseable closeable : this.opened) {
            closeable.close();
        }
    }

    @Test
    void waitsForADatabaseThatAcceptsConnectionsOnlyAFewSecondsAfterStartUp() throws Exception {
        TestPostgres postgres = TestPostgres.shared();
        String database = postgres.createDatabase("late_route_state");
        URI direct = URI.create(postgres.jdbcUrl(database).substring("jdbc:".length()));
        int port = freePort();
        // The database "comes up" three seconds after the proxy starts: until then its port refuses connections.
        this.later.schedule(() -> forward(port, direct.getHost(), direct.getPort()), 3, TimeUnit.SECONDS);
        String url = "jdbc:postgresql://127.0.0.1:" + port + direct.getPath();

        try (PostgresRouteStates states = new PostgresRouteStates(new StateSettings.Postgres(url, postgres.username(),
                postgres.password(), Duration.ofMillis(500), Duration.ofSeconds(60)))) {
            states.initialise(new RouteTable(List.of(rule("customers-read"))));

            assertThat(states.load()).containsEntry("customers-read",
                    new RouteStateStore.SavedState(RouteMode.MONOLITH, 0, 1));
        }
    }

    @Test
    void stopsStartUpNamingTheSettingOnceTheWaitIsOver() throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + freePort() + "/nowhere";

        try (PostgresRouteStates states = new PostgresRouteStates(
                new StateSettings.Postgres(url, "postgres", null, Duration.ofMillis(500), Duration.ofSeconds(1)))) {
            assertThatIllegalStateException().isThrownBy(() -> states.initialise(
                    new RouteTable(List.of(rule("customers-read")))))
                .withMessageContaining("strangler.proxy.state.postgres.url")
                .withMessageContaining("strangler.proxy.state.postgres.startup-wait")
                .withMessageContaining(url);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A plain TCP relay from {@code port} to the database, standing in for a database that has just started. */
    private void forward(int port, String host, int targetPort) {
        try {
            ServerSocket server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
            this.opened.add(server);
            daemon(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket client = server.accept();
                        Socket target = new Socket(host, targetPort);
                        this.opened.add(client);
                        this.opened.add(target);
                        pipe(client.getInputStream(), target.getOutputStream());
                        pipe(target.getInputStream(), client.getOutputStream());
                    }
                    catch (IOException ex) {
                        return;
                    }
                }
            });
        }
        catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private static void pipe(InputStream from, OutputStream to) {
        daemon(() -> {
            try (from; to) {
                from.transferTo(to);
            }
            catch (IOException ex) {
                // the other side closed: the relay for this connection ends
            }
        });
    }

    private static void daemon(Runnable work) {
        Thread thread = new Thread(work, "late-database-relay");
        thread.setDaemon(true);
        thread.start();
    }

    private static RouteRule rule(String id) {
        return new RouteRule(id, Set.of(HttpMethod.GET), PathPatternParser.defaultInstance.parse("/api/**"),
                "customer-service", RouteMode.MONOLITH, 0, "customers", "test", ShadowPolicy.strict(), 1);
    }

}
