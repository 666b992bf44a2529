package dev.rill.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class MeasuredRecorderTest
{
    @Test
    void theBranchFreeChoicesAgreeWithTheComparisons()
    {
        final long[] warmups = {0, 1, 2, 1_000_000, Long.MAX_VALUE / 2};
        for (final long warmup : warmups)
        {
            for (final long index : new long[] {0, 1, warmup - 1, warmup, warmup + 1, 2 * warmup, Long.MAX_VALUE / 2})
            {
                if (index < 0)
                {
                    continue;
                }
                assertEquals(index >= warmup ? 1 : 0, MeasuredRecorder.measured(index, warmup), index + " " + warmup);
                assertEquals(index == warmup ? 1 : 0, MeasuredRecorder.first(index, warmup), index + " " + warmup);
            }
        }
    }

    @Test
    void warmUpValuesAreDroppedAndMeasuredOnesClampedIntoTheInterval()
    {
        final MeasuredRecorder r = new MeasuredRecorder(2, 1_000_000, 3);
        r.record(0, 500);
        r.record(1, 600);
        assertEquals(0, r.interval(null).getTotalCount());
        r.record(2, -5);
        r.record(3, 700);
        r.record(4, 5_000_000);
        final Histogram h = r.interval(null);
        assertEquals(3, h.getTotalCount());
        assertEquals(1, h.getMinValue());
        assertEquals(1_000_000, h.getMaxValue(), 1_000);
        assertEquals(0, r.interval(h).getTotalCount(), "an interval is taken once");
        assertThrows(IllegalArgumentException.class, () -> new MeasuredRecorder(-1, 1_000, 3));
    }
}
