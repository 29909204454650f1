package dev.strangler.bench.verifier;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The heap a verification needs, read from the JVM's heap pools: a full GC and a reset of every heap pool's peak
 * before it, the sum of the pools' peaks after it. The sum is an upper bound (each pool peaks at its own moment) and
 * counts garbage not yet collected, so it says what the verifier's heap does not grow beyond, not its live set.
 */
final class HeapPeak {

    private HeapPeak() {
    }

    static void reset() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    static long bytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
