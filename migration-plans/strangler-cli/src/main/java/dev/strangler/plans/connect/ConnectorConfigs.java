package dev.strangler.plans.connect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The two Kafka Connect connectors that run one direction of a sync pipeline: Debezium's PostgreSQL source (slot,
 * publication, the mapped tables, heartbeats, snapshot mode, the loop guard) and cdc-sync's mapping sink (the
 * pipeline file itself). Built from the pipeline file the stack names, with its {@code ${NAME:default}} placeholders
 * resolved as cdc-sync would resolve them when the stack starts it: from the sync engine's arguments in the stack
 * file, then the environment, then the default.
 *
 * <p>Secrets: a password that comes from the environment is never written into a config. Debezium's gets Connect's
 * {@code ${env:NAME}} reference (workers need {@code config.providers=env}), and the sink resolves the pipeline's own
 * placeholder from the worker's environment.
 *
 * <p>The capture settings mirror cdc-sync's in-process capture ({@code ChangeCapture}); the Connect integration test
 * runs these configs unchanged.
 */
public final class ConnectorConfigs {

    /** The sink connector's class in cdc-sync's Connect plugin. */
    public static final String SINK_CLASS = "dev.strangler.sync.connect.MappingSinkConnector";
    static final String SOURCE_CLASS = "io.debezium.connector.postgresql.PostgresConnector";
    // Names cdc-sync's capture uses too (ChangeCapture, ChangeDecoder): heartbeats it filters out, drain markers, and
    // the placeholder Debezium sends for an unchanged TOASTed value, which the decoder leaves out of the write.
    static final String HEARTBEAT_PREFIX = "strangler_heartbeat";
    /** A heartbeat addressed to one partition of a change topic (the plugin's {@code HeartbeatToPartition}). */
    static final String PARTITION_HEARTBEAT = HEARTBEAT_PREFIX + "/";
    static final String HEARTBEAT_TRANSFORM = "dev.strangler.sync.connect.HeartbeatToPartition";
    static final String MARKER_PREFIX = "strangler_sync_marker";
    static final String UNAVAILABLE = "__debezium_unavailable_value";
    static final String JSON = "org.apache.kafka.connect.json.JsonConverter";

