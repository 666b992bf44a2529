package dev.rill.operators.keyed;

/**
 * Spark's {@code mapWithState} mapping function {@code (K, Option[V], State[S]) => T} for {@code long} values,
 * state and output, without allocation.
 */
@FunctionalInterface
public interface LongMappingFunction
{
    /**
     * @param key      the key.
     * @param value    the record's value; 0 when {@code hasValue} is false.
     * @param hasValue false only for the one call that tells a key it is timing out ({@link LongState#isTimingOut()}):
     *                 Spark's {@code None}.
     * @param state    the key's state; read, update or remove it; valid only during the call.
     * @return the mapped value, emitted with the key.
     */
    long map(long key, long value, boolean hasValue, LongState state);
}
