package dev.rill.engine;

import dev.rill.operators.keyed.LongValues;
import dev.rill.operators.window.KeyValueConsumer;

/**
 * What {@link EventStream#groupByKey(GroupFunction)} does with each key's group: Spark's
 * {@code groupByKey().flatMap { case (k, values) => ... }} fused, because an {@code Iterable} of values does not fit
 * in an event slot. Called once per key of a batch, at the batch end, on the shard owning the key.
 */
@FunctionalInterface
public interface GroupFunction
{
    /**
     * @param key    the key.
     * @param values its values in the batch, in arrival order; a flyweight valid only during the call.
     * @param out    receives zero or more results {@code (key, value)}; valid only during the call.
     */
    void apply(long key, LongValues values, KeyValueConsumer out);
}
