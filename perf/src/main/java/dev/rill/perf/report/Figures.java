package dev.rill.perf.report;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * Small helpers shared by the harnesses: median and spread of runs, number formats, the JDK, heap sampling.
 */
public final class Figures
{
    private Figures()
    {
    }

    /**
     * @param values run figures.
     * @return the median (mean of the two middle values for an even count), NaN if none.
     */
    public static double median(final double[] values)
    {
        if (values.length == 0)
        {
            return Double.NaN;
        }
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /**
     * @param values run figures, at least one.
     * @param scale  factor applied before formatting (1e-6 for millions).
     * @param format how one figure is printed, e.g. {@code "%.2fM"}.
     * @return "median (min..max)", each scaled and formatted.
     */
    public static String spread(final double[] values, final double scale, final String format)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, format + " (" + format + ".." + format + ")", median(sorted) * scale,
            sorted[0] * scale, sorted[sorted.length - 1] * scale);
    }

    /**
     * @param values run figures.
     * @return "min..max" in millions, e.g. {@code 41.2..55.0M}.
     */
    public static String spreadM(final double[] values)
    {
        if (values.length == 0)
        {
            return "-";
        }
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "%.2f..%.2fM", sorted[0] / 1e6, sorted[sorted.length - 1] / 1e6);
    }

    /**
     * @param perSecond a rate.
     * @return it in millions with two decimals and "M".
     */
    public static String millions(final double perSecond)
    {
        return String.format(Locale.ROOT, "%.2fM", perSecond / 1e6);
    }

    /**
     * @param ratio a ratio.
     * @return e.g. {@code 0.93x}.
     */
    public static String ratio(final double ratio)
    {
        return String.format(Locale.ROOT, "%.2fx", ratio);
    }

    /**
     * @param ns nanoseconds.
     * @return in µs with one decimal.
     */
    public static String micros(final long ns)
    {
        return String.format(Locale.ROOT, "%.1f µs", ns / 1000.0);
    }

    /**
     * @param bytes bytes.
     * @return in MiB with one decimal.
     */
    public static String mib(final long bytes)
    {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    /**
     * @return e.g. {@code 17.0.15 (OpenJDK 64-Bit Server VM)}.
     */
    public static String jdk()
    {
        return System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")";
    }

    /**
     * A daemon thread sampling heap used every 20 ms and keeping the peak; start, run, {@link #stop()}.
     */
    public static final class HeapSampler implements AutoCloseable
    {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long peak;

        /**
         * Starts sampling.
         */
        public HeapSampler()
        {
            peak = memory.getHeapMemoryUsage().getUsed();
            thread = new Thread(this::run, "rill-perf-heap-sampler");
            thread.setDaemon(true);
            thread.start();
        }

        private void run()
        {
            while (running)
            {
                final long used = memory.getHeapMemoryUsage().getUsed();
                if (used > peak)
                {
                    peak = used;
                }
                try
                {
                    Thread.sleep(20);
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
            }
        }

        /**
         * @return the peak heap used while sampling, bytes.
         */
        public long stop()
        {
            running = false;
            thread.interrupt();
            try
            {
                thread.join(1_000);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            return peak;
        }

        @Override
        public void close()
        {
            stop();
        }
    }
}
