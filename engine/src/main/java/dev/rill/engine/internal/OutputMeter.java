package dev.rill.engine.internal;

import dev.rill.engine.Event;

/**
 * The last link of a stage's fused chain before its output: counts events out ({@link StageMeter#eventOut()}) and
 * passes everything on unchanged.
 */
public final class OutputMeter implements EventSink
{
    private final EventSink next;
    private final StageMeter meter;

    /**
     * @param next  the stage's output.
     * @param meter its counters.
     */
    public OutputMeter(final EventSink next, final StageMeter meter)
    {
        this.next = next;
        this.meter = meter;
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
