package dev.strangler.plans.console.api;

import dev.strangler.plans.console.ConsoleSettings;
import dev.strangler.plans.console.PlanRunners;
import dev.strangler.plans.plan.MigrationPlan;
import dev.strangler.plans.plan.PlanFiles;
import dev.strangler.plans.runner.GateResult;
import dev.strangler.plans.runner.PlanRunner;
import dev.strangler.plans.runner.PlanStates;
import dev.strangler.support.admin.AuditFields;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The plan API, served by the console through the very {@link PlanRunner} the CLI uses (so the CLI and the API cannot
 * differ):
 * <ul>
 * <li>{@code GET /plans}, {@code GET /plans/{name}}: phases with their why, the current phase, its gates (figure,
 * bound, verdict), the routes and sync as they are;</li>
 * <li>{@code POST /plans/{name}/advance}, {@code POST /plans/{name}/rollback}, body
 * {@code {"reason": "...", "dryRun": false}}: 200 with what was done; a failing gate is 409 naming figure and
 * bound; an engine refusing part way is 502, one that cannot be reached 503;</li>
 * <li>{@code GET /health}.</li>
 * </ul>
 * The actor of a move is the request's {@code X-Strangler-Actor} (the dashboard sends its signed-in name), else
 * {@code plan-api}; the runner audits every move and refusal in {@code plans/audit.jsonl}.
 */
@RestController
public class PlanApiController {

    static final String DEFAULT_ACTOR = "plan-api";

    /** A plan name is only ever plain lower-case letters, digits and dashes, so nothing encoded can pass. */
    private static final String NAME = "{name:[a-z0-9][a-z0-9-]{0,62}}";

    private final Path plans;
    private final PlanRunners runners;
    private final PlanStates states;
    private final PlanFiles files = new PlanFiles();
    // One move at a time: two advances racing would both pass the gates of the same phase.
    private final Object moving = new Object();

    PlanApiController(ConsoleSettings settings, PlanRunners runners, PlanStates states) {
        this.plans = settings.plans();
        this.runners = runners;
        this.states = states;
    }

    @GetMapping("/health")
    Map<String, String> health() {
        return Map.of("status", "UP");
    }

    @GetMapping("/plans")
    List<Map<String, Object>> all() {
        return files.loadAll(plans).stream().map(this::view).toList();
    }

    @GetMapping("/plans/" + NAME)
    Map<String, Object> one(@PathVariable String name) {
        return view(plan(name));
    }

    @PostMapping(path = "/plans/" + NAME + "/advance", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> advance(@PathVariable String name,
            @RequestHeader(name = AuditFields.ACTOR_HEADER, required = false) @Nullable String actor,
            @RequestBody Move move) {
        return move(name, actor, move, true);
    }

    @PostMapping(path = "/plans/" + NAME + "/rollback", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> rollback(@PathVariable String name,
            @RequestHeader(name = AuditFields.ACTOR_HEADER, required = false) @Nullable String actor,
            @RequestBody Move move) {
        return move(name, actor, move, false);
    }

    /** Every plan as {@code GET /plans} shows it; the dashboard shows the same, in-process. */
    public List<Map<String, Object>> plans() {
        return all();
    }

    /**
     * A move as {@code POST /plans/{name}/advance} or {@code /rollback} makes it, through the same lock, runner and
     * audit; the dashboard's, in-process, as its signed-in actor.
     */
    public ResponseEntity<?> move(String name, String actor, @Nullable String reason, boolean advance) {
        return move(name, actor, new Move(reason, false), advance);
    }

    private ResponseEntity<?> move(String name, @Nullable String actor, Move move, boolean advance) {
        String who = AuditFields.actor(actor, DEFAULT_ACTOR);
        String reason = AuditFields.reason(move.reason());
        MigrationPlan plan = plan(name);
        PlanRunner runner = runners.actingAs(who);
        PlanRunner.Outcome outcome;
        synchronized (moving) {
            // A rollback is the way out: like the CLI's, it does not wait for a figure an engine cannot give.
            outcome = advance ? runner.advance(plan, new PlanRunner.Options(move.isDryRun(), false, reason))
                    : runner.rollback(plan, new PlanRunner.Options(move.isDryRun(), true, reason));
        }
        Map<String, Object> body = outcome(outcome);
        return switch (outcome.result()) {
            case ADVANCED, ROLLED_BACK, WOULD_APPLY, COMPLETE -> ResponseEntity.ok(body);
            case REFUSED -> problem(HttpStatus.CONFLICT, outcome.message(), Map.of("plan", name, "from",
                    String.valueOf(outcome.from()), "failedGates", outcome.gates().stream()
                            .filter(gate -> !gate.passed()).map(PlanApiController::gate).toList(),
                    "gates", body.get("gates")));
            case FAILED -> problem(HttpStatus.BAD_GATEWAY, outcome.message(), Map.of("plan", name, "applied",
                    body.get("applied")));
        };
    }

    private MigrationPlan plan(String name) {
        Optional<MigrationPlan> plan = files.loadAll(plans).stream().filter(one -> one.name().equals(name))
                .findFirst();
        return plan.orElseThrow(() -> new UnknownPlanException(name));
    }

    private Map<String, Object> view(MigrationPlan plan) {
        return PlanView.of(plan, () -> runners.actingAs(DEFAULT_ACTOR), states);
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
        view.put("gates", outcome.gates().stream().map(PlanApiController::gate).toList());
        view.put("steps", outcome.steps().stream().map(Object::toString).toList());
        view.put("applied", outcome.applied().stream().map(Object::toString).toList());
        view.put("notes", outcome.notes());
        view.put("message", outcome.message());
        return view;
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail, Map<String, ?> members) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        members.forEach(problem::setProperty);
        return ResponseEntity.status(status).body(problem);
    }

    /** No plan file names this plan. */
    static final class UnknownPlanException extends RuntimeException {

        private final String plan;

        UnknownPlanException(String plan) {
            super("No plan named '" + plan + "'");
            this.plan = plan;
        }

        String plan() {
            return plan;
        }
    }
}
