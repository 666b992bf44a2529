package dev.rill.operators.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

class PaneLogTest
{
    private static long field(final long position, final int field)
    {
        return position * 1_000 + field;
    }

    private static void append(final PaneLog log, final long from, final long to)
    {
        for (long position = from; position < to; position++)
        {
            assertEquals(position, log.tail());
            log.append3(field(position, 0), field(position, 1), -field(position, 2));
        }
    }

    private static void assertHolds(final PaneLog log, final long from, final long to)
    {
        assertEquals(from, log.head());
        assertEquals(to, log.tail());
        for (long position = from; position < to; position++)
        {
            assertEquals(field(position, 0), log.get(position, 0), "position " + position + " field 0");
            assertEquals(field(position, 1), log.get(position, 1), "position " + position + " field 1");
            assertEquals(-field(position, 2), log.get(position, 2), "position " + position + " field 2");
        }
    }

    @Test
    void keepsEveryRecordInOrderAcrossWrapsAndGrowth()
    {
        try (PaneLog log = new PaneLog(3))
        {
            // fill past the first capacity (64 records), then consume and append so that the records wrap, and grow
            // again while wrapped: every position must still read its own record
            append(log, 0, 100);
            assertHolds(log, 0, 100);
            log.advanceHead(90);
            append(log, 100, 150);
            assertHolds(log, 90, 150);
            log.advanceHead(149);
            append(log, 150, 400);
            assertHolds(log, 149, 400);
            assertTrue(log.offHeapBytes() >= 251L * 24, "capacity for the 251 records held");
        }
    }

    @Test
    void imageRestoresTheRecordsHeld()
    {
        final ExpandableArrayBuffer image = new ExpandableArrayBuffer();
        final int end;
        try (PaneLog log = new PaneLog(3))
        {
            append(log, 0, 130);
            log.advanceHead(70);
            append(log, 130, 200);
            end = log.writeTo(image, 5);
        }
        try (PaneLog restored = new PaneLog(3))
        {
            append(restored, 0, 3);
            assertEquals(end, restored.readFrom(image, 5));
            assertHolds(restored, 70, 200);
            append(restored, 200, 260);
            assertHolds(restored, 70, 260);
        }
    }

    @Test
    void refusesRecordsTooShortForItsAppend()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> new PaneLog(2));
        assertTrue(ex.getMessage().contains("at least 3 longs, not 2"), ex.getMessage());
    }
}
