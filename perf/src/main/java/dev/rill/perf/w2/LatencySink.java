package dev.rill.perf.w2;

import org.HdrHistogram.Histogram;

import dev.rill.perf.MeasuredRecorder;

/**
 * The W2 sink of one engine: latency = {@code System.nanoTime()} at the sink minus the event's intended release
 * time, recorded (after the warm-up events) into a {@link MeasuredRecorder} of 1 ns..10 s, 3 digits, which the main
 * thread samples into interval histograms; the checksum is the wrapping sum of every emitted total. Single writer
 * (the sink thread); allocation-free per event. Warm-up events run exactly the code measured events run (the
 * recorder chooses without a branch; so does the note of the first measured event's intended time).
 */
final class LatencySink
{
    static final long HIGHEST_NS = 10_000_000_000L;

    private final MeasuredRecorder recorder;
    /** [1] the intended time of the first measured event; [0] is overwritten by every other event. */
    private final long[] firstMeasuredIntendedNs = new long[2];
    private final long warmup;
    private final long total;
    private long checksum;
    private long seen;
    private volatile long lastSinkNs;
    private volatile boolean done;
    /** {@code seen}, published every 1,024 events for the progress line: one volatile store per 1,024 events. */
    private volatile long seenSoFar;
    private volatile long publishedChecksum;

    LatencySink(final long warmup, final long total)
    {
        this.recorder = new MeasuredRecorder(warmup, HIGHEST_NS, 3);
        this.warmup = warmup;
        this.total = total;
    }

    /**
     * @param index        the event's index from 0, warm-up included (the warm-up is the first {@code warmup}).
     * @param runningTotal the engine's running sum for the event's key.
     * @param intendedNs   the event's intended release time, {@code System.nanoTime()} scale.
     */
    void onTotal(final long index, final long runningTotal, final long intendedNs)
    {
        final long now = System.nanoTime();
        checksum += runningTotal;
        firstMeasuredIntendedNs[MeasuredRecorder.first(index, warmup)] = intendedNs;
        recorder.record(index, now - intendedNs);
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
        final long ns = lastSinkNs - firstMeasuredIntendedNs[1];
        return ns <= 0 ? Double.NaN : measured * 1e9 / ns;
    }

    /** Copy of the recorder's interval into {@code into} (reset and reused by the caller's thread). */
    Histogram interval(final Histogram into)
    {
        return recorder.interval(into);
    }

    /** @return the warm-up values of the last {@link #interval} call, or null. */
    Histogram lastWarmupInterval()
    {
        return recorder.lastDroppedInterval();
    }
}
