package dev.strangler.proxy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The copies SHADOW sends to the service, through the real gateway: they carry what the primary request carries
 * and no more, and they never hold on to one of the limited in-flight permits after their client is gone.
 */
class ShadowCopiesIntegrationTests {

    @TempDir
    static Path home;

    static TestBackend monolith;

    static TestBackend customers;

    static RunningProxy proxy;

    @BeforeAll
    static void start() throws IOException {
        monolith = TestBackend.start("monolith");
        customers = TestBackend.start("customer-service");
        Path rules = home.resolve("shadow-rules.yaml");
        Files.writeString(rules, """
                strangler:
                  proxy:
                    backends:
                      monolith: %s
                      customer-service: %s
                    rules:
                      - id: customers-read
                        methods: [GET]
                        path: /api/customers/**
                        backend: customer-service
                        mode: SHADOW
                        group: customers
                        why: Reads are compared before they move.
                      - id: customers-write
                        methods: [POST]
                        path: /api/customers/**
                        backend: customer-service
                        mode: SHADOW
                        group: customers
                        why: Writes are compared too, on a service that may take them twice.
                        shadow:
                          allow-writes: true
                """.formatted(monolith.url(), customers.url()));
        Map<String, String> properties = new HashMap<>();
        properties.put("STRANGLER_RULES", "file:" + rules);
        // One permit: a copy that kept its permit would stop every later one.
        properties.put("strangler.proxy.shadow.max-in-flight", "1");
        properties.put("strangler.proxy.rollback.enabled", "false");
        // Observed as with an OTLP collector named: the copy's own client span and the open-observation check below
        // are about observations, which are off by default.
        properties.put("strangler.proxy.tracing.observations", "true");
        proxy = RunningProxy.start(home.resolve("home"), properties);
    }

    @AfterAll
    static void stop() {
        proxy.close();
        monolith.close();
        customers.close();
    }

    @BeforeEach
    void forget() {
        monolith.answerWith(TestBackend::identify);
        customers.answerWith(TestBackend::identify);
        monolith.forget();
        customers.forget();
    }

    @Test
    void aShadowCopyGetsTheForwardedHeadersPolicyOfThePrimaryRequest() {
        // From an untrusted peer these are claims the client made up: replaced on the primary request, and so on
        // the copy.
        proxy.get("/api/customers/1", "X-Forwarded-For", "6.6.6.6", "Forwarded", "for=6.6.6.6", "X-Forwarded-Host",
                "evil.example");

        await().atMost(Duration.ofSeconds(30)).until(() -> !customers.received().isEmpty());
        TestBackend.Received copy = customers.received().get(0);
        TestBackend.Received primary = monolith.received().get(0);
        assertThat(copy.header("X-Forwarded-For")).isEqualTo("127.0.0.1").isEqualTo(primary.header("X-Forwarded-For"));
        assertThat(copy.header("Forwarded")).isEqualTo(primary.header("Forwarded"));
        assertThat(copy.header("X-Forwarded-Host")).isEqualTo(primary.header("X-Forwarded-Host"));
    }

    @Test
    void aShadowedWriteWhoseClientAbortsGivesItsPermitBack() throws IOException {
        try (Socket client = new Socket("127.0.0.1", proxy.trafficPort())) {
            OutputStream out = client.getOutputStream();
            out.write(("POST /api/customers HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 1000\r\n\r\n{\"name\":").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            // The write's copy holds the only permit while its body comes in: reads' copies are skipped meanwhile.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                proxy.get("/api/customers/1");
                assertThat(readReport("skipped")).isPositive();
            });
            client.setSoLinger(true, 0); // the client goes away: a reset, not a clean close
        }
        customers.forget();

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            proxy.get("/api/customers/1");
            assertThat(customers.received()).as("read copies that reached the service after the abort").isNotEmpty();
        });
    }

    @Test
    void aShadowedRequestLeavesNoObservationOpenOnceItIsAnswered() {
        for (int i = 0; i < 5; i++) {
            proxy.get("/api/customers/" + i);
        }
        // Every observation started for a request (the server's, the gateway's client call, the copy's own call)
        // ends with it; one left open would hold the request's exchange in memory for as long as the proxy runs.
        MeterRegistry registry = proxy.context().getBean(MeterRegistry.class);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(registry.getMeters().stream()
            .filter(LongTaskTimer.class::isInstance)
            .map(LongTaskTimer.class::cast)
            .filter((timer) -> timer.activeTasks() > 0)
            .map((timer) -> timer.getId().getName() + " " + timer.getId().getTags() + ": " + timer.activeTasks()))
            .as("observations still open").isEmpty());
    }

    private static long readReport(String figure) {
        Matcher matcher = Pattern.compile("\"" + figure + "\":(\\d+)")
            .matcher(proxy.admin("GET", "/admin/routes/customers-read/shadow", null).body());
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }
}
