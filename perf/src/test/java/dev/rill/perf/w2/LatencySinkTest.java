package dev.rill.perf.w2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencySinkTest
{
    @Test
    void onlyMeasuredEventsReachTheHistogramAndTheRateStartsAtTheFirstMeasuredOne()
    {
        // 3 warm-up events intended 9 s ago, then 4 measured ones intended from 0.5 s ahead, 1 ms apart
        final LatencySink sink = new LatencySink(3, 7);
        final long now = System.nanoTime();
        for (long i = 0; i < 3; i++)
        {
            sink.onTotal(i, 10 + i, now - 9_000_000_000L);
        }
        assertFalse(sink.isDone());
        assertEquals(0, sink.interval(null).getTotalCount(), "warm-up events are not measured");
        final long firstIntended = now + 500_000_000L;
        for (long i = 3; i < 7; i++)
        {
            sink.onTotal(i, 10 + i, firstIntended + (i - 3) * 1_000_000L);
        }
        assertTrue(sink.isDone());
        final Histogram measured = sink.interval(null);
        assertEquals(4, measured.getTotalCount());
        assertEquals(1, measured.getMinValue(), "released in the future: clamped to 1 ns");
        assertEquals(10 + 11 + 12 + 13 + 14 + 15 + 16, sink.checksum(), "the checksum covers every event");
        // the last event was sunk before the first measured event's intended time
        final double rate = sink.achievedRate();
        assertTrue(Double.isNaN(rate), "sunk before the first measured intended time: no rate, " + rate);
    }

    @Test
    void theRateIsMeasuredEventsOverTheTimeFromTheFirstMeasuredIntendedTimeToTheLastSink()
    {
        final LatencySink sink = new LatencySink(2, 4);
        final long start = System.nanoTime() - 2_000_000_000L;
        sink.onTotal(0, 1, start - 1_000_000_000L);
        sink.onTotal(1, 1, start - 500_000_000L);
        sink.onTotal(2, 1, start);
        sink.onTotal(3, 1, start + 1_000_000L);
        // 2 measured events over a little more than 2 s from the first measured intended time: just under 1/s (from
        // the first warm-up event's it would be 2 over 3 s)
        final double rate = sink.achievedRate();
        assertTrue(rate > 0.9 && rate <= 1.0, "rate " + rate);
        assertEquals(2, sink.interval(null).getTotalCount());
        assertTrue(sink.interval(null).getTotalCount() == 0, "an interval is taken once");
    }
}
