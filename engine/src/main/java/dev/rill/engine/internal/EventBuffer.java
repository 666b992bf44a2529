package dev.rill.engine.internal;

import java.util.Arrays;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import dev.rill.engine.BatchView;
import dev.rill.engine.Event;
import dev.rill.engine.EventKind;

/**
 * A growable list of preallocated events, copied in: allocates only when it grows past its largest size so far,
 * so a steady stream of batches allocates nothing. Doubles as the {@link BatchView} handed to user functions.
 * Owned by one stage thread.
 */
public final class EventBuffer implements BatchView
{
    private Event[] events = new Event[16];
    private long[] tags = new long[16];
    private int size;

    /**
     * Copy an event in.
     *
     * @param event the event.
     * @param tag   a long kept with it (a batch index).
     */
    public void add(final Event event, final long tag)
    {
        if (size == events.length)
        {
            events = Arrays.copyOf(events, size * 2);
            tags = Arrays.copyOf(tags, size * 2);
        }
        Event slot = events[size];
        if (slot == null)
        {
            slot = new Event();
            events[size] = slot;
        }
        slot.copyFrom(event);
        tags[size++] = tag;
    }

    /**
     * @param index slot index.
     * @return the tag stored with it.
     */
    public long tag(final int index)
    {
        return tags[index];
    }

    /**
     * Keep only the events whose tag is not {@code tag}, in order, reusing the slots.
     *
     * @param tag the tag to remove.
     */
    public void removeTag(final long tag)
    {
        int kept = 0;
        for (int i = 0; i < size; i++)
        {
            if (tags[i] != tag)
            {
                final Event moved = events[i];
                events[i] = events[kept];
                events[kept] = moved;
                tags[kept++] = tags[i];
            }
        }
        size = kept;
    }

    /**
     * Writes every event with its tag, in order, for a checkpoint:
     * <pre>
     *   int size | per event: long tag | int kind (ordinal) | long eventTimeNs | long key | long long0..long3
     *   | double double0 | double double1 | int bytesLength | bytes | int source name length | source name (UTF-8)
     *   | int sourcePartition | long sourceOffset
     * </pre>
     *
     * @param out    where to write, growing.
     * @param offset where to start.
     * @return the offset after the events.
     */
    public int writeTo(final MutableDirectBuffer out, final int offset)
    {
        out.putInt(offset, size);
        int at = offset + Integer.BYTES;
        for (int i = 0; i < size; i++)
        {
            final Event e = events[i];
            out.putLong(at, tags[i]);
            out.putInt(at + 8, e.kind().ordinal());
            out.putLong(at + 12, e.eventTimeNs());
            out.putLong(at + 20, e.key());
            out.putLong(at + 28, e.long0());
            out.putLong(at + 36, e.long1());
            out.putLong(at + 44, e.long2());
            out.putLong(at + 52, e.long3());
            out.putDouble(at + 60, e.double0());
            out.putDouble(at + 68, e.double1());
            out.putInt(at + 76, e.bytesLength());
            at += 80;
            out.putBytes(at, e.bytes(), 0, e.bytesLength());
            at += e.bytesLength();
            at += out.putStringUtf8(at, e.sourceName());
            out.putInt(at, e.sourcePartition());
            out.putLong(at + 4, e.sourceOffset());
            at += 12;
        }
        return at;
    }

    /**
     * Replaces the content with what {@link #writeTo} wrote.
     *
     * @param in      where to read.
     * @param offset  where to start.
     * @param scratch an event to decode into before it is copied in.
     * @return the offset after the events.
     * @throws IllegalArgumentException naming the offset if the image is inconsistent.
     */
    public int readFrom(final DirectBuffer in, final int offset, final Event scratch)
    {
        final int count = in.getInt(offset);
        if (count < 0 || count > in.capacity() - offset)
        {
            throw new IllegalArgumentException("event buffer image: bad size " + count + " at offset " + offset);
        }
        clear();
        final EventKind[] kinds = EventKind.values();
        int at = offset + Integer.BYTES;
        for (int i = 0; i < count; i++)
        {
            final long tag = in.getLong(at);
            final int kind = in.getInt(at + 8);
            final int bytesLength = in.getInt(at + 76);
            if (kind < 0 || kind >= kinds.length || bytesLength < 0 || bytesLength > scratch.bytes().capacity())
            {
                throw new IllegalArgumentException("event buffer image: event " + i + " at offset " + at +
                    " has kind " + kind + " and " + bytesLength + " bytes");
            }
            scratch.clear().kind(kinds[kind]).eventTimeNs(in.getLong(at + 12)).key(in.getLong(at + 20))
                .long0(in.getLong(at + 28)).long1(in.getLong(at + 36)).long2(in.getLong(at + 44))
                .long3(in.getLong(at + 52)).double0(in.getDouble(at + 60)).double1(in.getDouble(at + 68));
            at += 80;
            scratch.putBytes(in, at, bytesLength);
            at += bytesLength;
            final String source = in.getStringUtf8(at);
            at += Integer.BYTES + in.getInt(at);
            scratch.source(source, in.getInt(at), in.getLong(at + 4));
            at += 12;
            add(scratch, tag);
        }
        return at;
    }

    /**
     * Forget every event (the slots stay for reuse).
     */
    public void clear()
    {
        size = 0;
    }

    @Override
    public int size()
    {
        return size;
    }

    @Override
    public Event get(final int index)
    {
        if (index < 0 || index >= size)
        {
            throw new IndexOutOfBoundsException("index " + index + " out of batch of " + size);
        }
        return events[index];
    }
}
