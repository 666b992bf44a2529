package dev.rill.engine;

/**
 * A map step that changes the event in place ({@link EventStream#update}): there is one event, both its input and
 * its output, so a field read after it was written holds the new value. Called on the stage's thread; must not keep
 * the event after the call.
 */
@FunctionalInterface
public interface EventUpdater
{
    /**
     * @param event the event to change.
     */
    void update(Event event);
}
