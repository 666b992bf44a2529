package dev.rill.engine.internal;

import dev.rill.engine.Event;

/**
 * One link of a stage's fused chain: an operator, or the stage's {@link Output}. Called on the stage's thread
 * only; each link passes events to the next synchronously, so no ring sits between fused operators.
 */
public interface EventSink
{
    /**
     * @param event a DATA event, valid only during the call.
     */
    void onEvent(Event event);

    /**
     * Every input of the stage has ended: flush and pass the end on.
     */
    void onEndOfStream();
}
