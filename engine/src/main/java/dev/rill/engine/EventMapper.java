package dev.rill.engine;

/**
 * A map step over the flyweight event. Called on the stage's thread; must not keep either event after the call.
 */
@FunctionalInterface
public interface EventMapper
{
    /**
     * @param in  the input event, read only.
     * @param out the output event, holding a copy of {@code in} when called: change only what the map changes.
     */
    void map(Event in, Event out);
}
