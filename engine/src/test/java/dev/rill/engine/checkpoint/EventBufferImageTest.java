package dev.rill.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import dev.rill.engine.Event;
import dev.rill.engine.EventKind;
import dev.rill.engine.internal.EventBuffer;

/**
 * The events a Batcher or a keyed node holds for later batches are checkpointed whole: every field, the byte area,
 * the source and the batch tag come back, in order.
 */
class EventBufferImageTest
{
    @Test
    void everyFieldOfEveryEventComesBackInOrder()
    {
        final EventBuffer buffer = new EventBuffer();
        final Event e = new Event();
        for (int i = 0; i < 40; i++)
        {
            e.clear().kind(i == 7 ? EventKind.WATERMARK : EventKind.DATA).eventTimeNs(i * 1_000L + 3).key(-i)
                .long0(i).long1(i * 2L).long2(Long.MIN_VALUE + i).long3(Long.MAX_VALUE - i).double0(i / 3.0)
                .double1(-i * 1.5).source(i % 2 == 0 ? "topic-é" : "generator", i % 3, 100L + i);
            for (int b = 0; b < i; b++)
            {
                e.bytes().putByte(b, (byte)(b * 7 + i));
            }
            e.bytesLength(i);
            buffer.add(e, i / 4);
        }
        final ExpandableArrayBuffer image = new ExpandableArrayBuffer(16);
        final int end = buffer.writeTo(image, 5);
        final EventBuffer restored = new EventBuffer();
        restored.add(e, 99);
        assertEquals(end, restored.readFrom(image, 5, new Event()));
        assertEquals(buffer.size(), restored.size());
        for (int i = 0; i < buffer.size(); i++)
        {
            final Event a = buffer.get(i);
            final Event b = restored.get(i);
            assertEquals(buffer.tag(i), restored.tag(i));
            assertEquals(a.toString(), b.toString(), "event " + i);
            assertEquals(a.kind(), b.kind());
            assertEquals(a.double1(), b.double1());
            assertEquals(a.sourceOffset(), b.sourceOffset());
            assertEquals(a.bytesLength(), b.bytesLength());
            for (int j = 0; j < a.bytesLength(); j++)
            {
                assertEquals(a.bytes().getByte(j), b.bytes().getByte(j), "event " + i + " byte " + j);
            }
        }
    }

    @Test
    void aSizeBeyondTheImageIsRefusedNamingTheOffset()
    {
        final UnsafeBuffer image = new UnsafeBuffer(new byte[16]);
        image.putInt(4, 1_000);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> new EventBuffer().readFrom(image, 4, new Event()));
        assertTrue(ex.getMessage().contains("bad size 1000 at offset 4"), ex.getMessage());
    }
}
