package dev.rill.engine.internal;

import dev.rill.engine.Event;

/**
 * Spark's {@code count()} in a batched chain: at each batch end, one record whose {@code long0} is the number of
 * records in the batch, 0 for an empty batch (Spark unions a zero into every batch); key 0, event time the batch
 * time. Allocation-free.
 */
public final class CountNode implements EventSink
{
    private final String name;
    private final EventSink next;
    private final Event out = new Event();
    private long count;

    /**
     * @param name operator name (the source name of its records).
     * @param next next link.
     */
    public CountNode(final String name, final EventSink next)
    {
        this.name = name;
        this.next = next;
    }

    @Override
    public void onEvent(final Event event)
    {
        count++;
    }

    @Override
    public void onWatermark(final long watermarkNs)
    {
        // batched chain: batch ends, not watermarks, delimit the input
    }

    @Override
    public void onBatchEnd(final long batchTimeMs)
    {
        out.clear(name, 0, batchTimeMs).key(0).long0(count).eventTimeNs(batchTimeMs * 1_000_000L);
        count = 0;
        next.onEvent(out);
        next.onBatchEnd(batchTimeMs);
    }

    @Override
    public void onEndOfStream()
    {
        next.onEndOfStream();
    }
}
