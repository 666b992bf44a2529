package dev.rill.operators.keyed;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import dev.rill.operators.state.Checkpointable;
import dev.rill.operators.state.ImageHeader;
import dev.rill.operators.state.LongKeyedState;
import dev.rill.operators.state.LongSlotConsumer;
import dev.rill.operators.window.KeyValueConsumer;

import java.util.function.LongBinaryOperator;

/**
 * Spark's {@code reduceByKey(func)} on a stream of {@code (long, long)} pairs: per batch, the values of each key
 * combined with an associative function; keys without values in the batch are not emitted and nothing is carried
 * to the next batch (Spark's {@code PairDStreamFunctions.reduceByKey} is {@code combineByKey} on each batch's RDD).
 *
 * <p>Example, {@code func = Long::sum}; output per batch as {@code key=value}:
 * <pre>
 *   batch 1: (a,1) (b,2) (a,3)  -&gt; a=4 b=2
 *   batch 2: (nothing)          -&gt; (nothing)
 *   batch 3: (b,5)              -&gt; b=5          nothing carried over from batch 1
 * </pre>
 *
 * <p>The function is applied in arrival order as {@code func(reducedSoFar, newValue)}; a key with one value is emitted
 * with that value, without calling the function. If the function throws, the exception propagates from {@link #add},
 * the failing value is not applied and the key keeps what it had; the batch can still be ended.
 *
 * <p>Keys are emitted in the off-heap map's order (Spark gives no order either). Ending a batch costs
 * O(capacity of the map): iteration and {@link LongKeyedState#clear()}.
 *
 * <p><b>Single writer, not thread-safe. Zero allocation</b> per value, per key and per batch once the map has grown to
 * the largest batch (boxing-free as long as the function is).
 */
public final class ReduceByKey implements AutoCloseable, Checkpointable
{
    private static final int COUNT = 0;
    private static final int VALUE = 1;

    private final LongBinaryOperator reduceFunction;
    private final LongKeyedState batch;
    private final LongSlotConsumer emitKey = this::emitKey;
    private KeyValueConsumer emitTarget;

    /**
     * @param reduceFunction associative (Spark also asks commutative; here arrival order is kept).
     * @param expectedKeys   distinct keys per batch to size the map for; it grows beyond.
     */
    public ReduceByKey(final LongBinaryOperator reduceFunction, final int expectedKeys)
    {
        if (null == reduceFunction)
        {
            throw new NullPointerException("reduceFunction");
        }
        this.reduceFunction = reduceFunction;
        this.batch = new LongKeyedState(2, expectedKeys);
    }

    /** Adds a value for the key to the current batch. */
    public void add(final long key, final long value)
    {
        final LongKeyedState batch = this.batch;
        final int slot = batch.getOrInsert(key);
        final long count = batch.getLong(slot, COUNT);
        if (count == 0)
        {
            batch.putLong(slot, VALUE, value);
        }
        else
        {
            // Computed before anything is written: a throwing function leaves the key as it was.
            final long reduced = reduceFunction.applyAsLong(batch.getLong(slot, VALUE), value);
            batch.putLong(slot, VALUE, reduced);
        }
        batch.putLong(slot, COUNT, count + 1);
    }

    /**
     * Ends the batch: emits every key that had values in it, then forgets them.
     *
     * @param consumer receives {@code (key, reduced value)}; not retained.
     */
    public void endBatch(final KeyValueConsumer consumer)
    {
        emitTarget = consumer;
        try
        {
            batch.forEach(emitKey);
        }
        finally
        {
            emitTarget = null;
            batch.clear();
        }
    }

    /** @return distinct keys in the current batch so far. */
    public int batchKeys()
    {
        return batch.size();
    }

    public long offHeapBytes()
    {
        return batch.offHeapBytes();
    }

    /** Layout version of the image written by {@link #writeTo}. */
    public static final int IMAGE_VERSION = 1;

    /**
     * Writes the open batch's state for a checkpoint (nothing else carries between batches):
     * {@code ImageHeader("reduceByKey", IMAGE_VERSION) | the batch map's image ({@code LongKeyedState.writeTo}: count and reduced value per key)}.
     */
    @Override
    public int writeTo(final MutableDirectBuffer buffer, final int offset)
    {
        return batch.writeTo(buffer, ImageHeader.write(buffer, offset, "reduceByKey", IMAGE_VERSION));
    }

    @Override
    public int readFrom(final DirectBuffer buffer, final int offset)
    {
        return batch.readFrom(buffer, ImageHeader.check(buffer, offset, "reduceByKey", IMAGE_VERSION));
    }

    @Override
    public void close()
    {
        batch.close();
    }

    private void emitKey(final long key, final int slot)
    {
        emitTarget.accept(key, batch.getLong(slot, VALUE));
    }
}
