package dev.rill.engine.workloads;

/**
 * W1 of {@code shared/bench/WORKLOADS.md} computed the obvious way, on one thread, sharing no code with the engine
 * (its own SplitMix64): per 100 ms pane and symbol, the sum of notional and the count in two arrays; then for every
 * window end {@code e} (a multiple of 100 ms), the window {@code [e - 1 s, e)} is the sum of its ten panes, and each
 * symbol with a count above 0 is one result. Windows are visited in end order, symbols in ascending order, which does
 * not matter to the (commutative) checksum.
 * <p>
 * Memory: {@code 16 * K} bytes per 100 ms of event time (32 MB for N = 20,000,000, K = 10,000). Not thread-safe; a
 * single static method.
 */
public final class W1Reference
{
    /** Generator seed and increment, from WORKLOADS.md. */
    static final long GAMMA = 0x9E3779B97F4A7C15L;
    /** Pane (and slide) length, ns: 100 ms. */
    static final long PANE_NS = 100_000_000L;
    /** Window length in panes: 1 s / 100 ms. */
    static final int PANES_PER_WINDOW = 10;

    private W1Reference()
    {
    }

    /**
     * @param events  N, events 0 to N - 1.
     * @param symbols K.
     * @return records and checksum.
     */
    public static W1Result run(final long events, final int symbols)
    {
        if (events == 0)
        {
            return new W1Result(0, 0);
        }
        final long lastTimeNs = (events - 1) * 1_000L;
        final int panes = (int)(lastTimeNs / PANE_NS) + 1;
        final long[][] sums = new long[panes][symbols];
        final long[][] counts = new long[panes][symbols];
        long state = GAMMA;
        for (long i = 0; i < events; i++)
        {
            state += GAMMA;
            long z = state;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            final long r = z ^ (z >>> 31);
            final int symbol = (int)Long.remainderUnsigned(r, symbols);
            final long price = 10_000 + (int)((r >>> 20) & 1023);
            final long qty = 1 + (int)((r >>> 40) & 255);
            final long timeNs = i * 1_000L;
            final int pane = (int)(timeNs / PANE_NS);
            sums[pane][symbol] += price * qty;
            counts[pane][symbol]++;
        }
        long records = 0;
        long checksum = 0;
        // window with end (e * 100 ms) holds panes e - 10 .. e - 1; the last one holding an event ends at panes + 9
        for (int e = 1; e < panes + PANES_PER_WINDOW; e++)
        {
            final long windowEndMillis = e * (PANE_NS / 1_000_000L);
            for (int symbol = 0; symbol < symbols; symbol++)
            {
                long sum = 0;
                long count = 0;
                for (int p = Math.max(0, e - PANES_PER_WINDOW); p < Math.min(e, panes); p++)
                {
                    sum += sums[p][symbol];
                    count += counts[p][symbol];
                }
                if (count > 0)
                {
                    records++;
                    checksum += W1Result.term(windowEndMillis, symbol, sum, count);
                }
            }
        }
        return new W1Result(records, checksum);
    }
}
