package dev.rill.log;

import java.util.Arrays;

/**
 * Immutable, sorted table of (roll cycle, offset of its first record, running maximum timestamp at that record).
 * Replaced, never mutated, so readers on other threads see a consistent snapshot through a volatile reference.
 * <p>
 * The timestamps let a timestamp search pick the one cycle to search without opening the others' files.
 */
final class CycleTable
{
    static final CycleTable EMPTY = new CycleTable(new int[0], new long[0], new long[0]);

    private final int[] cycles;
    private final long[] baseOffsets;
    private final long[] firstMaxTimestamps;

    private CycleTable(final int[] cycles, final long[] baseOffsets, final long[] firstMaxTimestamps)
    {
        this.cycles = cycles;
        this.baseOffsets = baseOffsets;
        this.firstMaxTimestamps = firstMaxTimestamps;
    }

    int size()
    {
        return cycles.length;
    }

    int cycle(final int i)
    {
        return cycles[i];
    }

    long baseOffset(final int i)
    {
        return baseOffsets[i];
    }

    int lastCycle()
    {
        return cycles[cycles.length - 1];
    }

    CycleTable with(final int cycle, final long baseOffset, final long firstMaxTimestampNs)
    {
        final int n = cycles.length;
        final int[] c = Arrays.copyOf(cycles, n + 1);
        final long[] b = Arrays.copyOf(baseOffsets, n + 1);
        final long[] t = Arrays.copyOf(firstMaxTimestamps, n + 1);
        c[n] = cycle;
        b[n] = baseOffset;
        t[n] = firstMaxTimestampNs;
        return new CycleTable(c, b, t);
    }

    /**
     * @return index of the last cycle whose first record's running maximum timestamp is &lt; {@code timestampNs},
     * or -1: the first record with timestamp &ge; {@code timestampNs} is after that cycle's first record and at or
     * before the next cycle's first record.
     */
    int lastStartingBefore(final long timestampNs)
    {
        int lo = 0;
        int hi = firstMaxTimestamps.length - 1;
        int found = -1;
        while (lo <= hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (firstMaxTimestamps[mid] < timestampNs)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return found;
    }

    /**
     * @return index of the last cycle whose base offset is &le; offset, or -1.
     */
    int find(final long offset)
    {
        int lo = 0;
        int hi = baseOffsets.length - 1;
        int found = -1;
        while (lo <= hi)
        {
            final int mid = (lo + hi) >>> 1;
            if (baseOffsets[mid] <= offset)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }
        return found;
    }
}
