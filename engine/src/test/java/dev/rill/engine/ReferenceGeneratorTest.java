package dev.rill.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ReferenceGeneratorTest
{
    @Test
    void firstFourEventsMatchTheTableOfWorkloadsMd()
    {
        final long[][] expected = {
            // r, symbol, price, qty, eventTimeNanos
            {0x6e789e6aa1b965f4L, 5700, 10539, 159, 0},
            {0x06c45d188009454fL, 5679, 10000, 94, 1000},
            {0xf88bb8a8724c81ecL, 2444, 10804, 185, 2000},
            {0x1b39896a51a8749bL, 4747, 10282, 138, 3000},
        };
        final ReferenceGenerator generator = new ReferenceGenerator(ReferenceGenerator.DEFAULT_SYMBOLS);
        final Event event = new Event();
        for (int i = 0; i < expected.length; i++)
        {
            assertEquals(expected[i][0], ReferenceGenerator.draw(i), "r of event " + i);
            generator.fill(i, event);
            assertEquals(expected[i][1], event.key(), "symbol of event " + i);
            assertEquals(expected[i][2], event.long0(), "price of event " + i);
            assertEquals(expected[i][3], event.long1(), "qty of event " + i);
            assertEquals(expected[i][4], event.eventTimeNs(), "eventTimeNanos of event " + i);
            assertEquals(i, event.sourceOffset());
        }
    }
}
