package dev.rill.perf.w2;

import org.HdrHistogram.Histogram;

import dev.rill.perf.MeasuredRecorder;

/**
 * The W2 sink of one engine: latency = {@code System.nanoTime()} at the sink minus the event's intended release
 * time, into HdrHistograms of 1 ns..10 s, 3 digits, one per interval of the run, that the sink thread itself moves
 * through; the checksum is the wrapping sum of every emitted total.
 * <p>
 * Why the sink switches intervals itself: a sampling thread that flipped a recorder every 100 ms (two 200 KB
 * histograms reset, one encoded) took a W2 thread's core 20-24 times per 2 s, 130-320 µs each, on a machine whose two
 * cores the engine's threads keep busy (perf/PROFILE-W2.md). Here every interval's histogram is allocated before the
 * run and nothing else touches one until the sink is {@link #isDone() done}; an interval ends at the first event
 * {@link #intervalNs} or more after it began (the first measured event begins the first). A run longer than the
 * histograms planned for puts the rest into the last one.
 * <p>
 * Warm-up events run exactly the code measured events run: their values go into a histogram that is dropped, chosen
 * by arithmetic on the index rather than by a branch (a branch the warm-up never takes is compiled as an uncommon trap,
 * and the first measured event would deoptimise the engine's consuming loop around it), and intervals switch during
 * the warm-up too, without moving on. Single writer (the sink thread); allocation-free per event.
 */
final class LatencySink
{
    static final long HIGHEST_NS = 10_000_000_000L;
    /** An interval's length when the run fits in {@link #MAX_INTERVALS}; the .hlog's resolution in time. */
    static final long INTERVAL_NS = 100_000_000L;
    /** At most this many interval histograms (about 200 KB each) are allocated for a run. */
    static final int MAX_INTERVALS = 600;

    private final long warmup;
    private final long total;
    private final long intervalNs;
    private final Histogram[] intervals;
    /**
     * The sink's time when interval k began, for k up to the last; the element after it is scratch, written instead
     * when nothing began (so that the write needs no branch).
     */
    private final long[] beganNs;
    /** [0] the warm-up values (dropped), [1] the current interval. */
    private final Histogram[] into = new Histogram[2];
    /** [1] the intended time of the first measured event; [0] is overwritten by every other event. */
    private final long[] firstMeasuredIntendedNs = new long[2];
    private int current;
    private long switchAtNs = Long.MIN_VALUE;
    private long checksum;
    private long seen;
    private volatile long lastSinkNs;
    private volatile boolean done;
    /** {@code seen}, published every 1,024 events for the progress line: one volatile store per 1,024 events. */
    private volatile long seenSoFar;
    private volatile long publishedChecksum;

    /**
     * @param warmup events (from index 0) whose values are not measured.
     * @param total  events in all, warm-up included.
     * @param rate   events per second intended: the run's length, for the number of intervals.
     */
    LatencySink(final long warmup, final long total, final double rate)
    {
        this.warmup = warmup;
        this.total = total;
        this.intervalNs = intervalNs(total - warmup, rate);
        // twice the intervals the run should take, and two more: a run may go slower than its rate
        final int count = (int)Math.min(MAX_INTERVALS, 2 * ((long)((total - warmup) * 1e9 / rate) / intervalNs) + 2);
        this.intervals = new Histogram[count];
        for (int i = 0; i < count; i++)
        {
            intervals[i] = new Histogram(1, HIGHEST_NS, 3);
        }
        this.beganNs = new long[count + 1];
        into[0] = new Histogram(1, HIGHEST_NS, 3);
        into[1] = intervals[0];
    }

    /**
     * @return {@link #INTERVAL_NS}, or longer when a run of {@code measured} events at {@code rate} would need more
     *         than {@link #MAX_INTERVALS} intervals (twice its length, as planned).
     */
    static long intervalNs(final long measured, final double rate)
    {
        final double runNs = measured * 1e9 / rate;
        return Math.max(INTERVAL_NS, (long)Math.ceil(2 * runNs / (MAX_INTERVALS - 2)));
    }

    /**
     * @param index        the event's index from 0, warm-up included (the warm-up is the first {@code warmup}).
     * @param runningTotal the engine's running sum for the event's key.
     * @param intendedNs   the event's intended release time, {@code System.nanoTime()} scale.
     */
    void onTotal(final long index, final long runningTotal, final long intendedNs)
    {
        onTotal(index, runningTotal, intendedNs, System.nanoTime());
    }

    /** {@link #onTotal(long, long, long)} at a given time (tests). */
    void onTotal(final long index, final long runningTotal, final long intendedNs, final long now)
    {
        checksum += runningTotal;
        final int first = MeasuredRecorder.first(index, warmup);
        final int measured = MeasuredRecorder.measured(index, warmup);
        firstMeasuredIntendedNs[first] = intendedNs;
        // the first measured event begins interval 0 and its clock; no branch (see the class comment)
        beganNs[(1 - first) * intervals.length] = now;
        switchAtNs += first * (now + intervalNs - switchAtNs);
        if (now >= switchAtNs)
        {
            nextInterval(now, measured);
        }
        into[measured].recordValue(Math.max(1, Math.min(HIGHEST_NS, now - intendedNs)));
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

    /** Measured: the next interval begins now (the last one goes on if there is no next); warm-up: only the clock. */
    private void nextInterval(final long now, final int measured)
    {
        final int next = Math.min(current + measured, intervals.length - 1);
        final int moved = next - current;
        beganNs[moved * next + (1 - moved) * intervals.length] = now;
        current = next;
        into[1] = intervals[next];
        switchAtNs = now + intervalNs;
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

    /** @return the intervals' planned length, ns. */
    long intervalNs()
    {
        return intervalNs;
    }

    /**
     * The measured intervals, in order, each with its start and end in {@code System.nanoTime()} (the end of the last
     * is {@code endNs}). Call once the sink {@link #isDone() is done}; before that (a partial report), the figures of
     * the interval being written may be torn.
     *
     * @param endNs the end of the last interval: the last event's time when done, else now.
     * @param each  gets (interval histogram, start ns, end ns).
     */
    void forEachInterval(final long endNs, final IntervalConsumer each)
    {
        if (seen <= warmup && !done)
        {
            return;
        }
        final int last = current;
        for (int k = 0; k <= last; k++)
        {
            each.accept(intervals[k], beganNs[k], k < last ? beganNs[k + 1] : endNs);
        }
    }

    /** @return the time the last event was sunk ({@code System.nanoTime()}); valid once {@link #isDone()}. */
    long lastSinkNs()
    {
        return lastSinkNs;
    }

    /** What {@link #forEachInterval} hands each interval to. */
    interface IntervalConsumer
    {
        /**
         * @param interval the interval's values (the sink's own histogram: copy it to keep it).
         * @param startNs  its start, {@code System.nanoTime()}.
         * @param endNs    its end.
         */
        void accept(Histogram interval, long startNs, long endNs);
    }
}
