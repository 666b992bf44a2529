package dev.rill.operators.keyed;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import dev.rill.operators.state.Checkpointable;
import dev.rill.operators.state.ImageHeader;
import dev.rill.operators.state.LongKeyedState;
import dev.rill.operators.state.LongSlotConsumer;
import dev.rill.operators.window.KeyValueConsumer;

import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * Spark's {@code combineByKey(createCombiner, mergeValue, mergeCombiners)} per batch for a {@code long} combiner:
 * the first value of a key in a batch becomes {@code createCombiner(value)}, each later one is folded in with
 * {@code mergeValue(combiner, value)}; keys without values are not emitted and nothing carries to the next batch.
 *
 * <p>Example, {@code createCombiner = v -> v * 10}, {@code mergeValue = (c, v) -> c + v}; output per batch:
 * <pre>
 *   batch 1: (a,1) (a,2) (b,3)  -&gt; a=12 b=30      a: 1*10 then + 2
 *   batch 2: (a,4)              -&gt; a=40           a new combiner: nothing kept from batch 1
 * </pre>
 *
 * <p>Spark's third function, {@code mergeCombiners}, merges the combiners built by different partitions of a batch;
 * one shard holds all of a key's values here, so it is not taken: merging shards' results is the engine's job.
 * If a function throws, the exception propagates from {@link #add} and the key keeps its previous combiner.
 *
 * <p><b>Single writer, not thread-safe. Zero allocation</b> per value, key and batch once the map has grown; ending a
 * batch costs O(capacity of the map).
 */
public final class CombineByKey implements AutoCloseable, Checkpointable
{
    private static final int COUNT = 0;
    private static final int COMBINER = 1;

    private final LongUnaryOperator createCombiner;
    private final LongBinaryOperator mergeValue;
    private final LongKeyedState batch;
    private final LongSlotConsumer emitKey = this::emitKey;
    private KeyValueConsumer emitTarget;

    /**
     * @param createCombiner turns a key's first value of the batch into its combiner.
     * @param mergeValue     folds a further value into the combiner.
     * @param expectedKeys   distinct keys per batch to size the map for; it grows beyond.
     */
    public CombineByKey(final LongUnaryOperator createCombiner, final LongBinaryOperator mergeValue, final int expectedKeys)
    {
        if (null == createCombiner || null == mergeValue)
        {
            throw new NullPointerException(null == createCombiner ? "createCombiner" : "mergeValue");
        }
        this.createCombiner = createCombiner;
        this.mergeValue = mergeValue;
        this.batch = new LongKeyedState(2, expectedKeys);
    }

    /** Adds a value for the key to the current batch. */
    public void add(final long key, final long value)
    {
        final LongKeyedState batch = this.batch;
        final int slot = batch.getOrInsert(key);
        final long count = batch.getLong(slot, COUNT);
        final long combiner = count == 0 ?
            createCombiner.applyAsLong(value) : mergeValue.applyAsLong(batch.getLong(slot, COMBINER), value);
        batch.putLong(slot, COMBINER, combiner);
        batch.putLong(slot, COUNT, count + 1);
    }

    /**
     * Ends the batch: emits every key that had values in it, then forgets them.
     *
     * @param consumer receives {@code (key, combiner)}; not retained.
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

    /** Layout version of the image written by {@link #writeTo}. */
    public static final int IMAGE_VERSION = 1;

    /**
     * Writes the open batch's state for a checkpoint (nothing else carries between batches):
     * {@code ImageHeader("combineByKey", IMAGE_VERSION) | the batch map's image ({@code LongKeyedState.writeTo}: count and combiner per key)}.
     */
    @Override
    public int writeTo(final MutableDirectBuffer buffer, final int offset)
    {
        return batch.writeTo(buffer, ImageHeader.write(buffer, offset, "combineByKey", IMAGE_VERSION));
    }

    @Override
    public int readFrom(final DirectBuffer buffer, final int offset)
    {
        return batch.readFrom(buffer, ImageHeader.check(buffer, offset, "combineByKey", IMAGE_VERSION));
    }

    @Override
    public void close()
    {
        batch.close();
    }

    private void emitKey(final long key, final int slot)
    {
        if (batch.getLong(slot, COUNT) != 0)
        {
            emitTarget.accept(key, batch.getLong(slot, COMBINER));
        }
    }
}