    /** The sink's entries that set a pipeline placeholder (a name the stack's engine arguments give a value). */
    static final String PLACEHOLDER_KEY = "strangler.placeholder.";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}:]+)(?::([^}]*))?}");

    /** A database of the pipeline as the CLI itself connects to it (placeholders resolved, password included). */
    public record Database(String jdbcUrl, String username, String password) {

        public Connection connect() throws SQLException {
            return DriverManager.getConnection(jdbcUrl, username, password);
        }

        @Override
        public String toString() {
            return jdbcUrl;
        }
    }

    /**
     * One direction's captured and applied databases and its stream (the slot's and the position row's name).
     *
     * @param direction {@code forward} or {@code reverse}
     */
    public record Databases(Database captured, Database applied, String stream, String direction) {
    }

    /** One connector: its name and configuration, the body {@code PUT /connectors/{name}/config} takes. */
    public record Connector(String name, Map<String, String> config) {
    }

    /**
     * @param partitions partitions of each change topic the source creates (more allow more sink tasks)
     * @param tasks sink tasks ({@code tasks.max}); at most the partitions of all its topics are used
     * @param heartbeatMillis how often the source writes a heartbeat so that a quiet slot keeps advancing
     */
    public record Options(int partitions, int tasks, long heartbeatMillis) {

        public static Options defaults() {
            return new Options(3, 1, 10_000);
        }
    }

    private ConnectorConfigs() {
    }

    /**
     * The source and the sink (in that order) of {@code direction} ({@code forward}, {@code reverse} or null for the
     * pipeline's own) of the pipeline file {@code file}.
     *
     * @param engineArguments the sync engine's arguments from the stack file ({@code --NAME=value})
     * @param environment the environment (placeholders, passwords)
     * @throws IllegalArgumentException naming file and key when the pipeline file lacks what Connect needs
     */
    public static List<Connector> of(Path file, @Nullable String direction, List<String> engineArguments,
            Function<String, @Nullable String> environment, Options options) {
        return of(file, direction, engineArguments, environment, options, false);
    }

    /**
     * As {@link #of(Path, String, List, Function, Options)}; {@code resuming}: the source resumes from offsets set
     * before it starts (a pipeline moved from cdc-sync), so it never snapshots ({@code snapshot.mode=no_data}).
     */
    public static List<Connector> of(Path file, @Nullable String direction, List<String> engineArguments,
            Function<String, @Nullable String> environment, Options options, boolean resuming) {
        Map<String, String> arguments = arguments(engineArguments);
        Map<String, Object> pipeline = read(file);
        String name = text(pipeline, "pipeline", file);
        String chosen = direction(pipeline, direction, file);
        boolean forward = chosen.equals("forward");
        Resolver resolver = new Resolver(arguments, environment);
        @SuppressWarnings("unchecked")
        Map<String, Object> captured = (Map<String, Object>) pipeline.get(forward ? "source" : "target");
        if (captured == null) {
            throw new IllegalArgumentException(file + ": " + (forward ? "source" : "target") + ": missing");
        }
        String stream = "strangler_" + name + "_" + chosen;
        String topicPrefix = "strangler." + name + "." + chosen;
        List<String> tables = capturedTables(pipeline, forward, file);

        Map<String, String> source = new LinkedHashMap<>();
        source.put("connector.class", SOURCE_CLASS);
        source.put("tasks.max", "1");
        URI url = URI.create(resolver.value(text(captured, "jdbc-url", file)).substring("jdbc:".length()));
        source.put("database.hostname", url.getHost());
        source.put("database.port", Integer.toString(url.getPort() < 0 ? 5432 : url.getPort()));
        source.put("database.dbname", url.getPath().substring(1));
        source.put("database.user", resolver.value(text(captured, "username", file)));
        source.put("database.password", resolver.secret(String.valueOf(captured.getOrDefault("password", ""))));
        source.put("topic.prefix", topicPrefix);
        source.put("plugin.name", "pgoutput");
        // The names cdc-sync uses for this direction: moving a pipeline between the app and Connect keeps its slot.
        source.put("slot.name", stream);
        source.put("publication.name", stream);
        source.put("publication.autocreate.mode", "filtered");
        source.put("table.include.list", String.join(",", tables.stream().map(t -> t.replace(".", "\\.")).toList()));
        source.put("snapshot.mode", forward && !resuming ? "initial" : "no_data");
        // Loop guard: PostgreSQL drops changes made under a replication origin (the sink's writes) before decoding.
        source.put("slot.stream.params", "origin=none");
        source.put("heartbeat.interval.ms", Long.toString(options.heartbeatMillis()));
        // A slot that sees only filtered traffic advances only if the heartbeat writes WAL of its own. It writes one
        // message per partition of every change topic, which the plugin's transform moves into that partition: each
        // partition then carries a recent WAL position, from which the sink stores the applied position.
        List<String> partitions = new ArrayList<>();
        for (String table : tables) {
            for (int partition = 0; partition < options.partitions(); partition++) {
                partitions.add("'" + topicPrefix + "." + table + "/" + partition + "'");
            }
        }
        // Non-transactional (false): decoded at once, with a position that can lie past the changes of a transaction
        // still open, and Debezium confirms it to the slot. Safe to resume from: PostgreSQL sends again every
        // transaction that commits after the confirmed position, and Debezium 3.6.1 resumes after a stored message from
        // the first event the slot sends (WalPositionLocator, dbz#1379), so none of them is skipped
        // (ConnectHeartbeatIntegrationTests stops the source there, commits, resumes: every row arrives once).
        source.put("heartbeat.action.query", "SELECT pg_logical_emit_message(false, '" + PARTITION_HEARTBEAT
                + "' || p, now()::varchar) FROM unnest(ARRAY[" + String.join(",", partitions) + "]) AS p");
        source.put("message.prefix.include.list", MARKER_PREFIX + "," + PARTITION_HEARTBEAT + ".*");
        source.put("transforms", "heartbeats");
        source.put("transforms.heartbeats.type", HEARTBEAT_TRANSFORM);
        // Truncates reach the sink, which stops instead of skipping them (Debezium skips them by default).
        source.put("skipped.operations", "none");
        source.put("unavailable.value.placeholder", UNAVAILABLE);
        source.put("tombstones.on.delete", "false");
        source.put("decimal.handling.mode", "precise");
        source.put("slot.drop.on.stop", "false");
        source.put("topic.creation.default.partitions", Integer.toString(options.partitions()));
        source.put("topic.creation.default.replication.factor", "-1");
        converters(source);

        Map<String, String> sink = new LinkedHashMap<>();
        sink.put("connector.class", SINK_CLASS);
        sink.put("tasks.max", Integer.toString(options.tasks()));
        sink.put("topics", String.join(",", tables.stream().map(t -> topicPrefix + "." + t).toList()));
        String text = readText(file);
        sink.put("strangler.pipeline", text);
        sink.putAll(resolver.placeholders(text));
        sink.put("strangler.direction", chosen);
        converters(sink);
        return List.of(new Connector("strangler-" + name + "-" + chosen + "-source", source),
                new Connector("strangler-" + name + "-" + chosen + "-sink", sink));
    }

    /**
     * The databases of {@code direction} of the pipeline file, resolved as cdc-sync resolves them when the stack
     * starts it (the password too: for the CLI's own connection, never written into a config).
     */
    public static Databases databases(Path file, @Nullable String direction, List<String> engineArguments,
            Function<String, @Nullable String> environment) {
        Map<String, Object> pipeline = read(file);
        String chosen = direction(pipeline, direction, file);
        Resolver resolver = new Resolver(arguments(engineArguments), environment);
        boolean forward = chosen.equals("forward");
        return new Databases(database(pipeline, forward ? "source" : "target", resolver, file),
                database(pipeline, forward ? "target" : "source", resolver, file),
                "strangler_" + text(pipeline, "pipeline", file) + "_" + chosen, chosen);
    }

    @SuppressWarnings("unchecked")
    private static Database database(Map<String, Object> pipeline, String side, Resolver resolver, Path file) {
        Map<String, Object> database = (Map<String, Object>) pipeline.get(side);
        if (database == null) {
            throw new IllegalArgumentException(file + ": " + side + ": missing");
        }
        return new Database(resolver.value(text(database, "jdbc-url", file)),
                resolver.value(text(database, "username", file)),
                resolver.value(String.valueOf(database.getOrDefault("password", ""))));
    }

    private static Map<String, String> arguments(List<String> engineArguments) {
        Map<String, String> arguments = new LinkedHashMap<>();
        for (String argument : engineArguments) {
            int equals = argument.indexOf('=');
            if (argument.startsWith("--") && equals > 2) {
                arguments.put(argument.substring(2, equals), argument.substring(equals + 1));
            }
        }
        return arguments;
    }

    /** {@code forward} or {@code reverse}: the one asked for, else the pipeline file's. */
    private static String direction(Map<String, Object> pipeline, @Nullable String direction, Path file) {
        String chosen = direction != null ? direction.toLowerCase(Locale.ROOT)
                : String.valueOf(pipeline.getOrDefault("direction", "forward"));
        if (!chosen.equals("forward") && !chosen.equals("reverse")) {
            throw new IllegalArgumentException(file + ": direction: forward or reverse, not '" + chosen + "'");
        }
        return chosen;
    }

    /** Key: the row's primary key, schemaless, so equal keys land in one partition; value: with its schema. */
    private static void converters(Map<String, String> config) {
        config.put("key.converter", JSON);
        config.put("key.converter.schemas.enable", "false");
        config.put("value.converter", JSON);
        config.put("value.converter.schemas.enable", "true");
        config.put("value.converter.replace.null.with.default", "false");
    }

    /** {@code schema.table} of every captured table: the sources forward, the targets reverse. */
    @SuppressWarnings("unchecked")
    private static List<String> capturedTables(Map<String, Object> pipeline, boolean forward, Path file) {
        Set<String> tables = new LinkedHashSet<>();
        Object listed = pipeline.get("tables");
        if (!(listed instanceof List<?> mappings) || mappings.isEmpty()) {
            throw new IllegalArgumentException(file + ": tables: missing");
        }
        for (Object mapping : mappings) {
            Map<String, Object> table = (Map<String, Object>) mapping;
            if (forward) {
                tables.add(qualified(text(table, "source", file)));
            }
            else {
                for (Object target : (List<Object>) table.getOrDefault("targets", List.of())) {
                    tables.add(qualified(text((Map<String, Object>) target, "table", file)));
                }
            }
        }
        return new ArrayList<>(tables);
    }

    private static String qualified(String table) {
        return table.contains(".") ? table : "public." + table;
    }

    private static String readText(Path file) {
        try {
            return Files.readString(file);
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read " + file, ex);
        }
    }

    private static Map<String, Object> read(Path file) {
        try {
            Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(Files.readString(file));
            if (!(loaded instanceof Map<?, ?>)) {
                throw new IllegalArgumentException(file + ": not a pipeline file");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> pipeline = (Map<String, Object>) loaded;
            return pipeline;
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read " + file, ex);
        }
    }

    private static String text(Map<String, Object> node, String key, Path file) {
        Object value = node.get(key);
        if (value == null) {
            throw new IllegalArgumentException(file + ": " + key + ": missing");
        }
        return String.valueOf(value);
    }

    /** cdc-sync's placeholder rules ({@code mapping/Placeholders}), with the stack's engine arguments first. */
    private static final class Resolver {

        private final Map<String, String> arguments;
        private final Function<String, @Nullable String> environment;

        Resolver(Map<String, String> arguments, Function<String, @Nullable String> environment) {
            this.arguments = arguments;
            this.environment = environment;
        }

        String value(String text) {
            return replace(text, name -> {
                String found = arguments.get(name);
                return found != null ? found : environment.apply(name);
            });
        }

        /** A password: from the environment only as Connect's {@code ${env:NAME}}, never as the value itself. */
        String secret(String text) {
            return replace(text, name -> {
                if (arguments.containsKey(name)) {
                    return arguments.get(name);
                }
                String fromEnvironment = environment.apply(name);
                return fromEnvironment == null || fromEnvironment.isEmpty() ? null : "${env:" + name + "}";
            });
        }

        /**
         * The placeholders of the pipeline file that the stack's engine arguments set, as the sink's
         * {@code strangler.placeholder.<NAME>} entries; the others resolve from the worker's environment or their
         * default, as in the app.
         */
        Map<String, String> placeholders(String pipeline) {
            Map<String, String> set = new LinkedHashMap<>();
            Matcher matcher = PLACEHOLDER.matcher(pipeline);
            while (matcher.find()) {
                String value = arguments.get(matcher.group(1));
                if (value != null) {
                    set.put(PLACEHOLDER_KEY + matcher.group(1), value);
                }
            }
            return set;
        }

        private static String replace(String text, Function<String, @Nullable String> lookup) {
            Matcher matcher = PLACEHOLDER.matcher(text);
            StringBuilder resolved = new StringBuilder();
            while (matcher.find()) {
                String found = lookup.apply(matcher.group(1));
                if (found == null) {
                    found = matcher.group(2);
                }
                if (found == null) {
                    throw new IllegalArgumentException("no value for placeholder ${" + matcher.group(1) + "}: set it "
                            + "in the environment or in the stack file's engines.sync.args");
                }
                matcher.appendReplacement(resolved, Matcher.quoteReplacement(found));
            }
            matcher.appendTail(resolved);
            return resolved.toString();
        }
    }
}
