package dev.strangler.plans.runner;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.strangler.plans.plan.MigrationPlan;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A JDK HttpServer that answers like the proxy's and cdc-sync's admin APIs, as far as the runner uses them. The
 * runner's contract is those HTTP APIs, so a stub of them is what its fast tests run against; the walkthrough's
 * integration test runs the real engines. Public: the plan API's tests and the CLI's plan command tests run the
 * runner against the same.
 *
 * <p>It keeps the contract the engines keep ({@code support/admin-contracts}, run against it by
 * {@link AdminApiStubContractTests} and against each engine in its own module): the same paths, status codes, JSON
 * members and refusals of bad input. Its defaults answer as today's engines do; a test that wants an older engine
 * says so ({@link #keepsTrafficHistory}, {@link #strayWrites}, {@link #strayWriteStatus}, {@link #hasVerifier}).
 */
public final class AdminApiStub implements AutoCloseable {

    /** A rule as the stub proxy routes it. */
    public static final class Rule {
        public String mode = "MONOLITH";
        public int percent;
        /** Counts the switches, for the rule's ETag ({@code "<id>-v<version>"}) as the proxy gives it. */
        public int version = 1;
    }

    public final Map<String, Rule> rules = new LinkedHashMap<>();
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public final List<String> actors = new CopyOnWriteArrayList<>();
    public final List<String> reasons = new CopyOnWriteArrayList<>();
    public String pipelineState = "RUNNING";
    public String direction = "FORWARD";
    public long lagMillis = 120;
    public boolean hasVerifier = true;
    public String verdict = "{\"pipeline\":\"customers\",\"inSync\":true,\"rowsCompared\":50,\"queries\":2,"
            + "\"missing\":[],\"extra\":[],\"differing\":[],\"inFlight\":[],\"tookMillis\":12}";
    public String metrics = "[]";
    public String shadow = "{\"compared\":0,\"matched\":0,\"differed\":0,\"failed\":0,\"diffRate\":0,\"latestDiffs\":[]}";
    public String refuse;
    /** The proxy's traffic answer per rule ({@code GET /admin/routes/{id}/traffic}); others had no requests. */
    public final Map<String, String> traffic = new LinkedHashMap<>();
    /** False: the traffic endpoint answers 404, as an older proxy without a traffic history does. */
    public boolean keepsTrafficHistory = true;
    /** cdc-sync's stray-write answer of the pipeline; null answers 404 (a cdc-sync without the watch). */
    public String strayWrites = "{\"count\":0,\"writes\":[]}";
    /**
     * The {@code strayWrites} member of the pipeline's status (by default: none seen, not watching, as before a
     * cutover); null leaves it out (a cdc-sync without the watch).
     */
    public String strayWriteStatus = "{\"count\":0,\"unresolved\":0,\"last\":[],\"watching\":false,"
            + "\"atRollback\":null}";
    /** The {@code slots} member of the pipeline's status: the capture's slots and the WAL each holds back. */
    public String slots = "[{\"name\":\"strangler_customers\",\"database\":\"shop\",\"active\":true,"
            + "\"retainedWalBytes\":0,\"walStatus\":\"reserved\"}]";
    /** The proxy's audit log as {@code GET /admin/audit} gives it, oldest first: one entry per switch. */
    public final List<Map<String, Object>> audit = new CopyOnWriteArrayList<>();
    /** The query strings the read endpoints were asked with, e.g. {@code traffic window=PT30S}. */
    public final List<String> queries = new CopyOnWriteArrayList<>();

    /** The bearer token the stub accepts, as both engines' token files hold it in the tests. */
    public static final String TOKEN = "secret";

    private final HttpServer server;
    private final JsonMapper json = JsonMapper.builder().build();

    public AdminApiStub(String... ruleIds) throws IOException {
        this(0, ruleIds);
    }

    /** On a given port: a test that stopped the engines starts them again where the console looks for them. */
    public AdminApiStub(int port, String... ruleIds) throws IOException {
        for (String id : ruleIds) {
            rules.put(id, new Rule());
        }
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /**
     * Puts a plan in one of its phases as if the runner had moved it there: its state on disk (entered by ada), the
     * routes and sync direction the phase sets on these engines, and no call recorded yet.
     */
    public void enter(MigrationPlan plan, String phase, PlanStates states) {
        int index = plan.indexOf(phase).orElseThrow();
        states.write(new PlanState(plan.name(), index, phase, "2026-11-30T09:00:00Z", "ada", Figures.none()));
        plan.phase(index).routes().forEach((rule, setting) -> {
            rules.get(rule).mode = setting.mode();
            rules.get(rule).percent = setting.percent();
        });
        direction = plan.phase(index).sync().name();
        calls.clear();
    }

    /** The calls that change something, in order. */
    public List<String> changes() {
        return calls.stream().filter(call -> !call.startsWith("GET") && !call.endsWith("/verify")).toList();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer");
            answer(exchange, 401, problem(401, "a bearer token is required", null));
            return;
        }
        JsonNode request;
        try {
            request = body.isBlank() ? json.createObjectNode() : json.readTree(body);
        }
        catch (JacksonException ex) {
            answer(exchange, 400, problem(400, "body: malformed JSON", "body"));
            return;
        }
        String refusal = refusal(method, path, request);
        if (refusal != null) {
            answer(exchange, 400, problem(400, refusal, refusal.substring(0, refusal.indexOf(':'))));
            return;
        }
        String actor = exchange.getRequestHeaders().getFirst("X-Strangler-Actor");
        String[] parts = path.substring(1).split("/");
        String call = method + " " + path + (request.has("mode") ? " " + request.path("mode").asString()
                + (request.has("percent") ? " " + request.path("percent").asInt() : "") : "")
                + (request.has("direction") ? " " + request.path("direction").asString() : "");
        calls.add(call);
        if (!method.equals("GET") && !path.endsWith("/verify")) {
            actors.add(String.valueOf(actor));
            reasons.add(request.path("reason").asString());
            if (refuse != null && call.startsWith(refuse)) {
                answer(exchange, 409, problem(409, "refused by the stub", null));
                return;
            }
        }
        if (exchange.getRequestURI().getRawQuery() != null) {
            queries.add(parts[parts.length - 1] + " " + exchange.getRequestURI().getQuery());
        }
        if (path.equals("/admin/metrics")) {
            answer(exchange, 200, metrics);
        }
        else if (path.equals("/admin/routes")) {
            List<Map<String, Object>> views = new ArrayList<>();
            rules.forEach((id, rule) -> views.add(describe(id, rule)));
            answer(exchange, 200, json.writeValueAsString(views));
        }
        else if (path.equals("/admin/audit")) {
            answer(exchange, 200, json.writeValueAsString(audit));
        }
        else if (parts.length == 4 && parts[0].equals("admin") && !rules.containsKey(parts[2])) {
            answer(exchange, 404, problem(404, "No rule with id '" + parts[2] + "'", null));
        }
        else if (parts.length == 4 && parts[0].equals("admin") && parts[3].equals("traffic")) {
            if (!keepsTrafficHistory) {
                answer(exchange, 404, problem(404, "No admin endpoint GET " + path, null));
                return;
            }
            String window = exchange.getRequestURI().getQuery() == null ? "PT15M"
                    : exchange.getRequestURI().getQuery().replaceFirst("^.*window=([^&]*).*$", "$1");
            answer(exchange, 200, traffic.getOrDefault(parts[2], traffic(parts[2], 0, 0, 0, 0, true)
                    .replace("PT30S", window)));
        }
        else if (parts.length == 4 && parts[0].equals("admin") && parts[3].equals("shadow")) {
            answer(exchange, 200, shadow);
        }
        else if (parts.length == 3 && parts[0].equals("admin") && parts[1].equals("routes")) {
            Rule rule = rules.get(parts[2]);
            if (rule == null) {
                answer(exchange, 404, problem(404, "No rule with id '" + parts[2] + "'", null));
                return;
            }
            if (method.equals("PUT")) {
                String ifMatch = exchange.getRequestHeaders().getFirst("If-Match");
                if (ifMatch != null && !ifMatch.equals(etag(parts[2], rule))) {
                    answer(exchange, 412, problem(412, "Rule '" + parts[2] + "' changed meanwhile", null));
                    return;
                }
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("at", java.time.Instant.now().toString());
                entry.put("actor", String.valueOf(actor));
                entry.put("rule", parts[2]);
                entry.put("fromMode", rule.mode);
                entry.put("fromPercent", rule.percent);
                rule.mode = request.path("mode").asString().toUpperCase(Locale.ROOT);
                if (request.has("percent")) {
                    rule.percent = request.path("percent").asInt();
                }
                rule.version++;
                entry.put("toMode", rule.mode);
                entry.put("toPercent", rule.percent);
                entry.put("reason", request.path("reason").asString());
                audit.add(entry);
            }
            answer(exchange, 200, json.writeValueAsString(describe(parts[2], rule)));
        }
        else if (path.equals("/pipelines")) {
            answer(exchange, 200, "[" + pipeline() + "]");
        }
        else if (parts.length >= 2 && parts[0].equals("pipelines")) {
            if (!parts[1].equals("customers")) {
                answer(exchange, 404, problem(404, "No pipeline named '" + parts[1] + "'", null));
                return;
            }
            if (parts.length == 2) {
                answer(exchange, 200, pipeline());
                return;
            }
            switch (parts[2]) {
                case "stray-writes" -> {
                    answer(exchange, strayWrites == null ? 404 : 200, strayWrites == null
                            ? problem(404, "No admin endpoint GET " + path, null) : strayWrites);
                    return;
                }
                case "verify" -> {
                    if (hasVerifier) {
                        answer(exchange, 200, verdict);
                    }
                    else {
                        answer(exchange, 404, problem(404, "No admin endpoint POST " + path, null));
                    }
                    return;
                }
                case "start" -> pipelineState = "RUNNING";
                case "stop" -> pipelineState = "STOPPED";
                case "prepare-switch" -> pipelineState = "SWITCHING";
                case "switch" -> {
                    pipelineState = "RUNNING";
                    direction = request.path("direction").asString().toUpperCase(Locale.ROOT);
                }
                default -> {
                    answer(exchange, 404, problem(404, "No admin endpoint " + method + " " + path, null));
                    return;
                }
            }
            answer(exchange, 200, pipeline());
        }
        else {
            answer(exchange, 404, problem(404, "No admin endpoint " + method + " " + path, null));
        }
    }

    private static final Set<String> MODES = Set.of("MONOLITH", "SERVICE", "SHADOW", "CANARY", "HOLD");

    /**
     * Why the engine would refuse this change as bad input ({@code "field: reason"}), or null: the checks of the
     * proxy's {@code RouteChange} and cdc-sync's {@code AdminRequests}, as far as the contract states them.
     */
    private @Nullable String refusal(String method, String path, JsonNode request) {
        boolean routeChange = method.equals("PUT") && path.startsWith("/admin/routes/");
        boolean pipelineAction = method.equals("POST") && path.startsWith("/pipelines/") && !path.endsWith("/verify");
        if (!routeChange && !pipelineAction) {
            return null;
        }
        if (!request.isObject()) {
            return "body: must be a JSON object";
        }
        boolean switching = path.endsWith("/switch") || path.endsWith("/prepare-switch");
        Set<String> known = routeChange ? Set.of("mode", "percent", "reason")
                : switching ? Set.of("direction", "reason") : Set.of("reason");
        for (String name : request.propertyNames()) {
            if (!known.contains(name)) {
                return name + ": unknown field (known: " + known + ")";
            }
        }
        if (routeChange) {
            String mode = request.path("mode").asString("").toUpperCase(Locale.ROOT);
            if (!MODES.contains(mode)) {
                return "mode: must be one of " + MODES;
            }
            JsonNode percent = request.get("percent");
            Rule rule = rules.get(path.substring("/admin/routes/".length()));
            if (percent == null && mode.equals("CANARY") && rule != null && !rule.mode.equals("CANARY")) {
                return "percent: is required when switching to CANARY";
            }
            if (percent != null && (!percent.isIntegralNumber() || percent.asInt() < 0 || percent.asInt() > 100)) {
                return "percent: must be a whole number from 0 to 100";
            }
        }
        if (switching && !request.path("direction").asString("").matches("(?i)forward|reverse")) {
            return "direction: must be forward or reverse";
        }
        String reason = request.path("reason").asString("");
        if (reason.isBlank() || reason.length() > 500 || reason.chars().anyMatch(Character::isISOControl)) {
            return "reason: is required, one line of at most 500 characters without control characters";
        }
        return null;
    }

    /** An RFC 9457 document as the engines write it, naming the field when there is one. */
    private String problem(int status, String detail, @Nullable String field) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status == 400 ? "Bad Request" : status == 401 ? "Unauthorized"
                : status == 404 ? "Not Found" : status == 409 ? "Conflict" : status == 412 ? "Precondition Failed"
                : "Error");
        problem.put("status", status);
        problem.put("detail", detail);
        if (field != null) {
            problem.put("field", field);
        }
        return json.writeValueAsString(problem);
    }

    private static Map<String, Object> describe(String id, Rule rule) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", id);
        view.put("methods", id.endsWith("-write") ? List.of("DELETE", "PATCH", "POST", "PUT") : List.of("GET", "HEAD"));
        view.put("path", "/api/" + id.substring(0, id.indexOf('-')) + "/**");
        view.put("backend", id.substring(0, id.indexOf('-') - 1) + "-service");
        view.put("mode", rule.mode);
        view.put("percent", rule.percent);
        view.put("why", "why of " + id);
        view.put("version", rule.version);
        view.put("etag", etag(id, rule));
        return view;
    }

    private static String etag(String id, Rule rule) {
        return "\"" + id + "-v" + rule.version + "\"";
    }

    private String pipeline() {
        return "{\"name\":\"customers\",\"state\":\"" + pipelineState + "\",\"direction\":\"" + direction
                + "\",\"lagMillis\":" + lagMillis + ",\"lastError\":null" + (strayWriteStatus == null ? ""
                : ",\"strayWrites\":" + strayWriteStatus) + ",\"slots\":" + slots + "}";
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", status >= 400 ? "application/problem+json"
                : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /** A traffic answer of the proxy: requests by backend in the window; {@code covered} false after a restart. */
    public static String traffic(String rule, long monolith, long fallback, long shadow, long service,
            boolean covered) {
        return "{\"rule\":\"" + rule + "\",\"window\":\"PT30S\",\"covered\":" + covered
                + ",\"historySince\":\"2026-11-30T09:59:50Z\",\"byBackend\":{\"monolith\":" + monolith
                + ",\"fallback\":" + fallback + ",\"shadow\":" + shadow + ",\"service\":" + service + "}}";
    }

    /** A metrics answer: {@code rule target outcome count} per meter. */
    public static String metrics(List<String> meters) {
        List<String> views = new ArrayList<>();
        for (String meter : meters) {
            String[] parts = meter.split(" ");
            views.add("{\"name\":\"strangler.proxy.requests\",\"tags\":{\"rule\":\"" + parts[0] + "\",\"target\":\""
                    + parts[1] + "\",\"outcome\":\"" + parts[2] + "\"},\"values\":{\"count\":" + parts[3] + "}}");
        }
        return "[" + String.join(",", views) + "]";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
