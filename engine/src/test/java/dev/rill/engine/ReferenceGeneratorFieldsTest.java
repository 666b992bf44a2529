package dev.rill.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReferenceGeneratorFieldsTest
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
            final long r = ReferenceGenerator.draw(i);
            assertEquals(e[1], r, "r of event " + i);
            assertEquals(e[2], ReferenceGenerator.symbol(r, ReferenceGenerator.DEFAULT_SYMBOLS), "symbol of event " + i);
            assertEquals(e[3], ReferenceGenerator.price(r), "price of event " + i);
            assertEquals(e[4], ReferenceGenerator.qty(r), "qty of event " + i);
            assertEquals(e[5], ReferenceGenerator.eventTimeNs(i), "event time of event " + i);
        }
    }

    @Test
    void directFormEqualsTheSequentialGenerator() // gamma equals the seed in WORKLOADS.md
    {
        long state = ReferenceGenerator.SEED;
        for (long i = 0; i < 10_000; i++)
        {
            state += ReferenceGenerator.SEED;
            assertEquals(KeyHash.mix(state), ReferenceGenerator.draw(i), "event " + i);
        }
    }
}
