package dev.rill.log;

import java.util.Arrays;

/**
 * Immutable, sorted table of (roll cycle, offset of its first record). Replaced, never mutated, so readers on
 * other threads see a consistent snapshot through a volatile reference.
 */
final class CycleTable
{
    static final CycleTable EMPTY = new CycleTable(new int[0], new long[0]);

    private final int[] cycles;
    private final long[] baseOffsets;

    private CycleTable(final int[] cycles, final long[] baseOffsets)
    {
        this.cycles = cycles;
        this.baseOffsets = baseOffsets;
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

    CycleTable with(final int cycle, final long baseOffset)
    {
        final int n = cycles.length;
        final int[] c = Arrays.copyOf(cycles, n + 1);
        final long[] b = Arrays.copyOf(baseOffsets, n + 1);
        c[n] = cycle;
        b[n] = baseOffset;
        return new CycleTable(c, b);
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
