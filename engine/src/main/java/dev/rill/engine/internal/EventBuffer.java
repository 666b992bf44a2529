package dev.rill.engine.internal;

import java.util.Arrays;

import dev.rill.engine.BatchView;
import dev.rill.engine.Event;

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
