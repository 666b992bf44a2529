package dev.rill.operators.window;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.UnsafeApi;

import dev.rill.operators.state.LongKeyedState;

import java.util.function.LongBinaryOperator;

/**
 * The dense-key path of {@link KeyedSumCountWindow}: while every key seen is a small non-negative number (symbol ids
 * {@code 0..K-1}), the open pane's and the window's sum and count live in off-heap arrays indexed by the key, so a
 * value costs one range check and two unchecked updates instead of a hash probe, and a pane close, merge, subtract or
 * emit visits only the keys it holds (lists of touched keys), not the whole key range.
 *
 * <pre>
 *   region   bytes per key  content (index = key, in [0, capacity))
 *   pane     16             long sum | long count of the open pane; both 0 when the key has no value in it
 *   window   16             long sum | long count of the window; meaningful only while the key is a member
 *   member   1              1 if the key is in the window, else 0
 *   touched  4              int keys with a value in the open pane, in order of their first value
 *   members  4              int keys in the window, in order of entry: the emit order
 * </pre>
 *
 * <p>Capacity is a power of two covering the largest key seen. It grows (realloc, new part zeroed) up to
 * {@link #FREE_CAPACITY} keys unconditionally, and beyond, up to {@link #MAX_CAPACITY}, only while at least one key in
 * {@link #MIN_DENSITY} of the new capacity is held, so that a few large keys cannot take 41 bytes per unused key;
 * {@link #grow} refuses anything else and the window moves to its hash maps ({@link #drainInto}). Before the first
 * pane closes, the keys held say nothing yet (keys spread evenly over {@code [0, 100,000)} put a key above 65,536 in
 * the first few values), so growth there is checked only against {@link #MAX_CAPACITY}, and the density is checked
 * when that pane closes instead ({@link #isSparse()}): up to 41 MiB for the length of one pane.
 *
 * <p>Memory is taken with {@code malloc} through Agrona's {@link UnsafeApi} and accessed without bounds checks:
 * every access is to a key below {@code capacity}, checked on entry ({@link #add}) or validated when an image is read.
 * Single writer, not thread-safe; allocates nothing on the heap after construction.
 */
final class DenseKeyPanes implements AutoCloseable
{
    /** Keys are dense below this bound (41 MiB of arrays at full capacity). */
    static final int MAX_CAPACITY = 1 << 20;
    /** Capacity reached without a density condition (2.6 MiB of arrays). */
    static final int FREE_CAPACITY = 1 << 16;
    /** Above {@link #FREE_CAPACITY}, the capacity is at most this many times the keys held. */
    static final int MIN_DENSITY = 16;
    static final int MIN_CAPACITY = 64;

    /** Members whose window entries {@link #emit} reads together before it hands them on. */
    static final int EMIT_CHUNK = 64;
    private static final int ENTRY_LENGTH = 2 * Long.BYTES;
    private static final int COUNT_OFFSET = Long.BYTES;
    /** Image entry: int key | long sum | long count. */
    private static final int IMAGE_ENTRY_LENGTH = Integer.BYTES + 2 * Long.BYTES;

    private int capacity;
    private long paneAddress;
    private long windowAddress;
    private long memberAddress;
    private long touchedAddress;
    private long membersAddress;
    private int touchedCount;
    private int memberCount;
    /** {@link #emit}'s chunk of members read ahead: key, window sum, window count. */
    private final int[] chunkKeys = new int[EMIT_CHUNK];
    private final long[] chunkSums = new long[EMIT_CHUNK];
    private final long[] chunkCounts = new long[EMIT_CHUNK];

    /** @param expectedKeys keys to size the arrays for; they grow beyond. */
    DenseKeyPanes(final int expectedKeys)
    {
        allocate(initialCapacity(expectedKeys));
    }

    /** @return keys covered, 0 once {@link #close closed} (then {@link #add} refuses every key). */
    int capacity()
    {
        return capacity;
    }

    /** @return keys with a value in the open pane. */
    int touchedCount()
    {
        return touchedCount;
    }

