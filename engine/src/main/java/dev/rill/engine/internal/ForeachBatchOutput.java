package dev.rill.engine.internal;

import dev.rill.engine.BatchConsumer;
import dev.rill.engine.Event;
import dev.rill.engine.PipelineException;

/**
 * Spark's {@code foreachRDD}: collects each batch into a reused {@link EventBuffer} and hands it to the user's
 * callback at the batch end, empty batches included. No allocation once the buffer has grown to the largest batch.
 */
public final class ForeachBatchOutput implements Output
{
    private final String name;
    private final BatchConsumer consumer;
    private final EventBuffer batch = new EventBuffer();

    /**
     * @param name     operator name, for errors.
     * @param consumer the user callback.
     */
    public ForeachBatchOutput(final String name, final BatchConsumer consumer)
    {
        this.name = name;
        this.consumer = consumer;
    }

    @Override
    public void onEvent(final Event event)
    {
        batch.add(event, 0);
    }

    @Override
    public void onWatermark(final long watermarkNs)
    {
        // batched chain: batch ends, not watermarks, delimit the input
    }

    @Override
    public void onBatchEnd(final long batchTimeMs)
    {
        try
        {
            consumer.accept(batchTimeMs, batch);
        }
        catch (final RuntimeException ex)
        {
            throw new PipelineException(name, "on the batch of time " + batchTimeMs + " ms: " + ex, ex);
        }
        finally
        {
            batch.clear();
        }
    }

    @Override
    public void onEndOfStream()
    {
        // every batch was handed over at its end
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
        return "sink " + name + " (foreachBatch)";
    }
}
