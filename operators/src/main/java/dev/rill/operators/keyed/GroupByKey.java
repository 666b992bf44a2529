package dev.rill.operators.keyed;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import dev.rill.operators.state.Checkpointable;
import dev.rill.operators.state.ImageHeader;
/**
 * Spark's {@code groupByKey()} per batch: each key of the batch with all its values, in arrival order.
 *
 * <p>Example; output per batch as {@code key=[values]}:
 * <pre>
 *   batch 1: (b,1) (a,2) (b,3)  -&gt; a=[2] b=[1,3]
 *   batch 2: (nothing)          -&gt; (nothing)
 *   batch 3: (a,5)              -&gt; a=[5]
 * </pre>
 *
 * <p>The batch's pairs are appended to an off-heap buffer and, at the end of the batch, sorted by key with a stable
 * merge sort (O(n log n) for n pairs, O(n) if they arrived sorted) and handed out run by run. Keys come out in
 * ascending signed order (Spark gives no order); values within a key keep arrival order. Memory: 32 off-heap bytes
 * per pair of the largest batch (the pairs and the sort's scratch), kept between batches.
 *
 * <p><b>Single writer, not thread-safe. Zero allocation</b> per value, key and batch once the buffer has grown to the
 * largest batch; the {@link LongValues} passed out is one reused flyweight.
 */
public final class GroupByKey implements AutoCloseable, Checkpointable
{
    private final PairBuffer pairs;
    private final LongValues values = new LongValues();

    /** @param expectedPairs records per batch to size the buffer for; it grows beyond. */
    public GroupByKey(final int expectedPairs)
    {
        this.pairs = new PairBuffer(expectedPairs);
    }

    /** Adds a value for the key to the current batch. */
    public void add(final long key, final long value)
    {
        pairs.append(key, value);
    }

    /**
     * Ends the batch: emits every key of the batch with its values, then forgets them.
     *
     * @param consumer receives each key and its values; not retained.
     */
    public void endBatch(final LongValuesConsumer consumer)
    {
        final PairBuffer pairs = this.pairs;
        try
        {
            pairs.sort();
            final int size = pairs.size();
            for (int start = 0; start < size; )
            {
                final int end = pairs.runEnd(start);
                values.wrap(pairs, start, end);
                consumer.accept(pairs.key(start), values);
                start = end;
            }
        }
        finally
        {
            values.wrapEmpty();
            pairs.clear();
        }
    }

    public long offHeapBytes()
    {
        return pairs.offHeapBytes();
    }

    /** Layout version of the image written by {@link #writeTo}. */
    public static final int IMAGE_VERSION = 1;

    /**
     * Writes the open batch's state for a checkpoint (nothing else carries between batches):
     * {@code ImageHeader("groupByKey", IMAGE_VERSION) | int pairs | (long key, long value) * pairs, in arrival order}.
     */
    @Override
    public int writeTo(final MutableDirectBuffer buffer, final int offset)
    {
        return pairs.writeTo(buffer, ImageHeader.write(buffer, offset, "groupByKey", IMAGE_VERSION));
    }

    @Override
    public int readFrom(final DirectBuffer buffer, final int offset)
    {
        return pairs.readFrom(buffer, ImageHeader.check(buffer, offset, "groupByKey", IMAGE_VERSION));
    }

    @Override
    public void close()
    {
        pairs.close();
    }
}
