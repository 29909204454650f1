package dev.strangler.proxy;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The write hold of a change of sync direction, through the real gateway in front of real backends: a rule on HOLD
 * reaches no backend, and the switch to HOLD answers only once the rule's writes already at a backend are done.
 */
class WriteHoldIntegrationTests {

    /** Lets the write the monolith is holding answer. */
    CountDownLatch release = new CountDownLatch(1);

    // Short enough for the timeout test, far longer than a switch of a rule with nothing in flight takes.
    @RegisterExtension
    static final ProxyWithBackends stack = ProxyWithBackends.withProperty("strangler.proxy.admin.hold-timeout", "3s");

    @BeforeEach
    void writesOnTheMonolith() {
        stack.proxy().switchRule("customers-write", "MONOLITH", 0);
        stack.proxy().switchRule("customers-read", "MONOLITH", 0);
        stack.monolith().answerWith(TestBackend::identify);
        stack.monolith().forget();
        stack.customers().forget();
    }

    @AfterEach
    void releaseHeldWrites() {
        this.release.countDown();
    }

    @Test
    void heldRuleAnswers503WithRetryAfterAndReachesNoBackend() {
        stack.proxy().switchRule("customers-write", "HOLD", 0);

        HttpResponse<String> write = stack.proxy().send("DELETE", "/api/customers/446", null);
        HttpResponse<String> read = stack.proxy().get("/api/customers/446");

        assertThat(write.statusCode()).isEqualTo(503);
        assertThat(write.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(write.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(write.headers().firstValue("X-Strangler-Route")).hasValue("customers-write");
        assertThat(write.body()).contains("\"status\":503", "paused for a cutover", "\"rule\":\"customers-write\"",
                "\"held\":true");
        assertThat(stack.monolith().received()).extracting(TestBackend.Received::method).containsExactly("GET");
        assertThat(stack.customers().received()).isEmpty();
        assertThat(read.statusCode()).as("a rule not held still answers").isEqualTo(200);
    }

    @Test
    void switchToHoldAnswersOnlyOnceTheWriteInFlightOnTheRuleHasFinished() {
        holdWritesAtTheMonolith();
        CompletableFuture<HttpResponse<String>> write = CompletableFuture
            .supplyAsync(() -> stack.proxy().send("DELETE", "/api/customers/446", null));
        await().atMost(Duration.ofSeconds(30)).until(() -> stack.monolith().received().size() == 1);

        CompletableFuture<HttpResponse<String>> hold = CompletableFuture.supplyAsync(() -> stack.proxy().admin("PUT",
                "/admin/routes/customers-write", "{\"mode\":\"HOLD\",\"reason\":\"sync switches direction\"}"));
        // The hold is live at once: new writes are refused while the old one is still running.
        await().atMost(Duration.ofSeconds(30)).until(() -> stack.proxy()
            .admin("GET", "/admin/routes/customers-write", null).body().contains("\"mode\":\"HOLD\""));
        assertThat(stack.proxy().send("POST", "/api/customers", "{}").statusCode()).isEqualTo(503);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5)).until(() -> !hold.isDone());

        this.release.countDown();

        HttpResponse<String> held = hold.join();
        assertThat(held.statusCode()).isEqualTo(200);
        assertThat(held.body()).contains("\"mode\":\"HOLD\"");
        // The hold waited while the write was held (above) and answered once it was released. Which of the two
        // answers the test's client reads first is not the proxy's order: they come over two connections, read by two
        // client threads. So the write is awaited briefly, and it must have got through, not been cut off.
        await().atMost(Duration.ofSeconds(10)).until(write::isDone);
        assertThat(write.join().statusCode()).isEqualTo(200);
        assertThat(stack.monolith().received()).hasSize(1);
    }

    @Test
    void switchToHoldSaysHowManyWritesAreStillRunningWhenTheyOutlastItsTimeoutAndStaysHeld() {
        holdWritesAtTheMonolith();
        CompletableFuture<HttpResponse<String>> write = CompletableFuture
            .supplyAsync(() -> stack.proxy().send("PUT", "/api/customers/446", "{}"));
        await().atMost(Duration.ofSeconds(30)).until(() -> stack.monolith().received().size() == 1);

        HttpResponse<String> hold = stack.proxy().admin("PUT", "/admin/routes/customers-write",
                "{\"mode\":\"HOLD\",\"reason\":\"sync switches direction\"}");

        assertThat(hold.statusCode()).isEqualTo(503);
        assertThat(hold.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(hold.body()).contains("\"inFlight\":1", "HOLD again");
        assertThat(stack.proxy().admin("GET", "/admin/routes/customers-write", null).body())
            .contains("\"mode\":\"HOLD\"");
        this.release.countDown();
        assertThat(write.join().statusCode()).isEqualTo(200);
        HttpResponse<String> again = stack.proxy().admin("PUT", "/admin/routes/customers-write",
                "{\"mode\":\"HOLD\",\"reason\":\"sync switches direction\"}");
        assertThat(again.statusCode()).isEqualTo(200);
    }

    /** The monolith takes writes but answers them only once the test releases them. */
    private void holdWritesAtTheMonolith() {
        stack.monolith().answerWith((exchange, backend, body) -> {
            try {
                this.release.await(60, TimeUnit.SECONDS);
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            TestBackend.identify(exchange, backend, body);
        });
    }

}
