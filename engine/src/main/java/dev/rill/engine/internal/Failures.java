package dev.rill.engine.internal;

import dev.rill.engine.Event;
import dev.rill.engine.PipelineException;

/**
 * Builds the errors that name the operator and the source record.
 */
public final class Failures
{
    private Failures()
    {
    }

    /**
     * @param operatorName the operator whose function threw.
     * @param event        the event being processed.
     * @param cause        what it threw.
     * @return the error to throw: {@code cause} itself if it already is a {@link PipelineException} (a downstream
     * operator called from inside this one failed).
     */
    public static PipelineException userFunction(final String operatorName, final Event event,
        final RuntimeException cause)
    {
        if (cause instanceof PipelineException)
        {
            return (PipelineException)cause;
        }
        return new PipelineException(operatorName, event.sourceName(), event.sourcePartition(),
            event.sourceOffset(), String.valueOf(cause), cause);
    }
}
