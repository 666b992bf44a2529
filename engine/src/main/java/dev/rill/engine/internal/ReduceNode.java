package dev.rill.engine.internal;

import dev.rill.engine.Event;
import dev.rill.engine.EventReducer;

/**
 * Spark's {@code reduce(f)} in a batched chain: folds each batch's records into one, emitted at the batch end;
 * an empty batch emits nothing (Spark reduces with {@code reduceByKey}, which yields nothing for no input).
 * Allocation-free.
 */
public final class ReduceNode implements EventSink
{
    private final String name;
    private final EventReducer reducer;
    private final EventSink next;
    private final Event acc = new Event();
    private boolean hasValue;

    /**
     * @param name    operator name, for errors.
     * @param reducer the user function.
     * @param next    next link.
     */
    public ReduceNode(final String name, final EventReducer reducer, final EventSink next)
    {
        this.name = name;
        this.reducer = reducer;
        this.next = next;
    }

    @Override
    public void onEvent(final Event event)
    {
        if (!hasValue)
        {
            acc.copyFrom(event);
            hasValue = true;
            return;
        }
        try
        {
            reducer.reduce(acc, event);
        }
        catch (final RuntimeException ex)
        {
            throw Failures.userFunction(name, event, ex);
        }
    }

    @Override
    public void onWatermark(final long watermarkNs)
    {
        // batched chain: batch ends, not watermarks, delimit the input
    }

    @Override
    public void onBatchEnd(final long batchTimeMs)
    {
        if (hasValue)
        {
            hasValue = false;
            next.onEvent(acc);
        }
        next.onBatchEnd(batchTimeMs);
    }

    @Override
    public void onEndOfStream()
    {
        next.onEndOfStream();
    }
}
