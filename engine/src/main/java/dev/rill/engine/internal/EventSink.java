package dev.rill.engine.internal;

import dev.rill.engine.Event;

/**
 * One link of a stage's fused chain: an operator, or the stage's {@link Output}. Called on the stage's thread
 * only; each link passes events to the next synchronously, so no ring sits between fused operators.
 */
public interface EventSink
{
    /**
     * @param event a DATA event, valid only during the call.
     */
    void onEvent(Event event);

    /**
     * Event time has advanced: no more events before {@code watermarkNs} are expected (later ones are late). Called
     * between events, in order with them; {@link Long#MAX_VALUE} means the input is complete.
     *
     * @param watermarkNs the watermark, nanoseconds, never lower than the previous one.
     */
    void onWatermark(long watermarkNs);

    /**
     * In a batched chain (after a batch operator): every event of the batch ending at {@code batchTimeMs} has been
     * passed on; the next event belongs to a later batch.
     *
     * @param batchTimeMs the batch time: the end of the batch interval, milliseconds.
     */
    void onBatchEnd(long batchTimeMs);

    /**
     * Every input of the stage has ended: flush and pass the end on.
     */
    void onEndOfStream();
}
