package dev.rill.engine.internal.keyed;

/**
 * Where a {@link ShardOperator} sends its results: one record per call, stamped by the caller with the batch it
 * belongs to. Allocation-free.
 */
public interface ResultEmitter
{
    /**
     * @param key    the result's key.
     * @param value0 into {@code long0}: the reduced value, sum, count or mapped value.
     * @param value1 into {@code long1}: the count of a sum-and-count window, else 0.
     */
    void emit(long key, long value0, long value1);
}
