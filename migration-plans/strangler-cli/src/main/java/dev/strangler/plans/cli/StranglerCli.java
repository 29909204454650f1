package dev.strangler.plans.cli;

import dev.strangler.archrules.PlanException;
import dev.strangler.plans.plan.InvalidPlanException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code strangler}: run the strangled system on one machine and steer its migration. Exit status 0 means done,
 * 1 that the command ran but the answer is no (a component not ready, an engine refusing, a gate failing, two
 * sides out of sync), 2 a usage error or bad input (an invalid plan file).
 */
@Command(name = "strangler", mixinStandardHelpOptions = true, version = "Strangler Kit 0.1.0",
        description = "Strangler-fig migration of a Spring Boot monolith, one endpoint at a time.",
        footer = {"", "Admin tokens: a command sends each engine only that engine's token: STRANGLER_PROXY_ADMIN_TOKEN, "
                + "STRANGLER_SYNC_ADMIN_TOKEN or STRANGLER_CONSOLE_ADMIN_TOKEN when set, else the token file the engine "
                + "wrote under the home (proxy/, cdc-sync/, plans/admin-token). 'up' hands each engine its own variable "
                + "as STRANGLER_ADMIN_TOKEN and passes the shell's STRANGLER_ADMIN_TOKEN to none."},
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, RoutesCommand.class,
                RouteCommand.class, PlanCommand.class, VerifyCommand.class, WalkthroughCommand.class,
                HistoryCheckCommand.class, InitCommand.class, ExportCommand.class, ArchcheckCommand.class,
                CommandLine.HelpCommand.class})
public final class StranglerCli {

    static final int NO = 1;
    static final int BAD_INPUT = 2;

    private StranglerCli() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new StranglerCli()).setCaseInsensitiveEnumValuesAllowed(true);
        // Set after every subcommand is added, so that it applies to all of them: the user's mistakes and the
        // engines' refusals get one clear line, never a stack trace.
        cli.setExecutionExceptionHandler((ex, line, parsed) -> {
            line.getErr().println("✗ " + (ex.getMessage() == null ? ex.toString() : ex.getMessage()));
            line.getErr().flush();
            return ex instanceof InvalidPlanException || ex instanceof PlanException
                    || ex instanceof IllegalArgumentException ? BAD_INPUT : NO;
        });
        return cli;
    }
}
