package dev.rill.engine;

import dev.rill.operators.keyed.LongValues;
import dev.rill.operators.window.KeyValueConsumer;

/**
 * What {@link EventStream#cogroup(EventStream, CogroupFunction)} does with each key: Spark's
 * {@code cogroup(other).flatMap { case (k, (lefts, rights)) => ... }} fused, because two {@code Iterable}s do not fit
 * in an event slot. Called once per key present in either stream's batch, at the batch end.
 */
@FunctionalInterface
public interface CogroupFunction
{
    /**
     * @param key   the key.
     * @param left  its values in this (left) stream's batch, in arrival order, possibly empty.
     * @param right its values in the other (right) stream's batch, possibly empty (never both).
     * @param out   receives zero or more results {@code (key, value)}; valid only during the call.
     */
    void apply(long key, LongValues left, LongValues right, KeyValueConsumer out);
}
