package dev.rill.operators.window;

/**
 * A validated sliding-window shape over a batch stream, in milliseconds, and the panes it is built from.
 *
 * <p>Window length and slide interval must be whole multiples of the batch interval (Spark's rule), and the slide
 * must not exceed the window. A pane is {@code gcd(windowLength, slideInterval)} long, itself a whole number of
 * batches, so each slide adds and expires whole panes: windows of 1000 ms sliding every 100 ms use ten 100 ms panes;
 * 1500 ms sliding every 1000 ms uses three 500 ms panes, two per slide.
 *
 * <p>Immutable and thread-safe.
 */
public final class WindowSpec
{
    /** Most panes per window accepted: bounds per-key memory of non-invertible windows. */
    public static final int MAX_PANES_PER_WINDOW = 100_000;

    private final long windowLengthMs;
    private final long slideIntervalMs;
    private final long batchIntervalMs;
    private final long paneLengthMs;

    private WindowSpec(final long windowLengthMs, final long slideIntervalMs, final long batchIntervalMs)
    {
        this.windowLengthMs = windowLengthMs;
        this.slideIntervalMs = slideIntervalMs;
        this.batchIntervalMs = batchIntervalMs;
        this.paneLengthMs = gcd(windowLengthMs, slideIntervalMs);
    }

    /**
     * @throws IllegalArgumentException naming the durations if a duration is not positive, the window or slide is not a
     *                                  multiple of the batch interval, or the slide is longer than the window.
     */
    public static WindowSpec of(final long windowLengthMs, final long slideIntervalMs, final long batchIntervalMs)
    {
        requirePositive("batch interval", batchIntervalMs);
        requirePositive("window length", windowLengthMs);
        requirePositive("slide interval", slideIntervalMs);
        requireMultiple("window length", windowLengthMs, batchIntervalMs);
        requireMultiple("slide interval", slideIntervalMs, batchIntervalMs);
        if (slideIntervalMs > windowLengthMs)
        {
            throw new IllegalArgumentException("slide interval " + slideIntervalMs +
                " ms is longer than window length " + windowLengthMs + " ms");
        }
        final long panes = windowLengthMs / gcd(windowLengthMs, slideIntervalMs);
        if (panes > MAX_PANES_PER_WINDOW)
        {
            throw new IllegalArgumentException("window length " + windowLengthMs + " ms with slide interval " +
                slideIntervalMs + " ms needs " + panes + " panes, more than " + MAX_PANES_PER_WINDOW);
        }
        return new WindowSpec(windowLengthMs, slideIntervalMs, batchIntervalMs);
    }

    public long windowLengthMs()
    {
        return windowLengthMs;
    }

    public long slideIntervalMs()
    {
        return slideIntervalMs;
    }

    public long batchIntervalMs()
    {
        return batchIntervalMs;
    }

    /** @return {@code gcd(windowLengthMs, slideIntervalMs)}. */
    public long paneLengthMs()
    {
        return paneLengthMs;
    }

    public int panesPerWindow()
    {
        return (int)(windowLengthMs / paneLengthMs);
    }

    public int panesPerSlide()
    {
        return (int)(slideIntervalMs / paneLengthMs);
    }

    public long batchesPerPane()
    {
        return paneLengthMs / batchIntervalMs;
    }

    public long batchesPerSlide()
    {
        return slideIntervalMs / batchIntervalMs;
    }

    public long batchesPerWindow()
    {
        return windowLengthMs / batchIntervalMs;
    }

    @Override
    public boolean equals(final Object other)
    {
        if (this == other)
        {
            return true;
        }
        if (!(other instanceof WindowSpec))
        {
            return false;
        }
        final WindowSpec that = (WindowSpec)other;
        return windowLengthMs == that.windowLengthMs && slideIntervalMs == that.slideIntervalMs &&
            batchIntervalMs == that.batchIntervalMs;
    }

    @Override
    public int hashCode()
    {
        return Long.hashCode(windowLengthMs) * 961 + Long.hashCode(slideIntervalMs) * 31 + Long.hashCode(batchIntervalMs);
    }

    @Override
    public String toString()
    {
        return "WindowSpec{windowLengthMs=" + windowLengthMs + ", slideIntervalMs=" + slideIntervalMs +
            ", batchIntervalMs=" + batchIntervalMs + ", paneLengthMs=" + paneLengthMs + "}";
    }

    private static void requirePositive(final String name, final long durationMs)
    {
        if (durationMs <= 0)
        {
            throw new IllegalArgumentException(name + " must be positive: " + durationMs + " ms");
        }
    }

    private static void requireMultiple(final String name, final long durationMs, final long batchIntervalMs)
    {
        if (durationMs % batchIntervalMs != 0)
        {
            throw new IllegalArgumentException(name + " " + durationMs + " ms is not a multiple of batch interval " +
                batchIntervalMs + " ms");
        }
    }

    private static long gcd(final long a, final long b)
    {
        long x = a;
        long y = b;
        while (y != 0)
        {
            final long t = x % y;
            x = y;
            y = t;
        }
        return x;
    }
}
