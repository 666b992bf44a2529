package dev.rill.engine.internal;

import com.lmax.disruptor.RingBuffer;

import dev.rill.engine.Event;

/**
 * The last link of a stage's fused chain before its output: counts events out ({@link StageMeter#eventOut()}) and
 * passes everything on unchanged. Lends the output's slots ({@link SlotOutput}) when the output does, counting each
 * committed slot, and its runs of slots ({@link SlotRunOutput}) when it has them.
 */
public final class OutputMeter implements EventSink, SlotOutput, SlotRunOutput
{
    private final EventSink next;
    private final StageMeter meter;
    private final SlotOutput slots;
    private final SlotRunOutput runs;

    /**
     * @param next  the stage's output.
     * @param meter its counters.
     */
    public OutputMeter(final EventSink next, final StageMeter meter)
    {
        this.next = next;
        this.meter = meter;
        this.slots = next instanceof SlotOutput && ((SlotOutput)next).lendsSlots() ? (SlotOutput)next : null;
        this.runs = slots instanceof SlotRunOutput ? (SlotRunOutput)slots : null;
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

    /**
     * @return true if the output lends runs of slots too (a single-producer ring, or one shard of them).
     */
    public boolean lendsSlotRuns()
    {
        return runs != null;
    }

    @Override
    public int claimRun(final int max)
    {
        return runs.claimRun(max);
    }

    @Override
    public RingBuffer<Event> runRing()
    {
        return runs.runRing();
    }

    @Override
    public long runFirstSequence()
    {
        return runs.runFirstSequence();
    }

    @Override
    public void commitRun(final int count)
    {
        runs.commitRun(count);
        meter.eventsOut(count);
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
