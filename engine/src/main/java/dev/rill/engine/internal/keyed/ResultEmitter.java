package dev.rill.engine.internal.keyed;

import dev.rill.engine.Event;

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

    /**
     * A whole record as a result (Spark's {@code window} emits the records themselves): fill the returned slot, then
     * call {@link #emitResult()} before any other call.
     *
     * @return the result slot, cleared, with the event time and source of the open batch's results set.
     */
    Event claimResult();

    /** Sends the slot filled after {@link #claimResult()}. */
    void emitResult();
}
