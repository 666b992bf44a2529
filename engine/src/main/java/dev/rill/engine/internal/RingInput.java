package dev.rill.engine.internal;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;

import dev.rill.engine.Event;

/**
 * One input ring of a stage shard: the ring, the sequence the stage has consumed up to (the ring's gating sequence,
 * so producers never overwrite an unread slot), and how many producers write it (each sends one end marker).
 * <p>
 * A <b>packed</b> ring ({@link #packed()} not null; single producer) carries up to {@link PackedRecords#PACK} records
 * in each DATA slot: the slot's {@code long0} is their count and its source name and partition are theirs, and {@link
 * PackedRecords} holds their {@code key}, {@code long0}, event time and source offset, off-heap, four cache lines a
 * slot. Markers are slots of their own, as in any ring. The consumer hands the records on one by one in {@link
 * #record()}, its own scratch event, so an operator's error past the ring still names each record's source, partition
 * and offset.
 */
public final class RingInput
{
    private final String name;
    private final RingBuffer<Event> ring;
    private final Sequence consumed = new Sequence();
    private final int producers;
    private final PackedRecords packed;
    private final Event record;

    /**
     * @param name      ring name in the plan.
     * @param ring      the ring, events preallocated.
     * @param producers number of producers writing it.
     */
    public RingInput(final String name, final RingBuffer<Event> ring, final int producers)
    {
        this(name, ring, producers, null);
    }

    /**
     * @param name      ring name in the plan.
     * @param ring      the ring, events preallocated.
     * @param producers number of producers writing it; 1 if packed.
     * @param packed    the packed records, as many slots as the ring, or null for a ring of whole events.
     */
    public RingInput(final String name, final RingBuffer<Event> ring, final int producers, final PackedRecords packed)
    {
        if (packed != null && (producers != 1 || packed.slots() != ring.getBufferSize()))
        {
            throw new IllegalArgumentException("a packed ring has one producer and records for each slot: " +
                name + ", " + producers + " producers, records for " + packed.slots() + " slots of " +
                ring.getBufferSize());
        }
        this.name = name;
        this.ring = ring;
        ring.addGatingSequences(consumed);
        this.producers = producers;
        this.packed = packed;
        this.record = packed == null ? null : new Event();
    }

    /**
     * @return the packed records of a packed ring's slots, or null for a ring of whole events.
     */
    public PackedRecords packed()
    {
        return packed;
    }

    /**
     * @return a packed ring's scratch event, which its one consumer fills with each record in turn; null if not packed.
     */
    public Event record()
    {
        return record;
    }

    /**
     * @return ring name.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return the ring.
     */
    public RingBuffer<Event> ring()
    {
        return ring;
    }

    /**
     * @return the sequence of the last slot the stage has handled; producers never overwrite a slot after it.
     */
    public Sequence consumed()
    {
        return consumed;
    }

    /**
     * @return producers writing the ring.
     */
    public int producers()
    {
        return producers;
    }
}
