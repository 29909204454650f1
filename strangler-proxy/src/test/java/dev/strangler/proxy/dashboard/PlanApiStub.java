package dev.strangler.proxy.dashboard;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.strangler.proxy.TestBackend;

/**
 * A real HTTP server that answers like the plan admin API ({@code strangler plan serve}) for one plan, as far as the
 * dashboard uses it: {@code GET /plans}, {@code POST /plans/{name}/advance|rollback}, its own bearer token. The proxy
 * may not use the plan runner's classes, so its tests talk to this stand-in; the real API's answers are pinned by
 * {@code PlanApiTests} in strangler-cli, field for field as read here.
 */
final class PlanApiStub implements AutoCloseable {

    static final String TOKEN = "plan-api-token-for-the-dashboard-42";

    static final List<String> PHASES = List.of("extract", "shadow-reads", "canary-reads", "serve-reads",
            "cutover-writes", "retire");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final TestBackend server = TestBackend.start("plan-api");

    /** Actor, action and reason of every move the stub was asked for. */
    final List<String> moves = new CopyOnWriteArrayList<>();

    volatile int current = 1;

    /** When set, an advance is refused with this gate failing, as the real API refuses. */
    volatile String failingGate;

    PlanApiStub() {
        this.server.answerWith(this::answer);
    }

    String url() {
        return this.server.url();
    }

    List<TestBackend.Received> received() {
        return this.server.received();
    }

    private void answer(HttpExchange exchange, String backend, String body) throws IOException {
        if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            TestBackend.respond(exchange, 401, "application/problem+json", "{\"status\":401,\"detail\":\"token\"}");
            return;
        }
        String path = exchange.getRequestURI().getRawPath();
        if ("GET".equals(exchange.getRequestMethod()) && "/plans".equals(path)) {
            TestBackend.respond(exchange, 200, "application/json", JSON.writeValueAsString(List.of(plan())));
            return;
        }
        if ("POST".equals(exchange.getRequestMethod()) && path.matches("/plans/customers/(advance|rollback)")) {
            JsonNode move = JSON.readTree(body);
            String action = path.substring(path.lastIndexOf('/') + 1);
            this.moves.add(exchange.getRequestHeaders().getFirst("X-Strangler-Actor") + " " + action + " "
                    + move.path("reason").asString() + (move.path("dryRun").asBoolean() ? " (dry run)" : ""));
            String from = PHASES.get(this.current);
            if ("advance".equals(action) && this.failingGate != null) {
                Map<String, Object> problem = new LinkedHashMap<>();
                problem.put("type", "about:blank");
                problem.put("title", "Conflict");
                problem.put("status", 409);
                problem.put("detail", "gates of phase " + from + " do not hold: " + this.failingGate);
                TestBackend.respond(exchange, 409, "application/problem+json", JSON.writeValueAsString(problem));
                return;
            }
            this.current += "advance".equals(action) ? 1 : -1;
            Map<String, Object> outcome = new LinkedHashMap<>();
            outcome.put("result", "advance".equals(action) ? "ADVANCED" : "ROLLED_BACK");
            outcome.put("plan", "customers");
            outcome.put("from", from);
            outcome.put("to", PHASES.get(this.current));
            outcome.put("message", "customers is in phase " + PHASES.get(this.current));
            TestBackend.respond(exchange, 200, "application/json", JSON.writeValueAsString(outcome));
            return;
        }
        TestBackend.respond(exchange, 404, "application/problem+json", "{\"status\":404,\"detail\":\"no such\"}");
    }

    /** The customers plan as the real API shows it. */
    private Map<String, Object> plan() {
        Map<String, Object> plan = new LinkedHashMap<>();
        plan.put("name", "customers");
        plan.put("why", "Customers move first: few writes, many reads");
        plan.put("service", "customer-service");
        plan.put("pipeline", "customers");
        List<Map<String, Object>> phases = new ArrayList<>();
        for (String name : PHASES) {
            Map<String, Object> phase = new LinkedHashMap<>();
            phase.put("name", name);
            phase.put("why", "why of " + name);
            phase.put("routes", Map.of("customers-read", "canary-reads".equals(name) ? "CANARY 25%" : "SHADOW"));
            phase.put("sync", "FORWARD");
            phases.add(phase);
        }
        plan.put("phases", phases);
        Map<String, Object> current = new LinkedHashMap<>();
        current.put("index", this.current);
        current.put("phase", PHASES.get(this.current));
        current.put("enteredAt", "2026-11-30T09:00:00Z");
        current.put("actor", "ada");
        plan.put("current", current);
        plan.put("previous", (this.current > 0) ? PHASES.get(this.current - 1) : null);
        plan.put("next", (this.current + 1 < PHASES.size()) ? PHASES.get(this.current + 1) : null);
        plan.put("engines", Map.of("reachable", true));
        Map<String, Object> gate = new LinkedHashMap<>();
        gate.put("gate", "shadow diff rate");
        gate.put("verdict", (this.failingGate != null) ? "FAILED" : "PASSED");
        gate.put("figure", (this.failingGate != null) ? "10.0% (20 of 200 differed; 0 copies failed)"
                : "0.0% (0 of 60 differed; 0 copies failed)");
        gate.put("bound", "< 5.0%");
        gate.put("details", List.of("GET /api/customers/7 [/email]"));
        plan.put("gates", List.of(gate));
        plan.put("gatesHold", this.failingGate == null);
        return plan;
    }

    @Override
    public void close() {
        this.server.close();
    }

}
