package dev.strangler.plans.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code strangler}: run the strangled system on one machine and steer its migration. Exit status 0 means done,
 * 1 that the command ran but the answer is no (a component not ready, an engine refusing), 2 a usage error.
 */
@Command(name = "strangler", mixinStandardHelpOptions = true, version = "Strangler Kit 0.1.0",
        description = "Strangler-fig migration of a Spring Boot monolith, one endpoint at a time.",
        subcommands = {UpCommand.class, DownCommand.class, StatusCommand.class, RoutesCommand.class,
                RouteCommand.class, CommandLine.HelpCommand.class})
public final class StranglerCli {

    static final int NO = 1;

    private StranglerCli() {
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new StranglerCli()).setCaseInsensitiveEnumValuesAllowed(true);
    }
}
