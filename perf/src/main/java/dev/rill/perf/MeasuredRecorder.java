package dev.rill.perf;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * A {@link SingleWriterRecorder} of latencies for a run that starts with warm-up events: an event's value goes into
 * the measured recorder when its index is at least the warm-up, otherwise into a second recorder that is dropped,
 * chosen by arithmetic on the index rather than by a branch, so that warm-up runs exactly the code measured events
 * run. A branch that warm-up never takes is compiled by C2 as an uncommon trap, and the first measured event would
 * take it: the recording code, and the engine's consuming loop inlined around it, deoptimised and recompiled at the
 * start of the measurement (perf/PROFILE-W2.md). {@link #interval} flips both recorders, so that the writer's two
 * phase paths are warm as well.
 * <p>
 * {@link #record} is for one writer thread and allocates nothing; {@link #interval} is for one sampling thread.
 */
public final class MeasuredRecorder
{
    private final SingleWriterRecorder measured;
    /** [0] warm-up values (dropped), [1] {@link #measured}. */
    private final SingleWriterRecorder[] recorders;
    private final long warmup;
    private final long highestNs;
    private Histogram droppedInterval;

    /**
     * @param warmup    events (from index 0) whose values are not measured; at least 0.
     * @param highestNs the highest value kept; larger ones are recorded as this.
     * @param digits    significant digits.
     */
    public MeasuredRecorder(final long warmup, final long highestNs, final int digits)
    {
        if (warmup < 0)
        {
            throw new IllegalArgumentException("warm-up must be >= 0: " + warmup);
        }
        this.warmup = warmup;
        this.highestNs = highestNs;
        this.measured = new SingleWriterRecorder(1, highestNs, digits);
        this.recorders = new SingleWriterRecorder[] {new SingleWriterRecorder(1, highestNs, digits), measured};
    }

    /**
     * @param index   the event's index from 0, warm-up included (at least 0).
     * @param valueNs the latency; clamped to 1..highest.
     */
    public void record(final long index, final long valueNs)
    {
        recorders[measured(index, warmup)].recordValue(Math.max(1, Math.min(highestNs, valueNs)));
    }

    /**
     * @return 1 when {@code index >= warmup}, else 0, without a branch (both at least 0).
     */
    public static int measured(final long index, final long warmup)
    {
        return (int)(~(index - warmup) >>> 63);
    }

    /**
     * @return 1 when {@code index == warmup}, else 0, without a branch (both at least 0).
     */
    public static int first(final long index, final long warmup)
    {
        return (int)(((index ^ warmup) - 1) >>> 63);
    }

    /**
     * The measured values since the last call, into {@code into} (reset and reused by the caller's thread); also
     * flips the warm-up recorder, whose interval is dropped.
     *
     * @param into a histogram to reuse, or null.
     * @return the interval.
     */
    public Histogram interval(final Histogram into)
    {
        droppedInterval = recorders[0].getIntervalHistogram(droppedInterval);
        return measured.getIntervalHistogram(into);
    }
}
