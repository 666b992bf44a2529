package dev.rill.engine.internal;

import dev.rill.engine.Event;

/**
 * The last link of a stage's fused chain before its output: counts events out ({@link StageMeter#eventOut()}) and
 * passes everything on unchanged. Lends the output's slots ({@link SlotOutput}) when the output does, counting each
 * committed slot.
 */
public final class OutputMeter implements EventSink, SlotOutput
{
    private final EventSink next;
    private final StageMeter meter;
    private final SlotOutput slots;

    /**
     * @param next  the stage's output.
     * @param meter its counters.
     */
    public OutputMeter(final EventSink next, final StageMeter meter)
    {
        this.next = next;
        this.meter = meter;
        this.slots = next instanceof SlotOutput && ((SlotOutput)next).lendsSlots() ? (SlotOutput)next : null;
    }

    @Override
    public boolean lendsSlots()
    {
        return slots != null;
    }

    @Override
    public Event claimSlot(final Event input)
    {
        return slots.claimSlot(input);
    }

    @Override
    public void commitSlot()
    {
        slots.commitSlot();
        meter.eventOut();
    }

    @Override
    public void onEvent(final Event event)
    {
        next.onEvent(event);
        meter.eventOut();
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
