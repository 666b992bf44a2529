package dev.rill.perf.w2;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The W2 sink of one engine: latency = {@code System.nanoTime()} at the sink minus the event's intended release
 * time, recorded (after the warm-up events) into a {@link SingleWriterRecorder} of 1 ns..10 s, 3 digits, which the
 * main thread samples into interval histograms; the checksum is the wrapping sum of every emitted total. Single
 * writer (the sink thread); allocation-free per event.
 */
final class LatencySink
{
    static final long HIGHEST_NS = 10_000_000_000L;

    final SingleWriterRecorder recorder = new SingleWriterRecorder(1, HIGHEST_NS, 3);
    private final long warmup;
    private final long total;
    private long checksum;
    private long seen;
    private long firstMeasuredIntendedNs;
    private volatile long lastSinkNs;
    private volatile boolean done;
    /** {@code seen}, published every 1,024 events for the progress line: one volatile store per 1,024 events. */
    private volatile long seenSoFar;
    private volatile long publishedChecksum;

    LatencySink(final long warmup, final long total)
    {
        this.warmup = warmup;
        this.total = total;
    }

    void onTotal(final long index, final long runningTotal, final long intendedNs)
    {
        final long now = System.nanoTime();
        checksum += runningTotal;
        if (index >= warmup)
        {
            if (index == warmup)
            {
                firstMeasuredIntendedNs = intendedNs;
            }
            recorder.recordValue(Math.max(1, Math.min(HIGHEST_NS, now - intendedNs)));
        }
        if ((++seen & 1023) == 0)
        {
            seenSoFar = seen;
        }
        if (seen == total)
        {
            lastSinkNs = now;
            publishedChecksum = checksum;
            seenSoFar = seen;
            done = true;
        }
    }

    /** @return events sunk so far (warm-up included), to within 1,024. */
    long seenSoFar()
    {
        return seenSoFar;
    }

    boolean isDone()
    {
        return done;
    }

    long checksum()
    {
        return publishedChecksum;
    }

    /** Measured events per second: from the first measured event's intended time to the last event sunk. */
    double achievedRate()
    {
        final long measured = total - warmup;
        final long ns = lastSinkNs - firstMeasuredIntendedNs;
        return ns <= 0 ? Double.NaN : measured * 1e9 / ns;
    }

    /** Copy of the recorder's interval into {@code into} (reset and reused by the caller's thread). */
    Histogram interval(final Histogram into)
    {
        return recorder.getIntervalHistogram(into);
    }
}
