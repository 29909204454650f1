package dev.strangler.sync.connect;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.Config;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.sink.SinkConnector;

/**
 * cdc-sync's mapping applier as a Kafka Connect sink connector. Reads Debezium's PostgreSQL change topics of one
 * pipeline direction and writes them into the other database through the pipeline's mapping, with the engine's
 * guarantees: each batch is one target transaction holding the rows and the partitions' next offsets, tasks seek from
 * those offsets and hand Kafka nothing ahead of them, writes carry a replication origin (the loop guard), a dropped
 * mapped column stops the task. Configured with the pipeline YAML ({@code strangler.pipeline} or
 * {@code strangler.pipeline.file}); {@code strangler export connect <pipeline>} writes the configuration.
 */
public final class MappingSinkConnector extends SinkConnector {

    private Map<String, String> props = Map.of();

    @Override
    public String version() {
        return MappingSinkTask.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        SinkSettings settings = new SinkSettings(props);
        settings.direction(settings.pipeline());
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return MappingSinkTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(int maxTasks) {
        List<Map<String, String>> configs = new ArrayList<>();
        for (int i = 0; i < maxTasks; i++) {
            Map<String, String> config = new HashMap<>(props);
            config.put(SinkSettings.TASK, Integer.toString(i));
            configs.add(config);
        }
        return configs;
    }

    @Override
    public void stop() {
        // Nothing held: the tasks own their connections.
    }

    @Override
    public ConfigDef config() {
        return SinkSettings.DEFINITION;
    }

    /** Also reads the pipeline, so that a bad file is refused at PUT time with file, line, key and reason. */
    @Override
    public Config validate(Map<String, String> connectorConfigs) {
        Config config = super.validate(connectorConfigs);
        try {
            SinkSettings settings = new SinkSettings(connectorConfigs);
            settings.direction(settings.pipeline());
        }
        catch (ConfigException ex) {
            for (ConfigValue value : config.configValues()) {
                if (value.name().equals(SinkSettings.PIPELINE)) {
                    value.addErrorMessage(ex.getMessage());
                }
            }
        }
        return config;
    }
}
