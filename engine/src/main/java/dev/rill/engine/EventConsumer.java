package dev.rill.engine;

/**
 * A per-record output callback ({@link EventStream#foreach(EventConsumer)}). Called on the stage's thread; with a
 * stage of N shards it is called from N threads at once, one event at a time per shard.
 */
@FunctionalInterface
public interface EventConsumer
{
    /**
     * @param event the event, valid only during the call.
     */
    void accept(Event event);
}
