package dev.rill.engine;

/**
 * The reference event generator of {@code shared/bench/WORKLOADS.md}: SplitMix64 from seed
 * {@code 0x9E3779B97F4A7C15L}, one draw {@code r} per event. Event {@code i} as an {@link Event}:
 * <pre>
 *   key         = symbol = (int) Long.remainderUnsigned(r, K)
 *   long0       = price  = 10_000 + (int) ((r &gt;&gt;&gt; 20) &amp; 1023)   (ticks)
 *   long1       = qty    = 1 + (int) ((r &gt;&gt;&gt; 40) &amp; 255)
 *   eventTimeNs = i * 1_000
 *   source      = "generator", partition 0, offset i
 * </pre>
 * Random access: {@link #fill(long, Event)} computes event {@code i} directly. Stateless and thread-safe.
 */
public final class ReferenceGenerator
{
    /** Seed and increment (gamma) of the SplitMix64 sequence. */
    public static final long SEED = 0x9E3779B97F4A7C15L;
    /** Symbols when not stated: K = 10,000. */
    public static final int DEFAULT_SYMBOLS = 10_000;
    /** Source name written into generated events. */
    public static final String SOURCE_NAME = "generator";

    private final int symbols;

    /**
     * @param symbols K, the number of symbols, at least 1.
     */
    public ReferenceGenerator(final int symbols)
    {
        if (symbols < 1)
        {
            throw new IllegalArgumentException("symbols must be >= 1: " + symbols);
        }
        this.symbols = symbols;
    }

    /**
     * @return K.
     */
    public int symbols()
    {
        return symbols;
    }

    /**
     * @param index event index i, from 0.
     * @return the draw r of event i: {@code mix(seed + (i + 1) * gamma)}.
     */
    public static long draw(final long index)
    {
        return KeyHash.mix(SEED + (index + 1) * SEED);
    }

    /**
     * Fill {@code event} with event {@code index}; allocation-free.
     *
     * @param index event index i.
     * @param event the event to fill; every field is set.
     */
    public void fill(final long index, final Event event)
    {
        final long r = draw(index);
        event.setData(eventTimeNs(index), symbol(r, symbols), price(r), qty(r), SOURCE_NAME, 0, index);
    }

    /**
     * @param r       the draw of an event.
     * @param symbols K, the number of symbols.
     * @return the event's symbol, {@code (int) Long.remainderUnsigned(r, K)}.
     */
    public static int symbol(final long r, final int symbols)
    {
        return (int)Long.remainderUnsigned(r, symbols);
    }

    /**
     * @param r the draw of an event.
     * @return the event's price in ticks, {@code 10_000 + ((r >>> 20) & 1023)}.
     */
    public static int price(final long r)
    {
        return 10_000 + (int)((r >>> 20) & 1023);
    }

    /**
     * @param r the draw of an event.
     * @return the event's quantity, {@code 1 + ((r >>> 40) & 255)}.
     */
    public static int qty(final long r)
    {
        return 1 + (int)((r >>> 40) & 255);
    }

    /**
     * @param index event index i.
     * @return the event's time, {@code i * 1000} ns (one million events per event-time second).
     */
    public static long eventTimeNs(final long index)
    {
        return index * 1_000L;
    }
}
