package dev.rill.tools;

/**
 * The reference event generator of {@code shared/bench/WORKLOADS.md}: SplitMix64 from seed
 * {@code 0x9E3779B97F4A7C15L}, one {@link #next()} per event, symbol, price, qty and event time derived from it.
 * Not thread-safe; allocates nothing.
 */
final class ReferenceEvents
{
    static final long SEED = 0x9E3779B97F4A7C15L;
    static final long GAMMA = 0x9E3779B97F4A7C15L;
    static final int SYMBOLS = 10_000;

    private long state = SEED;
    private long index = -1;
    private long r;

    /**
     * Advance to the next event.
     */
    void next()
    {
        state += GAMMA;
        r = mix(state);
        index++;
    }

    static long mix(final long seedPlusGamma)
    {
        long z = seedPlusGamma;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    long random()
    {
        return r;
    }

    int symbol()
    {
        return (int)Long.remainderUnsigned(r, SYMBOLS);
    }

    int price()
    {
        return 10_000 + (int)((r >>> 20) & 1023);
    }

    int qty()
    {
        return 1 + (int)((r >>> 40) & 255);
    }

    long eventTimeNanos()
    {
        return index * 1_000L;
    }
}
