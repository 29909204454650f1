package dev.strangler.sync.kafka;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What this process runs of the pipelines whose YAML says {@code transport: kafka} ({@code strangler.sync.kafka.*});
 * which pipeline uses Kafka, and which brokers, is set in the pipeline file.
 *
 * @param role {@code both} (default), {@code capture} (publish only) or {@code apply} (consumer-group appliers only)
 * @param member this process's name among a group's appliers; give each process its own (default {@code local})
 */
@Validated
@ConfigurationProperties("strangler.sync.kafka")
record KafkaTransportSettings(@NotNull @DefaultValue("both") KafkaChangeStreams.KafkaRole role,
        @NotNull @Pattern(regexp = "[a-z0-9_]{1,20}", message = "must be 1-20 of a-z, 0-9, _")
        @DefaultValue("local") String member) {
}
