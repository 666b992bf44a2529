package dev.rill.engine.internal;

import dev.rill.engine.Event;
import dev.rill.engine.EventFilter;

/**
 * A fused filter: passes the same event on when the predicate holds.
 */
public final class FilterNode implements EventSink
{
    private final String name;
    private final EventFilter filter;
    private final EventSink next;

    /**
     * @param name   operator name, for errors.
     * @param filter the user predicate.
     * @param next   next link.
     */
    public FilterNode(final String name, final EventFilter filter, final EventSink next)
    {
        this.name = name;
        this.filter = filter;
        this.next = next;
    }

    @Override
    public void onEvent(final Event event)
    {
        final boolean keep;
        try
        {
            keep = filter.test(event);
        }
        catch (final RuntimeException ex)
        {
            throw Failures.userFunction(name, event, ex);
        }
        if (keep)
        {
            next.onEvent(event);
        }
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