    /** @return keys in the window. */
    int memberCount()
    {
        return memberCount;
    }

    long offHeapBytes()
    {
        return bytesFor(capacity);
    }

    /**
     * Adds a value for the key to the open pane if the key is covered.
     *
     * @param reduce the reduce function, or null for a wrapping sum.
     * @return false, changing nothing, if the key is not in {@code [0, capacity)}.
     */
    boolean add(final long key, final long value, final LongBinaryOperator reduce)
    {
        if (key < 0 || key >= capacity)
        {
            return false;
        }
        final long address = paneAddress + key * ENTRY_LENGTH;
        final long count = UnsafeApi.getLong(address + COUNT_OFFSET);
        final long sum = UnsafeApi.getLong(address);
        if (count == 0)
        {
            UnsafeApi.putInt(touchedAddress + (long)touchedCount * Integer.BYTES, (int)key);
            touchedCount++;
        }
        UnsafeApi.putLong(address, null == reduce ? sum + value : count == 0 ? value : reduce.applyAsLong(sum, value));
        UnsafeApi.putLong(address + COUNT_OFFSET, count + 1);
        return true;
    }

    /**
     * Grows the arrays to cover the key, if it may be dense.
     *
     * @param key        the key.
     * @param firstPane  true while no pane has closed: the density is not checked (see the class comment).
     * @return whether the key is now covered; false if it is negative, at least {@link #MAX_CAPACITY}, or (after the
     * first pane) would take the capacity above {@link #FREE_CAPACITY} with fewer than one key held per
     * {@link #MIN_DENSITY}.
     */
    boolean grow(final long key, final boolean firstPane)
    {
        if (key < 0 || key >= MAX_CAPACITY || capacity == 0)
        {
            return false;
        }
        if (key < capacity)
        {
            return true;
        }
        final int newCapacity = Integer.highestOneBit((int)key) << 1;
        if (!firstPane && newCapacity > FREE_CAPACITY && newCapacity / MIN_DENSITY > touchedCount + memberCount)
        {
            return false;
        }
        paneAddress = enlarge(paneAddress, ENTRY_LENGTH, newCapacity, true);
        windowAddress = enlarge(windowAddress, ENTRY_LENGTH, newCapacity, false);
        memberAddress = enlarge(memberAddress, 1, newCapacity, true);
        touchedAddress = enlarge(touchedAddress, Integer.BYTES, newCapacity, false);
        membersAddress = enlarge(membersAddress, Integer.BYTES, newCapacity, false);
        capacity = newCapacity;
        return true;
    }

    /**
     * Closes the open pane: adds each touched key's pane sum and count to the window (a key new to the window takes
     * them as they are; with a reduce function a member becomes {@code reduce(windowSum, paneSum)}), appends
     * {@code (key, sum, count)} to the log, and empties the pane. Keys are visited in order of their first value.
     */
    void mergeOpenPane(final PaneLog log, final LongBinaryOperator reduce)
    {
        final long paneAddress = this.paneAddress;
        final long windowAddress = this.windowAddress;
        final long memberAddress = this.memberAddress;
        final long touchedAddress = this.touchedAddress;
        int memberCount = this.memberCount;
        for (int i = 0, n = touchedCount; i < n; i++)
        {
            final int key = UnsafeApi.getInt(touchedAddress + (long)i * Integer.BYTES);
            final long pane = paneAddress + (long)key * ENTRY_LENGTH;
            final long sum = UnsafeApi.getLong(pane);
            final long count = UnsafeApi.getLong(pane + COUNT_OFFSET);
            final long window = windowAddress + (long)key * ENTRY_LENGTH;
            if (UnsafeApi.getByte(memberAddress + key) == 0)
            {
                UnsafeApi.putByte(memberAddress + key, (byte)1);
                UnsafeApi.putInt(membersAddress + (long)memberCount * Integer.BYTES, key);
                memberCount++;
                UnsafeApi.putLong(window, sum);
                UnsafeApi.putLong(window + COUNT_OFFSET, count);
            }
            else
            {
                final long windowSum = UnsafeApi.getLong(window);
                UnsafeApi.putLong(window, null == reduce ? windowSum + sum : reduce.applyAsLong(windowSum, sum));
                UnsafeApi.putLong(window + COUNT_OFFSET, UnsafeApi.getLong(window + COUNT_OFFSET) + count);
            }
            log.append3(key, sum, count);
            UnsafeApi.putLong(pane, 0);
            UnsafeApi.putLong(pane + COUNT_OFFSET, 0);
        }
        this.memberCount = memberCount;
        touchedCount = 0;
    }

