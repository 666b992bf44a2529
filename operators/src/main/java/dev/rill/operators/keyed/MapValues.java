package dev.rill.operators.keyed;

import dev.rill.operators.window.KeyValueConsumer;

import java.util.function.LongUnaryOperator;

/**
 * Spark's {@code mapValues(f)}: each record's value mapped, its key unchanged; one output per input record, in input
 * order; stateless, so batches do not matter.
 *
 * <p>Example, {@code f = v -> v * 2}:
 * <pre>
 *   batch 1: (a,1) (b,2) (a,3)  -&gt; (a,2) (b,4) (a,6)
 * </pre>
 *
 * <p>Immutable; thread-safe if the function is. <b>Zero allocation</b> (boxing-free as long as the function is).
 */
public final class MapValues
{
    private final LongUnaryOperator function;

    public MapValues(final LongUnaryOperator function)
    {
        if (null == function)
        {
            throw new NullPointerException("function");
        }
        this.function = function;
    }

    /** Maps one record and passes {@code (key, f(value))} to the consumer. */
    public void apply(final long key, final long value, final KeyValueConsumer consumer)
    {
        consumer.accept(key, function.applyAsLong(value));
    }
}
