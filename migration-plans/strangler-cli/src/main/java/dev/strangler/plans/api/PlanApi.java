package dev.strangler.plans.api;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.strangler.plans.admin.AdminClient.AdminException;
import dev.strangler.plans.plan.InvalidPlanException;
import dev.strangler.plans.plan.MigrationPlan;
import dev.strangler.plans.plan.PlanFiles;
import dev.strangler.plans.runner.GateResult;
import dev.strangler.plans.runner.PlanRunner;
import dev.strangler.plans.runner.PlanStates;
import dev.strangler.support.admin.AdminToken;
import dev.strangler.support.admin.AuditFields;
import dev.strangler.support.admin.BodyLimit;
import dev.strangler.support.admin.InvalidFieldException;
import dev.strangler.support.admin.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The plan admin API: where each plan stands with its current gates decided on live figures, and advance or
 * rollback of one plan, through the very {@link PlanRunner} the CLI uses (so the CLI and the API cannot differ).
 * Served on 127.0.0.1 only, every path behind a bearer token, by the JDK's own HTTP server so that the CLI stays
 * lean; for that reason every request is checked here by hand, strictly.
 *
 * <ul>
 * <li>{@code GET /plans}, {@code GET /plans/{name}}: phases with their why, the current phase, its gates (figure,
 * bound, verdict), the routes and sync as they are;</li>
 * <li>{@code POST /plans/{name}/advance}, {@code POST /plans/{name}/rollback}, body
 * {@code {"reason": "...", "dryRun": false}}: 200 with what was done; a failing gate is 409 naming figure and
 * bound; an engine refusing part way is 502;</li>
 * <li>{@code GET /health}.</li>
 * </ul>
 * Errors are RFC 9457 {@code application/problem+json}. The actor of a move is the request's
 * {@code X-Strangler-Actor} (the dashboard sends its signed-in name), else {@code plan-api}; the runner audits every
 * move and refusal in {@code plans/audit.jsonl}.
 */
public final class PlanApi implements AutoCloseable {

    static final String ACTOR_HEADER = AuditFields.ACTOR_HEADER;
    static final String DEFAULT_ACTOR = "plan-api";
    static final BodyLimit BODY_LIMIT = new BodyLimit(8 * 1024);

    private static final Pattern PLAN = Pattern.compile("/plans/([a-z0-9][a-z0-9-]{0,62})(/advance|/rollback)?");

    private final HttpServer server;
    private final ExecutorService threads;
    private final PlanApiToken token;
    private final Path plans;
    private final Function<String, PlanRunner> runners;
    private final PlanStates states;
    private final PlanFiles files = new PlanFiles();
    private final JsonMapper json = JsonMapper.builder().build();
    // One move at a time: two advances racing would both pass the gates of the same phase.
    private final Object moving = new Object();

