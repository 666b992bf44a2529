package dev.rill.engine.internal;

import dev.rill.engine.BatchTransformer;
import dev.rill.engine.Emitter;
import dev.rill.engine.Event;
import dev.rill.engine.PipelineException;

/**
 * Spark's {@code transform(f)} in a batched chain: collects each batch into a reused {@link EventBuffer}, then runs
 * the user function over it at the batch end; what it emits is the output batch. The node is the function's
 * {@link Emitter}: claim returns a cleared scratch event stamped with the batch time, emit runs the rest of the
 * chain at once.
 */
public final class TransformNode implements EventSink, Emitter
{
    private final String name;
    private final BatchTransformer transformer;
    private final EventSink next;
    private final EventBuffer batch = new EventBuffer();
    private final Event out = new Event();
    private long batchTimeMs;
    private boolean inCall;

    /**
     * @param name        operator name, for errors.
     * @param transformer the user function.
     * @param next        next link.
     */
    public TransformNode(final String name, final BatchTransformer transformer, final EventSink next)
    {
        this.name = name;
        this.transformer = transformer;
        this.next = next;
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
        this.batchTimeMs = batchTimeMs;
        inCall = true;
        try
        {
            transformer.transform(batchTimeMs, batch, this);
        }
        catch (final PipelineException ex)
        {
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            throw new PipelineException(name, "on the batch of time " + batchTimeMs + " ms: " + ex, ex);
        }
        finally
        {
            inCall = false;
            batch.clear();
        }
        next.onBatchEnd(batchTimeMs);
    }

    @Override
    public Event claim()
    {
        ensureInCall();
        return out.clear(name, 0, batchTimeMs).eventTimeNs(batchTimeMs * 1_000_000L);
    }

    @Override
    public void emit()
    {
        ensureInCall();
        next.onEvent(out);
    }

    private void ensureInCall()
    {
        if (!inCall)
        {
            throw new IllegalStateException("emitter of " + name + " used outside its transform call");
        }
    }

    @Override
    public void onEndOfStream()
    {
        next.onEndOfStream();
    }
}
