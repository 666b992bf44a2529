package dev.rill.operators.keyed;

import dev.rill.operators.window.KeyValueConsumer;

import java.util.function.LongConsumer;

/**
 * Spark's {@code flatMapValues(f)}: each record's value turned into zero or more values, each emitted with the
 * record's key, in the order the function produces them; stateless, so batches do not matter.
 *
 * <p>Example, {@code f} emits {@code v} copies of {@code v}:
 * <pre>
 *   batch 1: (a,2) (b,0) (c,1)  -&gt; (a,2) (a,2) (c,1)     b produced nothing
 * </pre>
 *
 * <p><b>Single writer, not thread-safe</b> (it keeps the current record's key and consumer in fields, so that the
 * {@link LongConsumer} handed to the function is one reused object). <b>Zero allocation</b> per record.
 */
public final class FlatMapValues
{
    private final LongFlatMapFunction function;
    private final LongConsumer out = this::emit;
    private long currentKey;
    private KeyValueConsumer target;

    public FlatMapValues(final LongFlatMapFunction function)
    {
        if (null == function)
        {
            throw new NullPointerException("function");
        }
        this.function = function;
    }

    /** Applies the function to one record; every value it produces goes to the consumer with the record's key. */
    public void apply(final long key, final long value, final KeyValueConsumer consumer)
    {
        currentKey = key;
        target = consumer;
        try
        {
            function.apply(value, out);
        }
        finally
        {
            target = null;
        }
    }

    private void emit(final long value)
    {
        if (null == target)
        {
            throw new IllegalStateException("flatMapValues output used outside its call");
        }
        target.accept(currentKey, value);
    }
}
