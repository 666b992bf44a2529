package dev.rill.engine.internal;

import dev.rill.engine.Event;
import dev.rill.engine.EventMapper;

/**
 * A fused map: copies the input into a scratch event owned by this node, lets the mapper change it, passes it on.
 */
public final class MapNode implements EventSink
{
    private final String name;
    private final EventMapper mapper;
    private final EventSink next;
    private final Event out = new Event();

    /**
     * @param name   operator name, for errors.
     * @param mapper the user function.
     * @param next   next link.
     */
    public MapNode(final String name, final EventMapper mapper, final EventSink next)
    {
        this.name = name;
        this.mapper = mapper;
        this.next = next;
    }

    @Override
    public void onEvent(final Event event)
    {
        out.copyFrom(event);
        try
        {
            mapper.map(event, out);
        }
        catch (final RuntimeException ex)
        {
            throw Failures.userFunction(name, event, ex);
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
