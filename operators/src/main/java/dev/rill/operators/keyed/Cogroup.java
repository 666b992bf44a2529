package dev.rill.operators.keyed;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import dev.rill.operators.state.Checkpointable;
import dev.rill.operators.state.ImageHeader;
/**
 * Spark's {@code cogroup(other)} per batch of two streams: every key present in either stream's batch, with its
 * values from the left and from the right, either side possibly empty.
 *
 * <p>Example; output per batch as {@code key=([left],[right])}:
 * <pre>
 *   batch 1: left (a,1) (b,2) (a,3)   right (a,9) (c,8)  -&gt; a=([1,3],[9]) b=([2],[]) c=([],[8])
 *   batch 2: left (nothing)           right (b,7)        -&gt; b=([],[7])     nothing kept from batch 1
 * </pre>
 *
 * <p>Each side's pairs go to an off-heap buffer; at the end of the batch both are sorted by key (stable merge sort,
 * O(n log n)) and merged in one pass. Keys come out in ascending signed order (Spark gives no order); values keep
 * arrival order. Memory: 32 off-heap bytes per pair of the largest batch, per side. Joining two streams of
 * different batch intervals is the engine's concern: both sides here must be fed the same batches.
 *
 * <p><b>Single writer, not thread-safe. Zero allocation</b> per value, key and batch once the buffers have grown; the
 * two {@link LongValues} passed out are reused flyweights.
 */
public final class Cogroup implements AutoCloseable, Checkpointable
{
    private final PairBuffer left;
    private final PairBuffer right;
    private final LongValues leftValues = new LongValues();
    private final LongValues rightValues = new LongValues();

    /** @param expectedPairs records per batch and side to size the buffers for; they grow beyond. */
    public Cogroup(final int expectedPairs)
    {
        this.left = new PairBuffer(expectedPairs);
        this.right = new PairBuffer(expectedPairs);
    }

    public void addLeft(final long key, final long value)
    {
        left.append(key, value);
    }

    public void addRight(final long key, final long value)
    {
        right.append(key, value);
    }

    /**
     * Ends the batch: emits every key of either side with both sides' values, then forgets them.
     *
     * @param consumer receives each key; not retained.
     */
    public void endBatch(final CogroupConsumer consumer)
    {
        try
        {
            merge(left, right, leftValues, rightValues, consumer);
        }
        finally
        {
            left.clear();
            right.clear();
        }
    }

    public long offHeapBytes()
    {
        return left.offHeapBytes() + right.offHeapBytes();
    }

    /** Layout version of the image written by {@link #writeTo}. */
    public static final int IMAGE_VERSION = 1;

    /**
     * Writes the open batch's state for a checkpoint (nothing else carries between batches):
     * {@code ImageHeader("cogroup", IMAGE_VERSION) | left pairs | right pairs} (each {@code int n | (long key, long value) * n}, in arrival order}.
     */
    @Override
    public int writeTo(final MutableDirectBuffer buffer, final int offset)
    {
        final int at = ImageHeader.write(buffer, offset, "cogroup", IMAGE_VERSION);
        return right.writeTo(buffer, left.writeTo(buffer, at));
    }

    @Override
    public int readFrom(final DirectBuffer buffer, final int offset)
    {
        final int at = ImageHeader.check(buffer, offset, "cogroup", IMAGE_VERSION);
        return right.readFrom(buffer, left.readFrom(buffer, at));
    }

    @Override
    public void close()
    {
        left.close();
        right.close();
    }

    /** Sorts both buffers and calls the consumer once per key of either, in ascending key order. */
    static void merge(
        final PairBuffer left,
        final PairBuffer right,
        final LongValues leftValues,
        final LongValues rightValues,
        final CogroupConsumer consumer)
    {
        left.sort();
        right.sort();
        final int leftSize = left.size();
        final int rightSize = right.size();
        int l = 0;
        int r = 0;
        try
        {
            while (l < leftSize || r < rightSize)
            {
                final long key;
                if (r >= rightSize || (l < leftSize && left.key(l) < right.key(r)))
                {
                    key = left.key(l);
                }
                else
                {
                    key = right.key(r);
                }
                if (l < leftSize && left.key(l) == key)
                {
                    final int end = left.runEnd(l);
                    leftValues.wrap(left, l, end);
                    l = end;
                }
                else
                {
                    leftValues.wrapEmpty();
                }
                if (r < rightSize && right.key(r) == key)
                {
                    final int end = right.runEnd(r);
                    rightValues.wrap(right, r, end);
                    r = end;
                }
                else
                {
                    rightValues.wrapEmpty();
                }
                consumer.accept(key, leftValues, rightValues);
            }
        }
        finally
        {
            leftValues.wrapEmpty();
            rightValues.wrapEmpty();
        }
    }
}
