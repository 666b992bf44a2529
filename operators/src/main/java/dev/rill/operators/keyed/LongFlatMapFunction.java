package dev.rill.operators.keyed;

import java.util.function.LongConsumer;

/** Spark's {@code flatMapValues} function {@code V => TraversableOnce[U]}: passes zero or more values to {@code out}. */
@FunctionalInterface
public interface LongFlatMapFunction
{
    /**
     * @param value the input value.
     * @param out   receives each output value; valid only during the call.
     */
    void apply(long value, LongConsumer out);
}
