package dev.strangler.sync.admin;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * What health reports beyond lag ({@code strangler.sync.health.*}).
 *
 * @param strayWrites the health status while a pipeline has stray writes not yet replayed: {@code degraded}
 *     (default: the migration is in danger, the service still works) or {@code down}
 * @param maxRetainedWal the WAL a slot of the kit may retain before health is DEGRADED (default 1GB)
 */
@Validated
@ConfigurationProperties("strangler.sync.health")
record SyncHealthSettings(
        @NotNull @Pattern(regexp = "(?i)degraded|down", message = "must be degraded or down")
        @DefaultValue("degraded") String strayWrites,
        @NotNull @DefaultValue("1GB") DataSize maxRetainedWal) {
}
