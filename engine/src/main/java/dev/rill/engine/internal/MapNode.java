package dev.rill.engine.internal;

import dev.rill.engine.Event;
import dev.rill.engine.EventMapper;

/**
 * A fused map: copies the input into a scratch event owned by this node, lets the mapper change it, passes it on.
 * When the map is the last operator before a single-producer ring ({@link SlotOutput#lendsSlots()}), the copy goes
 * straight into the claimed ring slot and the mapper changes it there: one copy per event instead of two.
 */
public final class MapNode implements EventSink
{
    private final String name;
    private final EventMapper mapper;
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
        this.name = name;
        this.mapper = mapper;
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
     * Slot-run path ({@link StageAgent}): the slot holds this node's input; maps it in place. The input is copied
     * to the scratch event first, since the mapper may read {@code in} after writing {@code out}.
     *
     * @param slot the input, and the output.
     */
    public void mapSlot(final Event slot)
    {
        mapInto(out.copyFrom(slot), slot);
    }

    private void mapInto(final Event event, final Event target)
    {
        try
        {
            mapper.map(event, target);
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
