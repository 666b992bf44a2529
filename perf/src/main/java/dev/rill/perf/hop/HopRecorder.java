package dev.rill.perf.hop;

import org.HdrHistogram.Histogram;

import dev.rill.perf.MeasuredRecorder;

/**
 * Where one engine's receiving thread records each event: {@code now - stamp} (the hop, or the round trip for
 * ping-pong) and {@code now - intended} (open loop, from the intended send time, so a late send counts) into two
 * {@link MeasuredRecorder}s of 1 ns..10 s, 3 digits, after the warm-up events (warm-up runs the same code, without a
 * branch on the index). Single writer; allocation-free.
 */
final class HopRecorder
{
    static final long HIGHEST_NS = 10_000_000_000L;

    private final MeasuredRecorder hop;
    private final MeasuredRecorder fromIntended;
    private final long total;
    private long seen;
    private volatile boolean done;

    HopRecorder(final long warmup, final long total)
    {
        this.hop = new MeasuredRecorder(warmup, HIGHEST_NS, 3);
        this.fromIntended = new MeasuredRecorder(warmup, HIGHEST_NS, 3);
        this.total = total;
    }

    void record(final long index, final long stampNs, final long intendedNs)
    {
        final long now = System.nanoTime();
        hop.record(index, now - stampNs);
        fromIntended.record(index, now - intendedNs);
        if (++seen == total)
        {
            done = true;
        }
    }

    boolean isDone()
    {
        return done;
    }

    Histogram hopInterval(final Histogram into)
    {
        return hop.interval(into);
    }

    Histogram fromIntendedInterval(final Histogram into)
    {
        return fromIntended.interval(into);
    }
}
