package dev.rill.engine.internal;

import dev.rill.engine.Event;
import dev.rill.engine.EventMapper;
import dev.rill.engine.EventUpdater;

/**
 * A fused map: copies the input into a scratch event owned by this node, lets the mapper change it, passes it on.
 * When the map is the last operator before a single-producer ring ({@link SlotOutput#lendsSlots()}), the copy goes
 * straight into the claimed ring slot and the mapper changes it there: one copy per event instead of two.
 * <p>
 * An update ({@link EventUpdater}) is a map without the input's copy: on the chain it changes its copy of the input
 * (the input may be an upstream operator's or a ring slot another stage still owns), on the slot-run path
 * ({@link #mapSlot}) the slot itself.
 */
public final class MapNode implements EventSink
{
    private final String name;
    private final EventMapper mapper;
    private final EventUpdater updater;
    private final EventSink next;
    private final Event out = new Event();
    private final SlotOutput slots;

    /**
     * @param name   operator name, for errors.
     * @param mapper the user function.
     * @param next   next link.
     */
    public MapNode(final String name, final EventMapper mapper, final EventSink next)
    {
        this(name, mapper, null, next);
    }

    /**
     * @param name    operator name, for errors.
     * @param updater the user function, changing the event in place.
     * @param next    next link.
     */
    public MapNode(final String name, final EventUpdater updater, final EventSink next)
    {
        this(name, null, updater, next);
    }

    private MapNode(final String name, final EventMapper mapper, final EventUpdater updater, final EventSink next)
    {
        this.name = name;
        this.mapper = mapper;
        this.updater = updater;
        this.next = next;
        this.slots = next instanceof SlotOutput && ((SlotOutput)next).lendsSlots() ? (SlotOutput)next : null;
    }

    @Override
    public void onEvent(final Event event)
    {
        if (slots != null)
        {
            mapInto(event, slots.claimSlot(event).copyFrom(event));
            slots.commitSlot(); // not reached if the mapper fails: the slot is never published
            return;
        }
        mapInto(event, out.copyFrom(event));
        next.onEvent(out);
    }

    /**
     * Slot-run path ({@link StageAgent}): the slot holds this node's input; maps it in place. For a map the input
     * is copied to the scratch event first, since the mapper may read {@code in} after writing {@code out}; an
     * update changes the slot with no copy.
     *
     * @param slot the input, and the output.
     */
    public void mapSlot(final Event slot)
    {
        if (updater != null)
        {
            mapInto(slot, slot);
            return;
        }
        mapInto(out.copyFrom(slot), slot);
    }

    private void mapInto(final Event event, final Event target)
    {
        try
        {
            if (updater != null)
            {
                updater.update(target);
            }
            else
            {
                mapper.map(event, target);
            }
        }
        catch (final RuntimeException ex)
        {
            throw Failures.userFunction(name, event, ex);
        }
    }

    @Override
    public void onWatermark(final long watermarkNs)
    {
        next.onWatermark(watermarkNs);
    }

    @Override
    public void onBatchEnd(final long batchTimeMs)
    {
        next.onBatchEnd(batchTimeMs);
    }

    @Override
    public void onEndOfStream()
    {
        next.onEndOfStream();
    }
}
