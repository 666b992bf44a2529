package dev.rill.engine;

/**
 * A filter step: keeps the events it returns true for. Called on the stage's thread.
 */
@FunctionalInterface
public interface EventFilter
{
    /**
     * @param event the event, read only.
     * @return true to keep it.
     */
    boolean test(Event event);
}
