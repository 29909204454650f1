package dev.strangler.plans.cli;

import dev.strangler.plans.cli.output.Console;
import dev.strangler.plans.connect.ConnectCluster;
import dev.strangler.plans.connect.ConnectorConfigs;
import dev.strangler.plans.connect.PipelineMove;
import dev.strangler.plans.connect.PipelineMoveBack;
import dev.strangler.plans.stack.Component;
import dev.strangler.plans.stack.StackLayout;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import tools.jackson.databind.json.JsonMapper;

/** {@code strangler export}: the stack's parts in the form another engine runs them. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Export the stack's parts for another engine.",
        subcommands = ExportCommand.ConnectExport.class)
final class ExportCommand {

    /** {@code strangler export connect <pipeline>}: a sync pipeline as two Kafka Connect connectors. */
    @Command(name = "connect", mixinStandardHelpOptions = true,
            description = {"Print a sync pipeline of the stack file as the two Kafka Connect connectors that run it "
                    + "(JSON, [{name, config}, ...]): Debezium's PostgresConnector (slot, publication, the mapped "
                    + "tables, heartbeats, snapshot mode, the loop guard) and cdc-sync's mapping sink (the pipeline "
                    + "file). With --apply, install both through the cluster's REST API.",
                    "--from-running moves a pipeline that runs in cdc-sync onto the cluster without a new snapshot, "
                            + "--back-to-running brings it back the same way.",
                    "Workers need cdc-sync's plugin (cdc-sync/connect-plugin/target/connect-plugin-*.zip) and "
                            + "Debezium's PostgreSQL connector on their plugin.path; a password set in the environment "
                            + "is written as ${env:NAME} (workers: config.providers=env)."})
    static final class ConnectExport implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "PIPELINE", description = "The pipeline's name, e.g. customers.")
        String pipeline;

        @Option(names = "--direction", paramLabel = "DIR",
                description = "forward or reverse (default: the pipeline file's direction).")
        @Nullable String direction;

        @Option(names = "--tasks", paramLabel = "N", defaultValue = "1",
                description = "Sink tasks (default: ${DEFAULT-VALUE}); each takes a share of the partitions.")
        int tasks;

        @Option(names = "--partitions", paramLabel = "N", defaultValue = "3",
                description = "Partitions of each change topic (default: ${DEFAULT-VALUE}).")
        int partitions;

        @Option(names = "--heartbeat-ms", paramLabel = "MS", defaultValue = "10000",
                description = "Source heartbeat interval (default: ${DEFAULT-VALUE}).")
        long heartbeatMillis;

        @Option(names = "--apply", paramLabel = "URL",
                description = "Install both connectors on the Connect cluster at URL (e.g. http://connect:8083): "
                        + "PUT /connectors/{name}/config.")
        @Nullable URI apply;

        @Option(names = "--from-running",
                description = "With --apply: move the pipeline that runs in cdc-sync onto the cluster without a new "
                        + "snapshot: stop it in cdc-sync, create both connectors STOPPED, set the source's offset to "
                        + "the position cdc-sync applied (PATCH /connectors/{name}/offsets), resume them. Kafka "
                        + "Connect 3.6+. cdc-sync records where the pipeline runs and does not start it again "
                        + "(a start, a switch or its own restart are refused, naming the cluster) until "
                        + "--back-to-running.")
        boolean fromRunning;

        @Option(names = "--back-to-running",
                description = "With --apply and --kafka: move the pipeline that --from-running put on the cluster "
                        + "back into cdc-sync without a new snapshot: stop the source connector, wait until the sink "
                        + "applied every record the source sent, stop the sink, store the source's offset where "
                        + "cdc-sync resumes, start the pipeline in cdc-sync, delete both connectors. A failure after "
                        + "the first change is undone.")
        boolean backToRunning;

        @Option(names = "--kafka", paramLabel = "BOOTSTRAP",
                description = "With --back-to-running: the bootstrap servers of the cluster's Kafka (e.g. "
                        + "kafka:9092), to see that the sink applied everything in its topics.")
        @Nullable String kafka;

        @Mixin
        EngineOptions engines;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Console console = PlanCommand.console(spec);
            if (fromRunning && apply == null) {
                throw new IllegalArgumentException("--from-running needs --apply URL (the Connect cluster to move "
                        + "the pipeline to)");
            }
            if (backToRunning && (apply == null || kafka == null || fromRunning)) {
                throw new IllegalArgumentException(fromRunning ? "--back-to-running and --from-running move opposite "
                        + "ways: give one" : "--back-to-running needs --apply URL (the Connect cluster that runs the "
                        + "pipeline) and --kafka BOOTSTRAP (its Kafka)");
            }
            StackLayout layout = engines.stack().layout();
            Path directory = layout.stack().pipelines();
            if (directory == null) {
                throw new IllegalArgumentException(layout.stack().file() + " names no 'pipelines:' directory");
            }
            Path file = directory.resolve(pipeline + ".yaml");
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("No pipeline '" + pipeline + "': " + file + " does not exist");
            }
            List<String> engineArguments = layout.components().stream()
                    .filter(component -> component.name().equals("cdc-sync")).findFirst()
                    .map(Component::arguments).orElse(List.of());
            List<ConnectorConfigs.Connector> connectors = ConnectorConfigs.of(file, direction, engineArguments,
                    System::getenv, new ConnectorConfigs.Options(partitions, tasks, heartbeatMillis), fromRunning);
            console.line(JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                    .writeValueAsString(connectors));
            if (apply != null && backToRunning) {
                ConnectorConfigs.Databases databases = ConnectorConfigs.databases(file, direction, engineArguments,
                        System::getenv);
                new PipelineMoveBack(new ConnectCluster(apply), engines.engines(), kafka, engines.actor,
                        console::progress).moveBack(pipeline, databases.direction(), connectors, databases);
            }
            else if (apply != null && fromRunning) {
                ConnectorConfigs.Databases databases = ConnectorConfigs.databases(file, direction, engineArguments,
                        System::getenv);
                new PipelineMove(new ConnectCluster(apply), engines.engines(), engines.actor, console::progress)
                        .move(pipeline, databases.direction(), connectors, databases);
            }
            else if (apply != null) {
                ConnectCluster cluster = new ConnectCluster(apply);
                for (ConnectorConfigs.Connector connector : connectors) {
                    boolean created = cluster.put(connector);
                    console.progress((created ? "created " : "updated ") + connector.name() + " on " + apply);
                }
            }
            return 0;
        }
    }
}
