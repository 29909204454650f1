package dev.strangler.sync.admin;

import dev.strangler.support.admin.AuditFields;
import dev.strangler.support.admin.InvalidFieldException;
import dev.strangler.sync.mapping.Direction;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Request bodies of the admin API; every action says why. */
final class AdminRequests {

    private AdminRequests() {
    }

    record Action(@NotBlank @Size(max = 500) String reason) {
    }

    /**
     * {@code POST /pipelines/{name}/prepare-switch} and {@code /switch}: the direction to move to, in any case
     * ({@code REVERSE} as the plan runner sends it, {@code reverse} as a person types it), and why.
     */
    record Switch(
            @NotNull @Pattern(regexp = "(?i)forward|reverse", message = "must be forward or reverse") String direction,
            @NotBlank @Size(max = 500) String reason) {

        Direction target() {
            return Direction.valueOf(direction.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /**
     * {@code POST /pipelines/{name}/runs-on}: the engine that runs the pipeline from now on, {@code kafka-connect}
     * (with the cluster's REST URL and the connectors that run it, source first) or {@code cdc-sync} (moved back),
     * and why.
     */
    record RunsOn(
            @NotNull @Pattern(regexp = "kafka-connect|cdc-sync", message = "must be kafka-connect or cdc-sync")
            String engine,
            @Size(max = 500) String url,
            @Size(max = 10) List<@NotNull @Pattern(regexp = "[A-Za-z0-9._-]{1,200}",
                    message = "must be a connector name (letters, digits, '.', '_', '-')") String> connectors,
            @NotBlank @Size(max = 500) String reason) {

        /** Where it runs, or null for cdc-sync; a Connect URL must be http(s) with a host, and name a connector. */
        dev.strangler.sync.pipeline.@Nullable RunsOn where() {
            if (engine.equals("cdc-sync")) {
                return null;
            }
            URI cluster;
            try {
                cluster = url == null ? null : new URI(url);
            }
            catch (URISyntaxException ex) {
                throw new InvalidFieldException("url", "is not a URL: " + ex.getReason());
            }
            if (cluster == null || cluster.getHost() == null || !List.of("http", "https").contains(cluster.getScheme())
                    || cluster.getRawQuery() != null || cluster.getRawFragment() != null) {
                throw new InvalidFieldException("url", "must be the Kafka Connect cluster's http(s) URL, e.g. "
                        + "http://connect:8083/");
            }
            if (connectors == null || connectors.isEmpty()) {
                throw new InvalidFieldException("connectors", "must name the connectors that run the pipeline");
            }
            return new dev.strangler.sync.pipeline.RunsOn(dev.strangler.sync.pipeline.RunsOn.KAFKA_CONNECT, cluster,
                    connectors, Instant.now(), null);
        }
    }

    /** {@code POST /pipelines/{name}/resync}: the source table of the pipeline's mapping to copy again. */
    record Resync(@NotBlank @Size(max = 200) String table, @Size(max = 500) String reason) {

        String reasonOrDefault() {
            return AuditFields.reasonOr(reason, "(no reason given)");
        }
    }
}
