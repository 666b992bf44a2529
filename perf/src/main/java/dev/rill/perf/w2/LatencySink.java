package dev.rill.perf.w2;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * The W2 sink of one engine: latency = {@code System.nanoTime()} at the sink minus the event's intended release
 * time, recorded (after the warm-up events) into a {@link SingleWriterRecorder} of 1 ns..10 s, 3 digits, which the
 * main thread samples into interval histograms; the checksum is the wrapping sum of every emitted total. Single
 * writer (the sink thread); allocation-free per event.
 * <p>
 * Warm-up events run exactly the code measured events run: each is recorded too, into a second recorder that is
 * dropped, chosen by arithmetic on the index rather than by a branch. A branch that warm-up never takes is compiled
 * by C2 as an uncommon trap, and the first measured event would take it: the sink, and the engine's whole consuming
 * loop inlined around it, deoptimised and recompiled at the start of the measurement (seen with
 * {@code -XX:+PrintCompilation}: the engines' consumer loops made not entrant at the first measured event, then
 * HdrHistogram's recording code compiled for the first time, on a machine whose two cores the W2 threads hold).
 */
final class LatencySink
{
    static final long HIGHEST_NS = 10_000_000_000L;

    final SingleWriterRecorder recorder = new SingleWriterRecorder(1, HIGHEST_NS, 3);
    /** [0] warm-up events (dropped), [1] {@link #recorder}. */
    private final SingleWriterRecorder[] recorders = {new SingleWriterRecorder(1, HIGHEST_NS, 3), recorder};
    /** [1] the intended time of the first measured event; [0] is overwritten by every other event. */
    private final long[] firstMeasuredIntendedNs = new long[2];
    /** The reader's recycled copy of the warm-up recorder's interval (sampling thread only). */
    private Histogram droppedWarmupInterval;
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
        // both indexes and the warm-up are >= 0: measured = index >= warmup, first = index == warmup, as 0 or 1
        final int measured = (int)(~(index - warmup) >>> 63);
        final int first = (int)(((index ^ warmup) - 1) >>> 63);
        firstMeasuredIntendedNs[first] = intendedNs;
        recorders[measured].recordValue(Math.max(1, Math.min(HIGHEST_NS, now - intendedNs)));
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

    /**
     * Copy of the recorder's interval into {@code into} (reset and reused by the caller's thread). Also flips the
     * warm-up recorder, whose interval is dropped: a recorder's writer takes one of two paths by the phase the reader
     * last flipped it to, and a warm-up recorder never flipped would leave the measured events' other path untaken
     * (and so a trap) until the first measured event.
     */
    Histogram interval(final Histogram into)
    {
        droppedWarmupInterval = recorders[0].getIntervalHistogram(droppedWarmupInterval);
        return recorder.getIntervalHistogram(into);
    }
}
