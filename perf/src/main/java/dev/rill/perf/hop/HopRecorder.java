package dev.rill.perf.hop;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * Where one engine's receiving thread records each event: {@code now - stamp} (the hop, or the round trip for
 * ping-pong) and {@code now - intended} (open loop, from the intended send time, so a late send counts) into two
 * {@link SingleWriterRecorder}s of 1 ns..10 s, 3 digits, after the warm-up events. Single writer; allocation-free.
 */
final class HopRecorder
{
    static final long HIGHEST_NS = 10_000_000_000L;

    private final SingleWriterRecorder hop = new SingleWriterRecorder(1, HIGHEST_NS, 3);
    private final SingleWriterRecorder fromIntended = new SingleWriterRecorder(1, HIGHEST_NS, 3);
    private final long warmup;
    private final long total;
    private long seen;
    private volatile boolean done;

    HopRecorder(final long warmup, final long total)
    {
        this.warmup = warmup;
        this.total = total;
    }

    void record(final long index, final long stampNs, final long intendedNs)
    {
        final long now = System.nanoTime();
        if (index >= warmup)
        {
            hop.recordValue(Math.max(1, Math.min(HIGHEST_NS, now - stampNs)));
            fromIntended.recordValue(Math.max(1, Math.min(HIGHEST_NS, now - intendedNs)));
        }
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
        return hop.getIntervalHistogram(into);
    }

    Histogram fromIntendedInterval(final Histogram into)
    {
        return fromIntended.getIntervalHistogram(into);
    }
}
