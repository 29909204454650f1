package dev.strangler.sync.kafka;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;

/**
 * A drain marker is published to every partition; it counts as applied once the appliers of this process applied
 * everything before it in each of them. Shared by the appliers of one stream.
 */
final class DrainMarkers {

    private static final int MAX_PENDING = 1_000;

    private final int partitions;
    private final Map<String, Set<TopicPartition>> seen = new LinkedHashMap<>();

    DrainMarkers(Map<String, Integer> partitionsByTopic) {
        this.partitions = partitionsByTopic.values().stream().mapToInt(Integer::intValue).sum();
    }

    /** Records that the marker was reached in these partitions; returns the markers now reached in all of them. */
    synchronized List<String> reached(Map<String, Set<TopicPartition>> reachedIn) {
        List<String> complete = new ArrayList<>();
        reachedIn.forEach((marker, in) -> {
            Set<TopicPartition> all = seen.computeIfAbsent(marker, m -> new HashSet<>());
            all.addAll(in);
            if (all.size() >= partitions) {
                seen.remove(marker);
                complete.add(marker);
            }
        });
        // Markers whose drain gave up, or of another process, must not pile up.
        while (seen.size() > MAX_PENDING) {
            seen.remove(seen.keySet().iterator().next());
        }
        return complete;
    }
}
