package dev.rill.operators.keyed;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import dev.rill.operators.state.Checkpointable;
import dev.rill.operators.state.ImageHeader;
import dev.rill.operators.state.LongKeyedState;
import dev.rill.operators.state.LongSlotConsumer;
import dev.rill.operators.window.KeyValueConsumer;

/**
 * Spark's {@code DStream.countByValue()} on a stream of {@code long}s: per batch, each distinct value with the number
 * of times it occurred in that batch (Spark: {@code map((_, 1L)).reduceByKey(_ + _)}); nothing carries over.
 *
 * <p>Example; output per batch as {@code value=count}:
 * <pre>
 *   batch 1: 7 7 3   -&gt; 7=2 3=1
 *   batch 2: (none)  -&gt; (nothing)
 *   batch 3: 3       -&gt; 3=1
 * </pre>
 *
 * <p><b>Single writer, not thread-safe. Zero allocation</b> per value and batch once the map has grown; ending a batch
 * costs O(capacity of the map).
 */
public final class CountByValue implements AutoCloseable, Checkpointable
{
    private final LongKeyedState counts;
    private final LongSlotConsumer emitKey = this::emitKey;
    private KeyValueConsumer emitTarget;

    /** @param expectedValues distinct values per batch to size the map for; it grows beyond. */
    public CountByValue(final int expectedValues)
    {
        this.counts = new LongKeyedState(1, expectedValues);
    }

    /** Counts one occurrence of the value in the current batch. */
    public void add(final long value)
    {
        final LongKeyedState counts = this.counts;
        counts.addLong(counts.getOrInsert(value), 0, 1);
    }

    /**
     * Ends the batch: emits every distinct value of the batch with its count, then forgets them.
     *
     * @param consumer receives {@code (value, count)}; not retained.
     */
    public void endBatch(final KeyValueConsumer consumer)
    {
        emitTarget = consumer;
        try
        {
            counts.forEach(emitKey);
        }
        finally
        {
            emitTarget = null;
            counts.clear();
        }
    }

    /** Layout version of the image written by {@link #writeTo}. */
    public static final int IMAGE_VERSION = 1;

    /**
     * Writes the open batch's state for a checkpoint (nothing else carries between batches):
     * {@code ImageHeader("countByValue", IMAGE_VERSION) | the batch map's image ({@code LongKeyedState.writeTo}: count per value)}.
     */
    @Override
    public int writeTo(final MutableDirectBuffer buffer, final int offset)
    {
        return counts.writeTo(buffer, ImageHeader.write(buffer, offset, "countByValue", IMAGE_VERSION));
    }

    @Override
    public int readFrom(final DirectBuffer buffer, final int offset)
    {
        return counts.readFrom(buffer, ImageHeader.check(buffer, offset, "countByValue", IMAGE_VERSION));
    }

    @Override
    public void close()
    {
        counts.close();
    }

    private void emitKey(final long value, final int slot)
    {
        emitTarget.accept(value, counts.getLong(slot, 0));
    }
}
