package dev.rill.operators.keyed;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import dev.rill.operators.state.Checkpointable;
import dev.rill.operators.state.ImageHeader;
/**
 * Spark's {@code join}, {@code leftOuterJoin}, {@code rightOuterJoin} and {@code fullOuterJoin} of two streams per
 * batch, for {@code long} keys and values, chosen by {@link JoinType}. Per key, as Spark's {@code PairRDDFunctions}
 * (a {@code cogroup} then, per key): every left value with every right value, left value in the outer loop; for an
 * outer side, each value of a key missing on the other side with that side absent.
 *
 * <p>Example; left {@code (a,1) (a,2) (b,3)}, right {@code (a,9) (c,8)} in one batch; {@code -} marks an absent side:
 * <pre>
 *   INNER        -&gt; (a,1,9) (a,2,9)
 *   LEFT_OUTER   -&gt; (a,1,9) (a,2,9) (b,3,-)
 *   RIGHT_OUTER  -&gt; (a,1,9) (a,2,9) (c,-,8)
 *   FULL_OUTER   -&gt; (a,1,9) (a,2,9) (b,3,-) (c,-,8)
 *   next batch: left (b,4), right nothing: INNER -&gt; (nothing); LEFT_OUTER -&gt; (b,4,-)    nothing kept across batches
 * </pre>
 *
 * <p>Cost per batch: sorting each side, O(n log n) (stable merge sort off-heap), one merge pass, and the output
 * itself, which is the product of a key's left and right value counts (a key with 1,000 values on each side emits a
 * million pairs, as in Spark). Keys come out in ascending signed order; values in arrival order. Memory: 32 off-heap
 * bytes per buffered pair per side, kept between batches. Both sides must be fed the same batches.
 *
 * <p><b>Single writer, not thread-safe. Zero allocation</b> per pair, key and batch once the buffers have grown.
 */
public final class BatchJoin implements AutoCloseable, Checkpointable
{
    private final JoinType type;
    private final PairBuffer left;
    private final PairBuffer right;
    private final LongValues leftValues = new LongValues();
    private final LongValues rightValues = new LongValues();
    private final CogroupConsumer joinKey = this::joinKey;
    private JoinConsumer target;

    /**
     * @param type          inner, left, right or full outer.
     * @param expectedPairs records per batch and side to size the buffers for; they grow beyond.
     */
    public BatchJoin(final JoinType type, final int expectedPairs)
    {
        if (null == type)
        {
            throw new NullPointerException("type");
        }
        this.type = type;
        this.left = new PairBuffer(expectedPairs);
        this.right = new PairBuffer(expectedPairs);
    }

    public JoinType type()
    {
        return type;
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
     * Ends the batch: emits the joined pairs of the batch, then forgets both sides.
     *
     * @param consumer receives each joined pair; not retained.
     */
    public void endBatch(final JoinConsumer consumer)
    {
        target = consumer;
        try
        {
            Cogroup.merge(left, right, leftValues, rightValues, joinKey);
        }
        finally
        {
            target = null;
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
     * {@code ImageHeader("join", IMAGE_VERSION) | int join type (ordinal) | left pairs | right pairs} (each {@code int n | (long key, long value) * n}, in arrival order}.
     */
    @Override
    public int writeTo(final MutableDirectBuffer buffer, final int offset)
    {
        final int at = ImageHeader.write(buffer, offset, "join", IMAGE_VERSION);
        buffer.putInt(at, type.ordinal());
        return right.writeTo(buffer, left.writeTo(buffer, at + Integer.BYTES));
    }

    @Override
    public int readFrom(final DirectBuffer buffer, final int offset)
    {
        final int at = ImageHeader.check(buffer, offset, "join", IMAGE_VERSION);
        final int imageType = buffer.getInt(at);
        if (imageType != type.ordinal())
        {
            final JoinType[] types = JoinType.values();
            throw new IllegalArgumentException("state image of a " + (imageType >= 0 && imageType < types.length ?
                types[imageType] : "type " + imageType) + " join cannot be read by a " + type + " join");
        }
        return right.readFrom(buffer, left.readFrom(buffer, at + Integer.BYTES));
    }

    @Override
    public void close()
    {
        left.close();
        right.close();
    }

    private void joinKey(final long key, final LongValues lefts, final LongValues rights)
    {
        final JoinConsumer target = this.target;
        final int leftCount = lefts.size();
        final int rightCount = rights.size();
        if (leftCount == 0)
        {
            if (type == JoinType.RIGHT_OUTER || type == JoinType.FULL_OUTER)
            {
                for (int j = 0; j < rightCount; j++)
                {
                    target.accept(key, 0, false, rights.get(j), true);
                }
            }
        }
        else if (rightCount == 0)
        {
            if (type == JoinType.LEFT_OUTER || type == JoinType.FULL_OUTER)
            {
                for (int i = 0; i < leftCount; i++)
                {
                    target.accept(key, lefts.get(i), true, 0, false);
                }
            }
        }
        else
        {
            for (int i = 0; i < leftCount; i++)
            {
                final long leftValue = lefts.get(i);
                for (int j = 0; j < rightCount; j++)
                {
                    target.accept(key, leftValue, true, rights.get(j), true);
                }
            }
        }
    }
}