    private PlanApi(HttpServer server, PlanApiToken token, Path plans, Function<String, PlanRunner> runners,
            PlanStates states) {
        this.server = server;
        this.states = states;
        this.token = token;
        this.plans = plans;
        this.runners = runners;
        AtomicInteger count = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(4, task -> {
            Thread thread = new Thread(task, "plan-api-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(threads);
        server.createContext("/", this::handle);
    }

    /**
     * Starts serving on 127.0.0.1.
     *
     * @param port the port, 0 for any free one
     * @param plans the directory of plan files, read at every request so that a reviewed change shows at once
     * @param runners a runner acting as the given actor, talking to the engines as they are now
     * @param states where the runners keep plan state, read directly when an engine cannot be reached
     */
    public static PlanApi start(int port, PlanApiToken token, Path plans, Function<String, PlanRunner> runners,
            PlanStates states) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
            PlanApi api = new PlanApi(server, token, plans, runners, states);
            server.start();
            return api;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not serve the plan API on 127.0.0.1:" + port, ex);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(1);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Answer answer;
            try {
                answer = answer(exchange);
            }
            catch (InvalidPlanException ex) {
                answer = problem(500, "Invalid plan file: " + ex.getMessage(), Map.of());
            }
            catch (RuntimeException ex) {
                answer = problem(500, "The plan API failed: " + ex, Map.of());
            }
            send(exchange, answer);
        }
    }

    private Answer answer(HttpExchange exchange) throws IOException {
        if (!authorised(exchange)) {
            drain(exchange);
            exchange.getResponseHeaders().set("WWW-Authenticate", AdminToken.challenge("strangler-plans"));
            return answer(AdminToken.unauthorized("$STRANGLER_HOME/" + PlanApiToken.FILE + " (or "
                    + PlanApiToken.SETTING + ")"));
        }
        String method = exchange.getRequestMethod();
        // The raw path: a name is only ever plain letters, digits and dashes, so nothing encoded can pass.
        String path = exchange.getRequestURI().getRawPath();
        if ("/health".equals(path)) {
            return "GET".equals(method) ? new Answer(200, Map.of("status", "UP")) : notAllowed(exchange, "GET");
        }
        if ("/plans".equals(path)) {
            if (!"GET".equals(method)) {
                return notAllowed(exchange, "GET");
            }
            List<Object> views = new ArrayList<>();
            for (MigrationPlan plan : files.loadAll(plans)) {
                views.add(view(plan));
            }
            return new Answer(200, views);
        }
        Matcher matcher = PLAN.matcher(path);
        if (!matcher.matches()) {
            drain(exchange);
            return problem(404, "No such resource: " + path + " (plan names are lower-case letters, "
                    + "digits and '-')", Map.of());
        }
        String name = matcher.group(1);
        String action = matcher.group(2);
        if (action == null) {
            if (!"GET".equals(method)) {
                return notAllowed(exchange, "GET");
            }
            Optional<MigrationPlan> plan = plan(name);
            return plan.isPresent() ? new Answer(200, view(plan.get())) : unknown(name);
        }
        if (!"POST".equals(method)) {
            return notAllowed(exchange, "POST");
        }
        return move(exchange, name, action.substring(1));
    }

    private Answer move(HttpExchange exchange, String name, String action) throws IOException {
        String actor;
        try {
            actor = AuditFields.actor(exchange.getRequestHeaders().getFirst(ACTOR_HEADER), DEFAULT_ACTOR);
        }
        catch (InvalidFieldException ex) {
            drain(exchange);
            return answer(ex.problem());
        }
        String type = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Content-Type")).orElse("");
        if (!type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            drain(exchange);
            return problem(415, "The body must be application/json: {\"reason\": \"...\", "
                    + "\"dryRun\": false}", Map.of());
        }
        byte[] bytes = readAtMost(exchange.getRequestBody(), BODY_LIMIT.maxBytes() + 1);
        if (BODY_LIMIT.refuses(bytes.length)) {
            return answer(BODY_LIMIT.problem());
        }
        Move request;
        try {
            request = parse(bytes);
        }
        catch (InvalidFieldException ex) {
            return answer(ex.problem());
        }
        catch (JacksonException ex) {
            return answer(Problem.invalidField("body", "is not JSON (" + ex.getOriginalMessage() + ")"));
        }
        Optional<MigrationPlan> plan = plan(name);
        if (plan.isEmpty()) {
            return unknown(name);
        }
        PlanRunner.Outcome outcome;
        try {
            PlanRunner runner = runners.apply(actor);
            synchronized (moving) {
                // A rollback is the way out: like the CLI's, it does not wait for a figure an engine cannot give.
                outcome = "advance".equals(action)
                        ? runner.advance(plan.get(), new PlanRunner.Options(request.dryRun(), false, request.reason()))
                        : runner.rollback(plan.get(), new PlanRunner.Options(request.dryRun(), true,
                                request.reason()));
            }
        }
        catch (AdminException ex) {
            return engineProblem(ex);
        }
        Map<String, Object> body = outcome(outcome);
        return switch (outcome.result()) {
            case ADVANCED, ROLLED_BACK, WOULD_APPLY, COMPLETE -> new Answer(200, body);
            case REFUSED -> problem(409, outcome.message(), Map.of("plan", name, "from",
                    String.valueOf(outcome.from()), "failedGates", outcome.gates().stream()
                            .filter(gate -> !gate.passed()).map(PlanApi::gate).toList(),
                    "gates", body.get("gates")));
            case FAILED -> problem(502, outcome.message(), Map.of("plan", name, "applied",
                    body.get("applied")));
        };
    }

    /** The body of a move; unknown fields are refused, not ignored. */
    private Move parse(byte[] bytes) {
        JsonNode body = bytes.length == 0 ? null : json.readTree(bytes);
        if (body == null || !body.isObject()) {
            throw new InvalidFieldException("body", "must be a JSON object: {\"reason\": \"...\", \"dryRun\": false}");
        }
        for (String field : body.propertyNames()) {
            if (!field.equals("reason") && !field.equals("dryRun")) {
                throw new InvalidFieldException(field, "unknown field (known: reason, dryRun)");
            }
        }
        JsonNode reason = body.get("reason");
        if (reason != null && !reason.isNull() && !reason.isString()) {
            throw new InvalidFieldException("reason", "must be a string: say why the plan moves");
        }
        String text = AuditFields.reason(reason == null || reason.isNull() ? null : reason.asString());
        JsonNode dryRun = body.get("dryRun");
        if (dryRun != null && !dryRun.isBoolean()) {
            throw new InvalidFieldException("dryRun", "must be true or false");
        }
        return new Move(text, dryRun != null && dryRun.asBoolean());
    }

    private record Move(String reason, boolean dryRun) {
    }

    private Optional<MigrationPlan> plan(String name) {
        return files.loadAll(plans).stream().filter(plan -> plan.name().equals(name)).findFirst();
    }

    private Map<String, Object> view(MigrationPlan plan) {
        return PlanView.of(plan, () -> runners.apply(DEFAULT_ACTOR), states);
    }

    static Map<String, Object> gate(GateResult gate) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("gate", gate.gate());
        view.put("verdict", gate.verdict().name());
        view.put("figure", gate.figure());
        view.put("bound", gate.bound());
        view.put("details", gate.details());
        return view;
    }