    /**
     * Takes the log's records before {@code end} (an expired pane) out of the window: a member's count drops by the
     * record's count and its sum by the record's sum (or becomes {@code inverse(windowSum, sum)}); records of keys no
     * longer in the window are ignored. Every key in the log must be below the capacity.
     */
    void subtract(final PaneLog log, final long end, final LongBinaryOperator inverse)
    {
        final long windowAddress = this.windowAddress;
        final long memberAddress = this.memberAddress;
        for (long position = log.head(); position < end; position++)
        {
            final long key = log.get(position, 0);
            if (UnsafeApi.getByte(memberAddress + key) != 0)
            {
                final long window = windowAddress + key * ENTRY_LENGTH;
                final long sum = log.get(position, 1);
                final long windowSum = UnsafeApi.getLong(window);
                UnsafeApi.putLong(window, null == inverse ? windowSum - sum : inverse.applyAsLong(windowSum, sum));
                UnsafeApi.putLong(window + COUNT_OFFSET, UnsafeApi.getLong(window + COUNT_OFFSET) -
                    log.get(position, 2));
            }
        }
        log.advanceHead(end);
    }

    /**
     * Emits every member in order of entry, except those the filter drops, which leave the window (the others keep
     * their order). If the consumer throws, the members not yet visited stay, in order.
     *
     * @param filter null to keep every key.
     */
    void emit(final KeySumCountConsumer consumer, final KeySumCountFilter filter)
    {
        final long windowAddress = this.windowAddress;
        final long memberAddress = this.memberAddress;
        final long membersAddress = this.membersAddress;
        final int n = memberCount;
        final int[] keys = chunkKeys;
        final long[] sums = chunkSums;
        final long[] counts = chunkCounts;
        int kept = 0;
        int i = 0;
        try
        {
            while (i < n)
            {
                // Members are in the order the keys entered the window, so their entries lie anywhere in it: read a
                // chunk of them with nothing in between, so that their cache misses overlap (the consumer's work
                // between two reads would keep them one after the other), then hand them on in the same order.
                final int first = i;
                final int chunk = Math.min(EMIT_CHUNK, n - i);
                for (int j = 0; j < chunk; j++)
                {
                    final int key = UnsafeApi.getInt(membersAddress + (long)(first + j) * Integer.BYTES);
                    final long window = windowAddress + (long)key * ENTRY_LENGTH;
                    keys[j] = key;
                    sums[j] = UnsafeApi.getLong(window);
                    counts[j] = UnsafeApi.getLong(window + COUNT_OFFSET);
                }
                for (int j = 0; j < chunk; j++)
                {
                    final int key = keys[j];
                    final long sum = sums[j];
                    final long count = counts[j];
                    i++;
                    if (null != filter && !filter.keep(key, sum, count))
                    {
                        UnsafeApi.putByte(memberAddress + key, (byte)0);
                    }
                    else
                    {
                        UnsafeApi.putInt(membersAddress + (long)kept * Integer.BYTES, key);
                        kept++;
                        consumer.accept(key, sum, count);
                    }
                }
            }
        }
        finally
        {
            // normally i == n here; after an exception, close the gap left by dropped keys
            for (; i < n; i++, kept++)
            {
                UnsafeApi.putInt(membersAddress + (long)kept * Integer.BYTES,
                    UnsafeApi.getInt(membersAddress + (long)i * Integer.BYTES));
            }
            memberCount = kept;
        }
    }

