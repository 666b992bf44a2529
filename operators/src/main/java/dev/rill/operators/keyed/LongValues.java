package dev.rill.operators.keyed;

/**
 * The values of one key in one batch, in arrival order: a flyweight over an operator's off-heap pair buffer, the
 * primitive stand-in for Spark's {@code Iterable[V]} / {@code Seq[V]}.
 *
 * <p><b>Valid only during the callback that receives it</b>: the operator reuses one instance per input for every
 * key and every batch (that is what keeps the hot path allocation-free). Copy the values out to keep them.
 */
public final class LongValues
{
    private PairBuffer pairs;
    private int start;
    private int size;

    LongValues()
    {
    }

    void wrap(final PairBuffer pairs, final int start, final int end)
    {
        this.pairs = pairs;
        this.start = start;
        this.size = end - start;
    }

    void wrapEmpty()
    {
        this.pairs = null;
        this.start = 0;
        this.size = 0;
    }

    /** @return number of values; 0 when the key had none in this batch (or on this side of a cogroup). */
    public int size()
    {
        return size;
    }

    public boolean isEmpty()
    {
        return size == 0;
    }

    /**
     * @param index in {@code [0, size())}, in arrival order.
     * @return the value.
     */
    public long get(final int index)
    {
        if (index < 0 || index >= size)
        {
            throw new IndexOutOfBoundsException("index " + index + " out of range [0, " + size + ")");
        }
        return pairs.value(start + index);
    }

    /** @return the wrapping {@code long} sum of the values, 0 if empty. */
    public long sum()
    {
        long sum = 0;
        for (int i = 0; i < size; i++)
        {
            sum += pairs.value(start + i);
        }
        return sum;
    }
}
