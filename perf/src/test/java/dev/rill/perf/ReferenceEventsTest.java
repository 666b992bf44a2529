package dev.rill.perf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReferenceEventsTest
{
    /** The first events as WORKLOADS.md lists them: i, r, symbol, price, qty, eventTimeNanos. */
    private static final long[][] FIRST_EVENTS = {
        {0, 0x6e789e6aa1b965f4L, 5700, 10539, 159, 0},
        {1, 0x06c45d188009454fL, 5679, 10000, 94, 1000},
        {2, 0xf88bb8a8724c81ecL, 2444, 10804, 185, 2000},
        {3, 0x1b39896a51a8749bL, 4747, 10282, 138, 3000},
    };

    @Test
    void firstEventsMatchTheWorkloadDefinition()
    {
        for (final long[] e : FIRST_EVENTS)
        {
            final long i = e[0];
            final long r = ReferenceEvents.draw(i);
            assertEquals(e[1], r, "r of event " + i);
            assertEquals(e[2], ReferenceEvents.symbol(r, ReferenceEvents.DEFAULT_SYMBOLS), "symbol of event " + i);
            assertEquals(e[3], ReferenceEvents.price(r), "price of event " + i);
            assertEquals(e[4], ReferenceEvents.qty(r), "qty of event " + i);
            assertEquals(e[5], ReferenceEvents.eventTimeNs(i), "event time of event " + i);
        }
    }

    @Test
    void directFormEqualsTheSequentialGenerator()
    {
        long state = ReferenceEvents.SEED;
        for (long i = 0; i < 10_000; i++)
        {
            state += ReferenceEvents.GAMMA;
            assertEquals(ReferenceEvents.mix(state), ReferenceEvents.draw(i), "event " + i);
        }
    }
}
