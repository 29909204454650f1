package dev.strangler.plans.cli;

import dev.strangler.plans.api.PlanApi;
import dev.strangler.plans.api.PlanApiToken;
import dev.strangler.plans.cli.output.Console;
import dev.strangler.plans.runner.PlanRunner;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code strangler plan serve}: the plan admin API on 127.0.0.1, until stopped. {@code strangler up} runs it as one
 * more component of the stack; the proxy's dashboard calls it server-side with its token.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serve the plan admin API on 127.0.0.1 until stopped: GET /plans, GET /plans/{name}, "
                + "POST /plans/{name}/advance and /rollback with {\"reason\": \"...\", \"dryRun\": false}. Every "
                + "path needs the bearer token from $STRANGLER_HOME/plans/admin-token (generated on first start) "
                + "or STRANGLER_ADMIN_TOKEN. Moves go through the same runner as 'plan advance' and 'plan rollback'."})
final class PlanServeCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "PORT",
            description = "Port on 127.0.0.1 (default: the stack file's engines.plans.port plus the port offset; 0 for "
                    + "any free port).")
    @Nullable Integer port;

    @Mixin
    EngineOptions engines;

    private final Console console = Console.system();

    @Override
    public Integer call() throws InterruptedException {
        Path home = engines.stack().home();
        PlanApiToken token = PlanApiToken.resolve(home, console::problem);
        int chosen = port != null ? port : engines.stack().layout().planApiPort();
        // A runner per request: the engines' tokens are read anew, so an engine restarted with a new one is found.
        PlanApi api = PlanApi.start(chosen, token, engines.plans(),
                actor -> new PlanRunner(engines.engines(), engines.states(), actor, Clock.systemUTC(),
                        engines.monolithClasses()),
                engines.states());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            api.close();
            stopped.countDown();
        }, "plan-api-stop"));
        console.line("plan API on http://127.0.0.1:" + api.port() + "/plans (plans in " + engines.plans()
                + "; token in " + home.resolve(PlanApiToken.FILE) + " unless STRANGLER_ADMIN_TOKEN is set)");
        stopped.await();
        return 0;
    }
}
