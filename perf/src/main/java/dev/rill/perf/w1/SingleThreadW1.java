package dev.rill.perf.w1;

import dev.rill.engine.ReferenceGenerator;
import dev.rill.engine.workloads.W1Result;

/**
 * The single-threaded plain loop: generator, notional and {@link W1Aggregator} in one loop on the caller's thread.
 */
final class SingleThreadW1
{
    private SingleThreadW1()
    {
    }

    static W1Result run(final long events, final int symbols, final int panes)
    {
        final W1Aggregator agg = new W1Aggregator(symbols, panes, 100_000);
        for (long i = 0; i < events; i++)
        {
            final long r = ReferenceGenerator.draw(i);
            final int symbol = (int)Long.remainderUnsigned(r, symbols);
            final long price = 10_000 + (int)((r >>> 20) & 1023);
            final long qty = 1 + (int)((r >>> 40) & 255);
            agg.onEvent(symbol, price * qty, i * 1_000L);
        }
        agg.finish();
        return agg.result();
    }
}
