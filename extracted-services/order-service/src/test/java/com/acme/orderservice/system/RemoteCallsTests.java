package com.acme.orderservice.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

class RemoteCallsTests {

    private static OrderServiceSettings.Remote settings(int maxAttempts, int breakerMinimumCalls) {
        return new OrderServiceSettings.Remote(URI.create("http://localhost:1"), Duration.ofMillis(200),
                Duration.ofMillis(200), maxAttempts, Duration.ofMillis(1), breakerMinimumCalls, Duration.ofMinutes(1));
    }

    @Test
    void retriesUntilTheRemoteAnswers() {
        RemoteCalls calls = new RemoteCalls("flaky", settings(3, 100), RestClient.builder());
        AtomicInteger attempts = new AtomicInteger();

        String answer = calls.call(client -> {
            if (attempts.incrementAndGet() < 3) {
                throw calls.unavailable("503");
            }
            return "ok";
        });

        assertThat(answer).isEqualTo("ok");
        assertThat(attempts).hasValue(3);
    }

    @Test
    void givesUpAsUnavailableAfterTheLastAttempt() {
        RemoteCalls calls = new RemoteCalls("down", settings(2, 100), RestClient.builder());
        AtomicInteger attempts = new AtomicInteger();

        assertThatThrownBy(() -> calls.call(client -> {
            attempts.incrementAndGet();
            throw calls.unavailable("503");
        })).isInstanceOf(RemoteUnavailableException.class).hasMessageStartingWith("down is unavailable");
        assertThat(attempts).hasValue(2);
    }

    @Test
    void opensTheBreakerAndThenStopsCallingTheRemote() {
        RemoteCalls calls = new RemoteCalls("failing", settings(1, 4), RestClient.builder());
        AtomicInteger attempts = new AtomicInteger();
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> calls.call(client -> {
                attempts.incrementAndGet();
                throw calls.unavailable("503");
            })).isInstanceOf(RemoteUnavailableException.class);
        }
        assertThat(calls.circuitBreakerState()).isEqualTo(CircuitBreaker.State.OPEN);

        assertThatThrownBy(() -> calls.call(client -> attempts.incrementAndGet()))
                .isInstanceOf(RemoteUnavailableException.class).hasMessageContaining("circuit breaker is open");
        assertThat(attempts).hasValue(4);
    }

    @Test
    void treatsNoConnectionAsUnavailable() {
        RemoteCalls calls = new RemoteCalls("nobody", settings(1, 100), RestClient.builder());

        assertThatThrownBy(() -> calls.call(client -> client.get().uri("/").retrieve().body(String.class)))
                .isInstanceOf(RemoteUnavailableException.class);
    }

    @Test
    void treatsAnAnswerCutShortAsUnavailable() throws IOException {
        // Headers arrive, the body stalls past the read timeout: under load a remote does this, and the caller must
        // fall back (the order views show stored names) rather than fail the request with a 500.
        HttpServer remote = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        CountDownLatch finished = new CountDownLatch(1);
        remote.createContext("/customers/1", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, 0);
            exchange.getResponseBody().write("{\"id\": 1, \"na".getBytes(StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            try {
                finished.await(10, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        remote.start();
        try {
            RemoteCalls calls = new RemoteCalls("stalling", new OrderServiceSettings.Remote(
                    URI.create("http://localhost:" + remote.getAddress().getPort()), Duration.ofMillis(500),
                    Duration.ofMillis(300), 1, Duration.ofMillis(1), 100, Duration.ofMinutes(1)), RestClient.builder());

            assertThatThrownBy(() -> calls.call(client -> client.get().uri("/customers/1").retrieve()
                    .body(JsonNode.class)))
                    .isInstanceOf(RemoteUnavailableException.class).hasMessageStartingWith("stalling is unavailable");
        }
        finally {
            finished.countDown();
            remote.stop(0);
        }
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThatThrownBy(() -> new OrderServiceSettings.Remote(URI.create("localhost:8080"), Duration.ofSeconds(1),
                Duration.ofSeconds(1), 3, Duration.ofMillis(10), 10, Duration.ofSeconds(1)))
                .hasMessageContaining("base-url");
        assertThatThrownBy(() -> settings(0, 10)).hasMessageContaining("max-attempts");
    }

    @Test
    void refusesASagaClaimShorterThanOneMonolithCallWithItsRetries() {
        // (2s + 5s) x 3 attempts + 200ms + 400ms back-off = 21.6s
        OrderServiceSettings.Remote monolith = new OrderServiceSettings.Remote(URI.create("http://localhost:8080"),
                Duration.ofSeconds(2), Duration.ofSeconds(5), 3, Duration.ofMillis(200), 20, Duration.ofSeconds(10));
        OrderServiceSettings.Saga saga = new OrderServiceSettings.Saga(Duration.ofSeconds(30), Duration.ofSeconds(10),
                Duration.ofSeconds(20));

        assertThatThrownBy(() -> new OrderServiceSettings(monolith, monolith, saga))
                .hasMessageContaining("saga.claim-for").hasMessageContaining("PT21.6S");
        new OrderServiceSettings(monolith, monolith, new OrderServiceSettings.Saga(Duration.ofSeconds(30),
                Duration.ofSeconds(10), Duration.ofSeconds(22)));
    }
}
