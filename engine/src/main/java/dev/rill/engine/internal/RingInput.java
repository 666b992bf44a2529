package dev.rill.engine.internal;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;

import dev.rill.engine.Event;

/**
 * One input ring of a stage shard: the ring, the stage's poller on it (registered as the ring's gating sequence,
 * so producers never overwrite an unread slot), and how many producers write it (each sends one end marker).
 */
public final class RingInput
{
    private final String name;
    private final RingBuffer<Event> ring;
    private final EventPoller<Event> poller;
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
        this.poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
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
     * @return the stage's poller.
     */
    public EventPoller<Event> poller()
    {
        return poller;
    }

    /**
     * @return producers writing the ring.
     */
    public int producers()
    {
        return producers;
    }
}
