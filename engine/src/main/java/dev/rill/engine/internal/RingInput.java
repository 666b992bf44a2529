package dev.rill.engine.internal;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;

import dev.rill.engine.Event;

/**
 * One input ring of a stage shard: the ring, the sequence the stage has consumed up to (the ring's gating sequence,
 * so producers never overwrite an unread slot), and how many producers write it (each sends one end marker).
 * <p>
 * A <b>packed</b> ring ({@link #packs()} not null; single producer) carries up to {@link RingWriter#PACK} records in
 * each DATA slot: the slot's {@code long0} is their count and its source name and partition are theirs, and
 * {@code packs()[sequence & mask]} holds their {@code key}, {@code long0}, event time and source offset,
 * {@link RingWriter#PACKED_RECORD_LONGS} longs a record (each array allocated right after its slot). Markers are slots
 * of their own, as in any ring. The consumer hands the records on one by one in {@link #record()}, its own scratch
 * event, so an operator's error past the ring still names each record's source, partition and offset.
 */
public final class RingInput
{
    private final String name;
    private final RingBuffer<Event> ring;
    private final Sequence consumed = new Sequence();
    private final int producers;
    private final long[][] packs;
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
     * @param packs     the packed records' arrays, one per slot in slot order, or null for a ring of whole events.
     */
    public RingInput(final String name, final RingBuffer<Event> ring, final int producers, final long[][] packs)
    {
        if (packs != null && (producers != 1 || packs.length != ring.getBufferSize()))
        {
            throw new IllegalArgumentException("a packed ring has one producer and one record array per slot: " +
                name + ", " + producers + " producers, " + packs.length + " arrays for " + ring.getBufferSize() +
                " slots");
        }
        this.name = name;
        this.ring = ring;
        ring.addGatingSequences(consumed);
        this.producers = producers;
        this.packs = packs;
        this.record = packs == null ? null : new Event();
    }

    /**
     * @return the packed records' arrays, one per slot ({@code sequence & (length - 1)}), or null for a ring of whole
     * events.
     */
    public long[][] packs()
    {
        return packs;
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
