package dev.rill.perf;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * The interval histograms of one latency run (W2, the stage hop), kept in HdrHistogram's uncompressed encoding (a few
 * KiB each), and written to the {@code .hlog} and added up after the run. The stage hop's sampling thread adds each
 * while the run goes on; W2's sink records its own intervals, added after the run. Compressing and writing each interval as it was
 * sampled cost the sampling thread about 0.7 ms of CPU every 100 ms (perf sched: the harness's main thread was the
 * thread that most often preempted the engines' spinning threads, 39 times in 4 s for 0.7 ms each), and on a 2-core
 * machine that CPU is taken from the engine being measured; keeping an interval costs about 15 µs. Sampling thread
 * only; allocates one array per interval.
 */
public final class IntervalLog
{
    /** Interval p99 thresholds of {@link #over}: 100 µs and 1 ms. */
    public static final long[] THRESHOLDS_NS = {100_000, 1_000_000};

    private final List<byte[]> encoded = new ArrayList<>();
    private final int[] over = new int[THRESHOLDS_NS.length];
    private long[] startEndMs = new long[64];
    private ByteBuffer scratch;

    /**
     * @param interval an interval with its start and end time stamps set; copied, so the caller may reuse it.
     */
    public void add(final Histogram interval)
    {
        if (scratch == null)
        {
            scratch = ByteBuffer.allocate(interval.getNeededByteBufferCapacity());
        }
        scratch.clear();
        interval.encodeIntoByteBuffer(scratch);
        final int i = encoded.size();
        if (2 * i + 2 > startEndMs.length)
        {
            startEndMs = Arrays.copyOf(startEndMs, 2 * startEndMs.length);
        }
        startEndMs[2 * i] = interval.getStartTimeStamp();
        startEndMs[2 * i + 1] = interval.getEndTimeStamp();
        encoded.add(Arrays.copyOf(scratch.array(), scratch.position()));
    }

    /** @return intervals kept. */
    public int size()
    {
        return encoded.size();
    }

    /**
     * @return per threshold of {@link #THRESHOLDS_NS}, the intervals written whose p99 was above it: a stall of
     *         the machine shows as a whole interval's p99, so this count is steadier from run to run than a run's
     *         p99, which depends on how many such intervals the run happened to meet.
     */
    public int[] intervalsOver()
    {
        return over.clone();
    }

    /**
     * Writes every interval kept, in order, adds each into {@code total} and counts it in {@link #intervalsOver()}.
     *
     * @param writer where the intervals go (its start time and legend already written).
     * @param total  the run's histogram.
     */
    public void writeTo(final HistogramLogWriter writer, final Histogram total)
    {
        forEach(h ->
        {
            writer.outputIntervalHistogram(h);
            total.add(h);
        });
    }

    /**
     * Decodes every interval kept, in order, with its time stamps, counts it in {@link #intervalsOver()} and hands it
     * to {@code each} (a new histogram per interval: keep it if you like).
     *
     * @param each what to do with each interval.
     */
    public void forEach(final Consumer<Histogram> each)
    {
        for (int i = 0; i < encoded.size(); i++)
        {
            final Histogram h = Histogram.decodeFromByteBuffer(ByteBuffer.wrap(encoded.get(i)), 0);
            h.setStartTimeStamp(startEndMs[2 * i]);
            h.setEndTimeStamp(startEndMs[2 * i + 1]);
            final long p99 = h.getValueAtPercentile(99);
            for (int t = 0; t < THRESHOLDS_NS.length; t++)
            {
                over[t] += p99 > THRESHOLDS_NS[t] ? 1 : 0;
            }
            each.accept(h);
        }
    }
}
