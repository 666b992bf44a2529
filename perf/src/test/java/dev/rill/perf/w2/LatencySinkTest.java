package dev.rill.perf.w2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class LatencySinkTest
{
    private static final long MS = 1_000_000L;

    /** One interval as the sink hands it over: start, end, count, min, max. */
    private record Interval(long startNs, long endNs, long count, long min, long max)
    {
    }

    private static List<Interval> intervals(final LatencySink sink, final long endNs)
    {
        final List<Interval> all = new ArrayList<>();
        sink.forEachInterval(endNs, (h, from, to) -> all.add(new Interval(from, to, h.getTotalCount(),
            h.getMinValue(), h.getMaxValue())));
        return all;
    }

    @Test
    void onlyMeasuredEventsReachTheIntervalsAndTheRateStartsAtTheFirstMeasuredOne()
    {
        // 3 warm-up events intended 9 s ago, then 4 measured ones intended from 0.5 s ahead, 1 ms apart
        final LatencySink sink = new LatencySink(3, 7, 1_000);
        final long now = System.nanoTime();
        for (long i = 0; i < 3; i++)
        {
            sink.onTotal(i, 10 + i, now - 9_000_000_000L);
        }
        assertFalse(sink.isDone());
        assertEquals(List.of(), intervals(sink, System.nanoTime()), "warm-up events are not measured");
        final long firstIntended = now + 500_000_000L;
        for (long i = 3; i < 7; i++)
        {
            sink.onTotal(i, 10 + i, firstIntended + (i - 3) * MS);
        }
        assertTrue(sink.isDone());
        final List<Interval> measured = intervals(sink, sink.lastSinkNs());
        assertEquals(1, measured.size(), measured::toString);
        assertEquals(4, measured.get(0).count());
        assertEquals(1, measured.get(0).min(), "released in the future: clamped to 1 ns");
        assertEquals(10 + 11 + 12 + 13 + 14 + 15 + 16, sink.checksum(), "the checksum covers every event");
        // the last event was sunk before the first measured event's intended time
        final double rate = sink.achievedRate();
        assertTrue(Double.isNaN(rate), "sunk before the first measured intended time: no rate, " + rate);
    }

    @Test
    void theRateIsMeasuredEventsOverTheTimeFromTheFirstMeasuredIntendedTimeToTheLastSink()
    {
        final LatencySink sink = new LatencySink(2, 4, 1);
        final long start = System.nanoTime() - 2_000_000_000L;
        sink.onTotal(0, 1, start - 1_000_000_000L);
        sink.onTotal(1, 1, start - 500_000_000L);
        sink.onTotal(2, 1, start);
        sink.onTotal(3, 1, start + 1_000_000L);
        // 2 measured events over a little more than 2 s from the first measured intended time: just under 1/s (from
        // the first warm-up event's it would be 2 over 3 s)
        final double rate = sink.achievedRate();
        assertTrue(rate > 0.9 && rate <= 1.0, "rate " + rate);
        assertEquals(2, intervals(sink, sink.lastSinkNs()).stream().mapToLong(Interval::count).sum());
    }

    @Test
    void theSinkBeginsAnIntervalAtItsFirstEventAnIntervalAfterThePreviousBeganAndTheWarmUpBeginsNone()
    {
        // 300 measured events at 1,000/s: 0.3 s, so 2 x 3 + 2 = 8 intervals of 100 ms planned
        final LatencySink sink = new LatencySink(3, 303, 1_000);
        assertEquals(100 * MS, sink.intervalNs());
        final long t = 1_000_000 * MS;
        // warm-up over 300 ms: its intervals switch, but none is kept
        sink.onTotal(0, 1, t - 900, t);
        sink.onTotal(1, 1, t + 150 * MS - 900, t + 150 * MS);
        sink.onTotal(2, 1, t + 300 * MS - 900, t + 300 * MS);
        final long m = t + 1_000 * MS;
        final long[] at = {0, 50, 99, 100, 350, 400};
        for (int i = 0; i < at.length; i++)
        {
            sink.onTotal(3 + i, 1, m + at[i] * MS - 500 - i, m + at[i] * MS);
        }
        assertEquals(List.of(
            new Interval(m, m + 100 * MS, 3, 500, 502),
            new Interval(m + 100 * MS, m + 350 * MS, 1, 503, 503),
            new Interval(m + 350 * MS, m + 999 * MS, 2, 504, 505)), intervals(sink, m + 999 * MS));
    }

    @Test
    void aRunLongerThanPlannedGoesOnInTheLastInterval()
    {
        // 6 measured events at 1,000/s: 6 ms, so 2 intervals planned
        final LatencySink sink = new LatencySink(0, 6, 1_000);
        final long m = 5_000 * MS;
        final long[] at = {0, 50, 100, 250, 400, 700};
        for (int i = 0; i < at.length; i++)
        {
            sink.onTotal(i, 1, m + at[i] * MS - 100, m + at[i] * MS);
        }
        assertTrue(sink.isDone());
        assertEquals(List.of(
            new Interval(m, m + 100 * MS, 2, 100, 100),
            new Interval(m + 100 * MS, m + 700 * MS, 4, 100, 100)), intervals(sink, sink.lastSinkNs()));
    }

    @Test
    void recordingAllocatesNothingPerEventIntervalSwitchesIncluded()
    {
        // 100,000 warm-up and 100,000 measured events 10 µs apart: 1 s measured, through every one of the 4 intervals
        // planned for 0.1 s at 1M/s (2 x 1 + 2) and on in the last
        final LatencySink sink = new LatencySink(100_000, 200_000, 1_000_000);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        final long t = 7_000 * MS;
        for (long i = 0; i < 100_000; i++)
        {
            sink.onTotal(i, i, t + i * 10_000 - 700, t + i * 10_000);
        }
        final long before = threads.getThreadAllocatedBytes(thread);
        for (long i = 100_000; i < 200_000; i++)
        {
            sink.onTotal(i, i, t + i * 10_000 - 700, t + i * 10_000);
        }
        final long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertTrue(sink.isDone());
        assertEquals(4, intervals(sink, sink.lastSinkNs()).size());
        assertTrue(allocated < 1_000, "bytes allocated by 100,000 measured events: " + allocated);
    }

    @Test
    void aLongRunGetsLongerIntervalsNotMoreOfThem()
    {
        // 100,000,000 events at 10,000/s: 10,000 s; 600 intervals of 2 x 10,000 s / 598 = 33.4 s
        assertEquals(100 * MS, LatencySink.intervalNs(2_000_000, 100_000));
        assertEquals((long)Math.ceil(2 * 10_000e9 / 598), LatencySink.intervalNs(100_000_000, 10_000));
    }
}
