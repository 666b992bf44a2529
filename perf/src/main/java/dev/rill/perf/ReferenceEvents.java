package dev.rill.perf;

/**
 * The reference event generator of {@code shared/bench/WORKLOADS.md}: SplitMix64 with seed and gamma
 * {@code 0x9E3779B97F4A7C15L}, one draw per event. Event {@code i} is computed directly from {@code i}
 * ({@code r = mix(seed + (i + 1) * gamma)}), so there is no generator object, nothing is allocated, and a source
 * may start anywhere in the stream.
 * <p>
 * Static and thread-safe.
 */
public final class ReferenceEvents
{
    /** SplitMix64 seed and increment. */
    public static final long SEED = 0x9E3779B97F4A7C15L;
    /** SplitMix64 increment (gamma). */
    public static final long GAMMA = 0x9E3779B97F4A7C15L;
    /** Default number of symbols K. */
    public static final int DEFAULT_SYMBOLS = 10_000;
    /** Event time step: one million events per event-time second. */
    public static final long EVENT_TIME_STEP_NS = 1_000L;

    private ReferenceEvents()
    {
    }

    /**
     * @param i event index, 0-based.
     * @return the random draw {@code r} of event {@code i}.
     */
    public static long draw(final long i)
    {
        return mix(SEED + (i + 1) * GAMMA);
    }

    /**
     * The SplitMix64 output function.
     *
     * @param state generator state after the increment.
     * @return the mixed value.
     */
    public static long mix(final long state)
    {
        long z = state;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * @param r       the event's draw.
     * @param symbols number of symbols K.
     * @return symbol in {@code [0, K)}.
     */
    public static int symbol(final long r, final int symbols)
    {
        return (int)Long.remainderUnsigned(r, symbols);
    }

    /**
     * @param r the event's draw.
     * @return price in ticks, 10,000 to 11,023.
     */
    public static int price(final long r)
    {
        return 10_000 + (int)((r >>> 20) & 1023);
    }

    /**
     * @param r the event's draw.
     * @return quantity, 1 to 256.
     */
    public static int qty(final long r)
    {
        return 1 + (int)((r >>> 40) & 255);
    }

    /**
     * @param i event index, 0-based.
     * @return event time in nanoseconds.
     */
    public static long eventTimeNs(final long i)
    {
        return i * EVENT_TIME_STEP_NS;
    }
}
