package dev.rill.operators.keyed;

/** Receives one key of a {@code groupByKey} batch with all its values; see {@link LongValues} for validity. */
@FunctionalInterface
public interface LongValuesConsumer
{
    void accept(long key, LongValues values);
}
