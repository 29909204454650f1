package dev.strangler.sync.mapping;

import java.util.List;

/**
 * A pipeline as configured: the shared database ({@code source}), the service database ({@code target}), the table
 * mappings between them and the direction it starts in. "Source" and "target" always name the forward roles; the
 * reverse direction reads the target and writes the source.
 *
 * @param replicaIdentity whether capture may set {@code REPLICA IDENTITY FULL} on a captured table that needs it
 */
public record PipelineDefinition(String name, DatabaseEndpoint source, DatabaseEndpoint target,
        List<TableMapping> tables, Direction direction, boolean autoStart, Transport transport,
        ReplicaIdentityMode replicaIdentity) {

    public PipelineDefinition {
        tables = List.copyOf(tables);
    }

    /** A pipeline that never changes the replica identity of a captured table. */
    public PipelineDefinition(String name, DatabaseEndpoint source, DatabaseEndpoint target, List<TableMapping> tables,
            Direction direction, boolean autoStart, Transport transport) {
        this(name, source, target, tables, direction, autoStart, transport, ReplicaIdentityMode.UNCHANGED);
    }

    /** A pipeline with the default (in-process) transport. */
    public PipelineDefinition(String name, DatabaseEndpoint source, DatabaseEndpoint target, List<TableMapping> tables,
            Direction direction, boolean autoStart) {
        this(name, source, target, tables, direction, autoStart, Transport.inProcess());
    }

    /** The same pipeline carried over another transport. */
    public PipelineDefinition withTransport(Transport other) {
        return new PipelineDefinition(name, source, target, tables, direction, autoStart, other, replicaIdentity);
    }

    /** The same pipeline with {@code capture.replica-identity} set to {@code mode}. */
    public PipelineDefinition withReplicaIdentity(ReplicaIdentityMode mode) {
        return new PipelineDefinition(name, source, target, tables, direction, autoStart, transport, mode);
    }

    /** The mapping of the table {@code child}'s rows belong to ({@link TableMapping#parent()}); null for none. */
    public @org.jspecify.annotations.Nullable TableMapping parentOf(TableMapping child) {
        if (child.parent() == null) {
            return null;
        }
        return tables.stream().filter(t -> t.source().equals(child.parent().table())).findFirst().orElseThrow();
    }

    /** The mappings whose rows belong to {@code parent}'s rows. */
    public List<TableMapping> childrenOf(TableMapping parent) {
        return tables.stream().filter(t -> t.parent() != null && t.parent().table().equals(parent.source())).toList();
    }

    public DatabaseEndpoint captured(Direction direction) {
        return direction == Direction.FORWARD ? source : target;
    }

    public DatabaseEndpoint applied(Direction direction) {
        return direction == Direction.FORWARD ? target : source;
    }

    /** A plan that turns changes captured in {@code direction} into writes. */
    public MappingPlan plan(Direction direction) {
        return MappingPlan.of(this, direction);
    }

    /** The stable name of this pipeline's resources in one direction: slot, publication, origin, position row. */
    public String streamName(Direction direction) {
        return "strangler_" + name + "_" + direction.name().toLowerCase(java.util.Locale.ROOT);
    }
}