    /**
     * Inserts the open pane's keys into {@code pane} in order of their first value and the window's members into
     * {@code window} in emit order, each with its sum (field 0) and count (field 1); then frees the arrays, as
     * {@link #close()}.
     */
    void drainInto(final LongKeyedState pane, final LongKeyedState window)
    {
        for (int i = 0; i < touchedCount; i++)
        {
            final int key = UnsafeApi.getInt(touchedAddress + (long)i * Integer.BYTES);
            copy(paneAddress + (long)key * ENTRY_LENGTH, key, pane);
        }
        for (int i = 0; i < memberCount; i++)
        {
            final int key = UnsafeApi.getInt(membersAddress + (long)i * Integer.BYTES);
            copy(windowAddress + (long)key * ENTRY_LENGTH, key, window);
        }
        close();
    }

    /**
     * Writes {@code int capacity | int touchedCount | touched entries | int memberCount | member entries}, an entry
     * being {@code int key | long sum | long count}, touched keys in order of first value and members in emit order.
     *
     * @return the offset after.
     */
    int writeTo(final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putInt(offset, capacity);
        int at = writeEntries(buffer, offset + Integer.BYTES, touchedAddress, touchedCount, paneAddress);
        return writeEntries(buffer, at, membersAddress, memberCount, windowAddress);
    }

    /**
     * Replaces the content (and capacity) with what {@link #writeTo} wrote; also reopens arrays freed by
     * {@link #close}.
     *
     * @return the offset after.
     * @throws IllegalArgumentException if the image is inconsistent (capacity, counts, a key out of range or twice).
     */
    int readFrom(final DirectBuffer buffer, final int offset)
    {
        final int imageCapacity = buffer.getInt(offset);
        if (imageCapacity < MIN_CAPACITY || imageCapacity > MAX_CAPACITY || Integer.bitCount(imageCapacity) != 1)
        {
            throw new IllegalArgumentException("dense window state: bad capacity " + imageCapacity);
        }
        close();
        allocate(imageCapacity);
        int at = offset + Integer.BYTES;
        final int touched = readCount(buffer, at, "touched");
        at += Integer.BYTES;
        for (int i = 0; i < touched; i++, at += IMAGE_ENTRY_LENGTH)
        {
            final int key = readKey(buffer, at);
            final long pane = paneAddress + (long)key * ENTRY_LENGTH;
            final long count = buffer.getLong(at + Integer.BYTES + Long.BYTES);
            if (UnsafeApi.getLong(pane + COUNT_OFFSET) != 0 || count == 0)
            {
                throw new IllegalArgumentException("dense window state: open pane key " + key + " twice or count 0");
            }
            UnsafeApi.putLong(pane, buffer.getLong(at + Integer.BYTES));
            UnsafeApi.putLong(pane + COUNT_OFFSET, count);
            UnsafeApi.putInt(touchedAddress + (long)i * Integer.BYTES, key);
        }
        touchedCount = touched;
        final int members = readCount(buffer, at, "member");
        at += Integer.BYTES;
        for (int i = 0; i < members; i++, at += IMAGE_ENTRY_LENGTH)
        {
            final int key = readKey(buffer, at);
            if (UnsafeApi.getByte(memberAddress + key) != 0)
            {
                throw new IllegalArgumentException("dense window state: window key " + key + " twice");
            }
            UnsafeApi.putByte(memberAddress + key, (byte)1);
            final long window = windowAddress + (long)key * ENTRY_LENGTH;
            UnsafeApi.putLong(window, buffer.getLong(at + Integer.BYTES));
            UnsafeApi.putLong(window + COUNT_OFFSET, buffer.getLong(at + Integer.BYTES + Long.BYTES));
            UnsafeApi.putInt(membersAddress + (long)i * Integer.BYTES, key);
        }
        memberCount = members;
        return at;
    }

    /**
     * @return true if the capacity is above {@link #FREE_CAPACITY} with fewer than one key held per
     * {@link #MIN_DENSITY}: the arrays grew in the first pane for keys the window does not hold densely.
     */
    boolean isSparse()
    {
        return capacity > FREE_CAPACITY && capacity / MIN_DENSITY > touchedCount + memberCount;
    }

