package dev.rill.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * Resetting an event: every value goes, and the source is the one given (or none).
 */
class EventTest
{
    private static Event everythingSet()
    {
        return new Event().kind(EventKind.WATERMARK).eventTimeNs(1).key(2).long0(3).long1(4).long2(5).long3(6)
            .double0(7.5).double1(8.5).putBytes(new UnsafeBuffer(new byte[] {1, 2, 3}), 0, 3).source("old", 9, 10);
    }

    @Test
    void clearWithASourceResetsEveryValueAndSetsTheSource()
    {
        final String topic = "trades";
        final Event event = everythingSet().clear(topic, 3, 77);
        assertValuesCleared(event);
        assertSame(topic, event.sourceName());
        assertEquals(3, event.sourcePartition());
        assertEquals(77, event.sourceOffset());

        event.long0(5).clear(topic, 4, 78); // the same source again
        assertValuesCleared(event);
        assertSame(topic, event.sourceName());
        assertEquals(4, event.sourcePartition());
        assertEquals(78, event.sourceOffset());
    }

    @Test
    void clearResetsEveryValueAndTheSource()
    {
        final Event event = everythingSet().clear();
        assertValuesCleared(event);
        assertEquals("", event.sourceName());
        assertEquals(0, event.sourcePartition());
        assertEquals(0, event.sourceOffset());
    }

    private static void assertValuesCleared(final Event event)
    {
        assertEquals(EventKind.DATA, event.kind());
        assertEquals(0, event.eventTimeNs());
        assertEquals(0, event.key());
        assertEquals(0, event.long0());
        assertEquals(0, event.long1());
        assertEquals(0, event.long2());
        assertEquals(0, event.long3());
        assertEquals(0.0, event.double0());
        assertEquals(0.0, event.double1());
        assertEquals(0, event.bytesLength());
    }
}
