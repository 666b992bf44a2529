package dev.rill.engine.internal;

import dev.rill.engine.Event;
import dev.rill.engine.EventConsumer;

/**
 * The {@code foreach} sink: calls the user's consumer for each event, on the stage's thread.
 */
public final class ForeachOutput extends RecordSinkOutput
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
    public String describe()
    {
        return "sink " + name;
    }
}
