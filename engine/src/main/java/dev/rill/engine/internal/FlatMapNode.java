package dev.rill.engine.internal;

import dev.rill.engine.Emitter;
import dev.rill.engine.Event;
import dev.rill.engine.EventFlatMapper;

/**
 * A fused flatMap: the node is its own {@link Emitter}, so emitting runs the rest of the chain at once and one
 * scratch event serves every output.
 */
public final class FlatMapNode implements EventSink, Emitter
{
    private final String name;
    private final EventFlatMapper flatMapper;
    private final EventSink next;
    private final Event out = new Event();
    private Event current;

    /**
     * @param name       operator name, for errors.
     * @param flatMapper the user function.
     * @param next       next link.
     */
    public FlatMapNode(final String name, final EventFlatMapper flatMapper, final EventSink next)
    {
        this.name = name;
        this.flatMapper = flatMapper;
        this.next = next;
    }

    @Override
    public void onEvent(final Event event)
    {
        current = event;
        try
        {
            flatMapper.flatMap(event, this);
        }
        catch (final RuntimeException ex)
        {
            throw Failures.userFunction(name, event, ex);
        }
        finally
        {
            current = null;
        }
    }

    @Override
    public Event claim()
    {
        if (current == null)
        {
            throw new IllegalStateException("emitter of " + name + " used outside its flatMap call");
        }
        return out.copyFrom(current);
    }

    @Override
    public void emit()
    {
        if (current == null)
        {
            throw new IllegalStateException("emitter of " + name + " used outside its flatMap call");
        }
        next.onEvent(out);
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
