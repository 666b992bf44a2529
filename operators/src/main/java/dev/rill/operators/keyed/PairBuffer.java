package dev.rill.operators.keyed;

import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Off-heap growable array of {@code (key, value)} pairs with a stable sort by key: the per-batch scratch of the
 * operators that need every value of a key ({@code groupByKey}, {@code cogroup}, joins, {@code updateStateByKey}).
 *
 * <pre>
 *   pair i (16 bytes, at 16 * i):
 *   +-----------+-----------+
 *   | key       | value     |
 *   +-----------+-----------+
 * </pre>
 *
 * <p>Two malloc'd areas of equal capacity (via Agrona's {@link UnsafeApi}): the pairs and the scratch a bottom-up
 * merge sort writes into, so a sort costs O(n log n) and allocates nothing; 32 off-heap bytes per pair of capacity.
 * Capacity doubles when full (realloc) and is kept across {@link #clear()}, so once a buffer has grown to the largest
 * batch nothing is allocated per batch. Single writer, not thread-safe.
 */
final class PairBuffer implements AutoCloseable
{
    static final int PAIR_LENGTH = 2 * Long.BYTES;
    /** One {@link UnsafeBuffer} addresses at most {@code Integer.MAX_VALUE} bytes. */
    static final int MAX_CAPACITY = Integer.MAX_VALUE / PAIR_LENGTH;

    private final UnsafeBuffer pairs = new UnsafeBuffer(new byte[0]);
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[0]);
    private long pairsAddress;
    private long scratchAddress;
    private int capacity;
    private int size;
    private boolean isClosed;

    PairBuffer(final int initialCapacity)
    {
        final int wanted = Math.max(16, initialCapacity);
        if (wanted > MAX_CAPACITY)
        {
            throw new IllegalArgumentException("initial capacity " + initialCapacity + " above maximum " + MAX_CAPACITY);
        }
        pairsAddress = UnsafeApi.allocateMemory((long)wanted * PAIR_LENGTH);
        scratchAddress = UnsafeApi.allocateMemory((long)wanted * PAIR_LENGTH);
        capacity = wanted;
        pairs.wrap(pairsAddress, wanted * PAIR_LENGTH);
        scratch.wrap(scratchAddress, wanted * PAIR_LENGTH);
    }

    void append(final long key, final long value)
    {
        if (size == capacity)
        {
            grow();
        }
        final int offset = size * PAIR_LENGTH;
        pairs.putLong(offset, key);
        pairs.putLong(offset + Long.BYTES, value);
        size++;
    }

    int size()
    {
        return size;
    }

    long key(final int index)
    {
        return pairs.getLong(index * PAIR_LENGTH);
    }

    long value(final int index)
    {
        return pairs.getLong(index * PAIR_LENGTH + Long.BYTES);
    }

    /** @return the end (exclusive) of the run of equal keys starting at {@code start}; only after {@link #sort()}. */
    int runEnd(final int start)
    {
        final long key = key(start);
        int end = start + 1;
        while (end < size && key(end) == key)
        {
            end++;
        }
        return end;
    }

    /**
     * Sorts by key (signed order), stable: the values of a key keep their arrival order, as in Spark's single-partition
     * {@code groupByKey}. O(n log n), O(n) if already sorted; allocates nothing.
     */
    void sort()
    {
        final int n = size;
        if (isSorted())
        {
            return;
        }
        UnsafeBuffer src = pairs;
        UnsafeBuffer dst = scratch;
        for (int width = 1; width < n; width <<= 1)
        {
            for (int lo = 0; lo < n; lo += width << 1)
            {
                final int mid = Math.min(lo + width, n);
                final int hi = Math.min(lo + (width << 1), n);
                merge(src, dst, lo, mid, hi);
            }
            final UnsafeBuffer t = src;
            src = dst;
            dst = t;
        }
        if (src != pairs)
        {
            // The sorted pairs are in the scratch area: swap the two areas rather than copy.
            final long address = pairsAddress;
            pairsAddress = scratchAddress;
            scratchAddress = address;
            pairs.wrap(pairsAddress, capacity * PAIR_LENGTH);
            scratch.wrap(scratchAddress, capacity * PAIR_LENGTH);
        }
    }

    void clear()
    {
        size = 0;
    }

    /**
     * Writes the pairs, in their current order, for a checkpoint: {@code int size | (long key, long value) * size}.
     *
     * @return the offset after them.
     */
    int writeTo(final org.agrona.MutableDirectBuffer buffer, final int offset)
    {
        buffer.putInt(offset, size);
        final int bytes = size * PAIR_LENGTH;
        buffer.putBytes(offset + Integer.BYTES, pairs, 0, bytes);
        return offset + Integer.BYTES + bytes;
    }

    /**
     * Replaces the pairs with what {@link #writeTo} wrote.
     *
     * @return the offset after them.
     * @throws IllegalArgumentException if the size is negative or beyond the image.
     */
    int readFrom(final org.agrona.DirectBuffer buffer, final int offset)
    {
        final int count = buffer.getInt(offset);
        if (count < 0 || (long)count * PAIR_LENGTH > buffer.capacity() - offset - Integer.BYTES)
        {
            throw new IllegalArgumentException("pair buffer image: bad size " + count + " at offset " + offset);
        }
        clear();
        int at = offset + Integer.BYTES;
        for (int i = 0; i < count; i++)
        {
            append(buffer.getLong(at), buffer.getLong(at + Long.BYTES));
            at += PAIR_LENGTH;
        }
        return at;
    }

    long offHeapBytes()
    {
        return isClosed ? 0 : 2L * capacity * PAIR_LENGTH;
    }

    @Override
    public void close()
    {
        if (!isClosed)
        {
            isClosed = true;
            UnsafeApi.freeMemory(pairsAddress);
            UnsafeApi.freeMemory(scratchAddress);
            // Stale accesses now fail a bounds check instead of reading freed memory.
            pairs.wrap(new byte[0]);
            scratch.wrap(new byte[0]);
            capacity = 0;
            size = 0;
        }
    }

    private boolean isSorted()
    {
        for (int i = 1; i < size; i++)
        {
            if (key(i - 1) > key(i))
            {
                return false;
            }
        }
        return true;
    }

    private static void merge(final UnsafeBuffer src, final UnsafeBuffer dst, final int lo, final int mid, final int hi)
    {
        int i = lo;
        int j = mid;
        for (int k = lo; k < hi; k++)
        {
            final int from;
            // Take from the left run on equal keys: that is what makes the sort stable.
            if (i < mid && (j >= hi || src.getLong(i * PAIR_LENGTH) <= src.getLong(j * PAIR_LENGTH)))
            {
                from = i++;
            }
            else
            {
                from = j++;
            }
            dst.putLong(k * PAIR_LENGTH, src.getLong(from * PAIR_LENGTH));
            dst.putLong(k * PAIR_LENGTH + Long.BYTES, src.getLong(from * PAIR_LENGTH + Long.BYTES));
        }
    }

    private void grow()
    {
        if (isClosed)
        {
            throw new IllegalStateException("pair buffer is closed");
        }
        if (capacity == MAX_CAPACITY)
        {
            throw new IllegalStateException("pair buffer full: " + size + " pairs in one batch, maximum " + MAX_CAPACITY);
        }
        final int newCapacity = (int)Math.min((long)capacity * 2, MAX_CAPACITY);
        final long bytes = (long)newCapacity * PAIR_LENGTH;
        pairsAddress = UnsafeApi.reallocateMemory(pairsAddress, bytes);
        // The scratch holds nothing between sorts: free and allocate rather than copy.
        UnsafeApi.freeMemory(scratchAddress);
        scratchAddress = UnsafeApi.allocateMemory(bytes);
        capacity = newCapacity;
        pairs.wrap(pairsAddress, (int)bytes);
        scratch.wrap(scratchAddress, (int)bytes);
    }
}
