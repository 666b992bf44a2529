package dev.rill.engine.internal;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;

import dev.rill.engine.Event;

/**
 * One input ring of a stage shard: the ring, the sequence the stage has consumed up to (the ring's gating sequence,
 * so producers never overwrite an unread slot), and how many producers write it (each sends one end marker).
 */
public final class RingInput
{
    private final String name;
    private final RingBuffer<Event> ring;
    private final Sequence consumed = new Sequence();
    private final int producers;

    /**
     * @param name      ring name in the plan.
     * @param ring      the ring, events preallocated.
     * @param producers number of producers writing it.
     */
    public RingInput(final String name, final RingBuffer<Event> ring, final int producers)
    {
        this.name = name;
        this.ring = ring;
        ring.addGatingSequences(consumed);
        this.producers = producers;
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
