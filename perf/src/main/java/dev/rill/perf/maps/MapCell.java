package dev.rill.perf.maps;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.ref.Reference;

/**
 * Measures one map over one key count in the current JVM: a warm-up pass on a map of its own (then dropped), full
 * GCs, the heap used, then a new map gets {@code updates} updates of the key sequence timed, with the collections
 * during them recorded, then full GCs again and the heap used with the map still referenced. Not thread-safe.
 */
final class MapCell
{
    /**
     * Updates per call of the map's loop: the method is entered often, so the JIT compiles it whole rather than only
     * by on-stack replacement of one long loop.
     */
    private static final long CHUNK = 1L << 16;
    private static final int FULL_GCS = 3;

    private MapCell()
    {
    }

    /**
     * @param kind          the map.
     * @param keys          key space.
     * @param updates       measured updates.
     * @param warmupUpdates updates of the warm-up pass (0: none).
     * @param presize       whether maps are sized for {@code keys} up front (otherwise they start small and grow).
     * @return the figures.
     */
    static CellResult run(final CounterMap.Kind kind, final int keys, final long updates, final long warmupUpdates,
        final boolean presize)
    {
        final int expected = presize ? keys : 0;
        if (warmupUpdates > 0)
        {
            try (CounterMap warm = kind.open(expected))
            {
                for (long i = 0; i < warmupUpdates; i += CHUNK)
                {
                    warm.update(i, Math.min(warmupUpdates, i + CHUNK), keys);
                }
                // the checksum and sum walks load and compile what the measured map's walks use, before the heap
                // baseline is taken
                warm.checksum();
                if (warm.countSum() != warmupUpdates)
                {
                    throw new IllegalStateException(kind.title() + " warm-up: counts sum to " + warm.countSum() +
                        ", not " + warmupUpdates);
                }
            }
        }
        final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (GcWatch gc = new GcWatch())
        {
            final long heapBefore = usedAfterFullGc(memory);
            return measure(kind, keys, updates, expected, memory, gc, heapBefore);
        }
    }

    private static CellResult measure(final CounterMap.Kind kind, final int keys, final long updates,
        final int expected, final MemoryMXBean memory, final GcWatch gc, final long heapBefore)
    {
        try (CounterMap map = kind.open(expected))
        {
            long peak = memory.getHeapMemoryUsage().getUsed();
            gc.start();
            final long t0 = System.nanoTime();
            for (long i = 0; i < updates; i += CHUNK)
            {
                map.update(i, Math.min(updates, i + CHUNK), keys);
            }
            final long ns = System.nanoTime() - t0;
            peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
            gc.stop();
            final int size = map.size();
            final long checksum = map.checksum();
            final long countSum = map.countSum();
            final long offHeap = map.offHeapBytes();
            final long heapAfter = usedAfterFullGc(memory);
            Reference.reachabilityFence(map);
            return new CellResult(kind.option(), keys, updates, size, checksum, countSum, ns, heapBefore, heapAfter,
                offHeap, gc.count(), gc.totalMs(), gc.maxMs(), Math.max(peak, gc.heapPeakBytes()),
                memory.getHeapMemoryUsage().getMax(), String.join("; ", gc.collectorsSeen()));
        }
    }

    private static long usedAfterFullGc(final MemoryMXBean memory)
    {
        for (int i = 0; i < FULL_GCS; i++)
        {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
