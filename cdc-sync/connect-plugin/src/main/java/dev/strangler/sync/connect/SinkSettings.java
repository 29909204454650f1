package dev.strangler.sync.connect;

import dev.strangler.sync.capture.SourcePosition;
import dev.strangler.sync.mapping.Direction;
import dev.strangler.sync.mapping.PipelineDefinition;
import dev.strangler.sync.mapping.PipelineFiles;
import dev.strangler.sync.mapping.Placeholders;
import dev.strangler.sync.mapping.ValueConversions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.jspecify.annotations.Nullable;

/**
 * The sink's configuration: the pipeline YAML (inline or a path on the worker) and the direction it applies. The
 * pipeline is read with cdc-sync's own reader, so a bad file fails the connector's validation with file, line, key
 * and reason, and its {@code ${NAME:default}} placeholders resolve from the worker's environment.
 */
final class SinkSettings extends AbstractConfig {

    static final String PIPELINE = "strangler.pipeline";
    static final String PIPELINE_FILE = "strangler.pipeline.file";
    static final String DIRECTION = "strangler.direction";
    /** Set by the connector per task: the task's index, part of its replication origin and claim name. */
    static final String TASK = "strangler.task";
    static final String NAME = "name";
    /** {@code strangler.placeholder.<NAME>}: a value for the pipeline's {@code ${NAME}}, before the environment. */
    static final String PLACEHOLDER = "strangler.placeholder.";
    /**
     * For a pipeline moved from cdc-sync ({@code strangler export connect --from-running}): the commit LSN and the
     * event LSN of the last row the app applied before the move. Partitions never applied start behind that row.
     */
    static final String MOVED_COMMIT_LSN = "strangler.moved.commit-lsn";
    static final String MOVED_LSN = "strangler.moved.lsn";

    static final ConfigDef DEFINITION = new ConfigDef()
            .define(PIPELINE, ConfigDef.Type.STRING, "", ConfigDef.Importance.HIGH,
                    "The pipeline YAML itself (as cdc-sync reads it). Either this or " + PIPELINE_FILE + ".")
            .define(PIPELINE_FILE, ConfigDef.Type.STRING, "", ConfigDef.Importance.HIGH,
                    "Path of the pipeline YAML on every worker. Either this or " + PIPELINE + ". Its ${NAME:default} "
                            + "placeholders resolve from " + PLACEHOLDER + "<NAME> entries, then the worker's "
                            + "environment, then the default.")
            .define(DIRECTION, ConfigDef.Type.STRING, "", ConfigDef.Importance.MEDIUM,
                    "forward or reverse: which way this sink applies (default: the pipeline's direction). Its topics "
                            + "must carry the captures of that direction.")
            .define(TASK, ConfigDef.Type.INT, 0, ConfigDef.Importance.LOW, "Set by the connector.")
            .define(MOVED_COMMIT_LSN, ConfigDef.Type.LONG, null, ConfigDef.Importance.LOW,
                    "Set by strangler export connect --from-running: the commit LSN of the last row cdc-sync applied.")
            .define(MOVED_LSN, ConfigDef.Type.LONG, null, ConfigDef.Importance.LOW,
                    "Set by strangler export connect --from-running: the LSN of the last row cdc-sync applied.");

    SinkSettings(Map<String, String> props) {
        super(DEFINITION, props);
    }

    String connectorName() {
        return originalsStrings().getOrDefault(NAME, "strangler");
    }

    int task() {
        return getInt(TASK);
    }

    /** The last row cdc-sync applied before the pipeline moved onto Connect; null for a pipeline started here. */
    @Nullable SourcePosition appliedBeforeTheMove() {
        Long lsn = getLong(MOVED_LSN);
        return lsn == null ? null : new SourcePosition("{}", getLong(MOVED_COMMIT_LSN), lsn, false);
    }

    PipelineDefinition pipeline() {
        String inline = getString(PIPELINE);
        String file = getString(PIPELINE_FILE);
        if (inline.isBlank() == file.isBlank()) {
            throw new ConfigException(PIPELINE, inline.isBlank() ? null : "(inline)",
                    "give the pipeline YAML either inline (" + PIPELINE + ") or by path (" + PIPELINE_FILE
                            + "), exactly one of them");
        }
        Map<String, String> given = originalsWithPrefix(PLACEHOLDER).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> String.valueOf(e.getValue())));
        PipelineFiles reader = new PipelineFiles(ValueConversions.discovered(),
                Placeholders.from(name -> given.containsKey(name) ? given.get(name) : System.getenv(name)));
        try (InputStream yaml = inline.isBlank() ? Files.newInputStream(Path.of(file))
                : new ByteArrayInputStream(inline.getBytes(StandardCharsets.UTF_8))) {
            return reader.read(inline.isBlank() ? file : PIPELINE, yaml);
        }
        catch (IOException ex) {
            throw new ConfigException(PIPELINE_FILE, file, "cannot read the pipeline file: " + ex.getMessage());
        }
        catch (RuntimeException ex) {
            // PipelineConfigException: file:line: key: reason, as the app reports it.
            throw new ConfigException(ex.getMessage());
        }
    }

    Direction direction(PipelineDefinition pipeline) {
        String direction = getString(DIRECTION);
        if (direction.isBlank()) {
            return pipeline.direction();
        }
        try {
            return Direction.valueOf(direction.toUpperCase(Locale.ROOT));
        }
        catch (IllegalArgumentException ex) {
            throw new ConfigException(DIRECTION, direction, "forward or reverse");
        }
    }
}
