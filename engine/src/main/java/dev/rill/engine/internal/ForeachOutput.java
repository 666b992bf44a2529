package dev.rill.engine.internal;

import dev.rill.engine.Event;
import dev.rill.engine.EventConsumer;

/**
 * The {@code foreach} sink: calls the user's consumer for each event, on the stage's thread.
 */
public final class ForeachOutput implements Output
{
    private final String name;
    private final EventConsumer consumer;

    /**
     * @param name     operator name, for errors.
     * @param consumer the user callback.
     */
    public ForeachOutput(final String name, final EventConsumer consumer)
    {
        this.name = name;
        this.consumer = consumer;
    }

    @Override
    public void onEvent(final Event event)
    {
        try
        {
            consumer.accept(event);
        }
        catch (final RuntimeException ex)
        {
            throw Failures.userFunction(name, event, ex);
        }
    }

    @Override
    public void onWatermark(final long watermarkNs)
    {
        // a per-record sink does not wait for time
    }

    @Override
    public void onBatchEnd(final long batchTimeMs)
    {
        // a per-record sink has nothing to do at the end of a batch
    }

    @Override
    public void onEndOfStream()
    {
        // a per-record callback has nothing to flush
    }

    @Override
    public int inputsAvailable(final int reserve)
    {
        return Integer.MAX_VALUE;
    }

    @Override
    public boolean canEnd()
    {
        return true;
    }

    @Override
    public void beginInput()
    {
        // no ring: fan-out is unbounded here
    }

    @Override
    public String describe()
    {
        return "sink " + name;
    }
}