    /** Frees the arrays; {@link #capacity()} becomes 0, so {@link #add} and {@link #grow} refuse every key. */
    @Override
    public void close()
    {
        if (capacity != 0)
        {
            UnsafeApi.freeMemory(paneAddress);
            UnsafeApi.freeMemory(windowAddress);
            UnsafeApi.freeMemory(memberAddress);
            UnsafeApi.freeMemory(touchedAddress);
            UnsafeApi.freeMemory(membersAddress);
            paneAddress = 0;
            windowAddress = 0;
            memberAddress = 0;
            touchedAddress = 0;
            membersAddress = 0;
            capacity = 0;
            touchedCount = 0;
            memberCount = 0;
        }
    }

    static int initialCapacity(final int expectedKeys)
    {
        final int keys = Math.min(FREE_CAPACITY, Math.max(MIN_CAPACITY, expectedKeys));
        return Integer.highestOneBit(keys - 1) << 1;
    }

    private static long bytesFor(final int capacity)
    {
        return (long)capacity * (2 * ENTRY_LENGTH + 1 + 2 * Integer.BYTES);
    }

    private void allocate(final int capacity)
    {
        paneAddress = allocateZeroed((long)capacity * ENTRY_LENGTH);
        windowAddress = allocateZeroed((long)capacity * ENTRY_LENGTH);
        memberAddress = allocateZeroed(capacity);
        touchedAddress = allocateZeroed((long)capacity * Integer.BYTES);
        membersAddress = allocateZeroed((long)capacity * Integer.BYTES);
        this.capacity = capacity;
    }

    private static long allocateZeroed(final long bytes)
    {
        final long address = UnsafeApi.allocateMemory(bytes);
        UnsafeApi.setMemory(address, bytes, (byte)0);
        return address;
    }

    /** Reallocates a region of {@code capacity} entries to {@code newCapacity}, zeroing the new part if asked. */
    private long enlarge(final long address, final int entryLength, final int newCapacity, final boolean isZeroed)
    {
        final long oldBytes = (long)capacity * entryLength;
        final long newBytes = (long)newCapacity * entryLength;
        final long newAddress = UnsafeApi.reallocateMemory(address, newBytes);
        if (isZeroed)
        {
            UnsafeApi.setMemory(newAddress + oldBytes, newBytes - oldBytes, (byte)0);
        }
        return newAddress;
    }

    private static void copy(final long entry, final int key, final LongKeyedState map)
    {
        final int slot = map.getOrInsert(key);
        map.putLong(slot, 0, UnsafeApi.getLong(entry));
        map.putLong(slot, 1, UnsafeApi.getLong(entry + COUNT_OFFSET));
    }

    private static int writeEntries(final MutableDirectBuffer buffer, final int offset, final long keysAddress,
        final int count, final long entriesAddress)
    {
        buffer.putInt(offset, count);
        int at = offset + Integer.BYTES;
        for (int i = 0; i < count; i++, at += IMAGE_ENTRY_LENGTH)
        {
            final int key = UnsafeApi.getInt(keysAddress + (long)i * Integer.BYTES);
            final long entry = entriesAddress + (long)key * ENTRY_LENGTH;
            buffer.putInt(at, key);
            buffer.putLong(at + Integer.BYTES, UnsafeApi.getLong(entry));
            buffer.putLong(at + Integer.BYTES + Long.BYTES, UnsafeApi.getLong(entry + COUNT_OFFSET));
        }
        return at;
    }

    private int readCount(final DirectBuffer buffer, final int offset, final String what)
    {
        final int count = buffer.getInt(offset);
        if (count < 0 || count > capacity)
        {
            throw new IllegalArgumentException("dense window state: " + count + " " + what + " keys for capacity " +
                capacity);
        }
        return count;
    }

    private int readKey(final DirectBuffer buffer, final int offset)
    {
        final int key = buffer.getInt(offset);
        if (key < 0 || key >= capacity)
        {
            throw new IllegalArgumentException("dense window state: key " + key + " outside [0, " + capacity + ")");
        }
        return key;
    }
}