    private static Map<String, Object> outcome(PlanRunner.Outcome outcome) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("result", outcome.result().name());
        view.put("plan", outcome.plan());
        view.put("from", outcome.from());
        view.put("to", outcome.to());
        view.put("gates", outcome.gates().stream().map(PlanApi::gate).toList());
        view.put("steps", outcome.steps().stream().map(Object::toString).toList());
        view.put("applied", outcome.applied().stream().map(Object::toString).toList());
        view.put("notes", outcome.notes());
        view.put("message", outcome.message());
        return view;
    }

    private boolean authorised(HttpExchange exchange) {
        return token.matchesBearer(exchange.getRequestHeaders().getFirst("Authorization"));
    }

    private static Answer engineProblem(AdminException ex) {
        return problem(ex.status() == 503 ? 503 : 502,
                "An engine could not give what the plan needs: " + ex.getMessage(), Map.of());
    }

    private static Answer unknown(String name) {
        return problem(404, "No plan named '" + name + "'", Map.of("plan", name));
    }

    private static Answer notAllowed(HttpExchange exchange, String allowed) throws IOException {
        drain(exchange);
        exchange.getResponseHeaders().set("Allow", allowed);
        return problem(405, exchange.getRequestMethod() + " is not allowed here; use "
                + allowed, Map.of());
    }

    static Answer problem(int status, String detail, Map<String, ?> extensions) {
        return answer(new Problem(status, detail, extensions));
    }

    private static Answer answer(Problem problem) {
        return new Answer(problem.status(), problem.document(), Problem.MEDIA_TYPE);
    }

    /** A status and a body to be written as JSON. */
    record Answer(int status, Object body, String type) {

        Answer(int status, Object body) {
            this(status, body, "application/json");
        }
    }

    private void send(HttpExchange exchange, Answer answer) throws IOException {
        byte[] bytes = json.writeValueAsBytes(answer.body());
        exchange.getResponseHeaders().set("Content-Type", answer.type());
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(answer.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        byte[] bytes = in.readNBytes(limit);
        if (bytes.length >= limit) {
            drain(in);
        }
        return bytes;
    }

    // A body left unread would be taken for the next request on a kept-alive connection.
    private static void drain(HttpExchange exchange) throws IOException {
        drain(exchange.getRequestBody());
    }

    private static void drain(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        long total = 0;
        int read;
        while ((read = in.read(buffer)) >= 0 && total < 1_048_576) {
            total += read;
        }
    }
}
