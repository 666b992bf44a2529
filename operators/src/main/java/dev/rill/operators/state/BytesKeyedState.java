package dev.rill.operators.state;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Off-heap hash map from a byte-string key (a symbol, a word) of up to {@link #maxKeyLength()} bytes to a fixed
 * number of {@code long} fields. Key bytes live off-heap in the table, in a fixed-width area of every entry; a
 * lookup takes the key as a range of any {@link DirectBuffer}, so probing allocates nothing.
 *
 * <pre>
 *   entry (valuesOffset + 8 * fieldCount bytes), valuesOffset = align(12 + maxKeyLength, 8):
 *   +-------------+----------------+---------------------------+-----+---------+-----+----------------------+
 *   | hash (8)    | key length (4) | key bytes (maxKeyLength)  | pad | field 0 | ... | field fieldCount - 1 |
 *   +-------------+----------------+---------------------------+-----+---------+-----+----------------------+
 * </pre>
 *
 * <p>Each entry reserves {@code maxKeyLength} bytes whatever its key's length, so choose the maximum close to the
 * real longest key (symbols: 16 or 32; words: 64). The stored 64-bit hash is compared before the bytes, so a probe
 * rarely touches key bytes of other keys. Keys longer than the maximum are rejected by {@link #getOrInsert} with an
 * {@link IllegalArgumentException} naming both lengths; {@link #find} and {@link #remove} report them absent, since
 * such a key cannot be present. The empty key is a valid key.
 *
 * <p>Table, growth, slots and memory behave as in {@link LongKeyedState}: linear probing, backward-shift deletion,
 * incremental growth, a slot valid until the next {@link #getOrInsert}, {@link #remove} or {@link #clear}.
 *
 * <p><b>Single writer, not thread-safe. Zero allocation</b> on get, insert, update, remove and iteration.
 */
public final class BytesKeyedState implements AutoCloseable
{
    /** Largest {@link #maxKeyLength()} accepted by the constructor. */
    public static final int MAX_KEY_LENGTH_LIMIT = 4096;

    private static final int KEY_LENGTH_OFFSET = OffHeapTable.WORD_LENGTH;
    private static final int KEY_OFFSET = KEY_LENGTH_OFFSET + Integer.BYTES;
    /** Replaces a hash of 0, which marks a free position in the table. */
    private static final long ZERO_HASH_REPLACEMENT = 0x9E3779B97F4A7C15L;

    private final int maxKeyLength;
    private final int fieldCount;
    private final int valuesOffset;
    private final OffHeapTable table;
    private final ProbeKey probeKey = new ProbeKey();
    /** All ones except in tests, which narrow the hash to force collisions and exercise the byte comparison. */
    private final long hashMask;

    /**
     * @param maxKeyLength bytes of the longest key, in [1, {@link #MAX_KEY_LENGTH_LIMIT}].
     * @param fieldCount   long fields per key, at least 1.
     * @param expectedKeys keys the map holds without growing.
     */
    public BytesKeyedState(final int maxKeyLength, final int fieldCount, final int expectedKeys)
    {
        this(maxKeyLength, fieldCount, expectedKeys, Long.MAX_VALUE);
    }

    /**
     * @param maxKeyLength    bytes of the longest key, in [1, {@link #MAX_KEY_LENGTH_LIMIT}].
     * @param fieldCount      long fields per key, at least 1.
     * @param expectedKeys    keys the map holds without growing.
     * @param maxOffHeapBytes limit on the map's off-heap memory (growth included); an insert that needs more fails
     *                        with {@link IllegalStateException} and leaves the map unchanged.
     */
    public BytesKeyedState(final int maxKeyLength, final int fieldCount, final int expectedKeys, final long maxOffHeapBytes)
    {
        this(maxKeyLength, fieldCount, expectedKeys, maxOffHeapBytes, -1L);
    }

    BytesKeyedState(
        final int maxKeyLength, final int fieldCount, final int expectedKeys, final long maxOffHeapBytes,
        final long hashMask)
    {
        if (maxKeyLength < 1 || maxKeyLength > MAX_KEY_LENGTH_LIMIT)
        {
            throw new IllegalArgumentException(
                "max key length must be in [1, " + MAX_KEY_LENGTH_LIMIT + "] bytes: " + maxKeyLength);
        }
        if (fieldCount < 1 || fieldCount > 65_536)
        {
            throw new IllegalArgumentException("field count must be in [1, 65536]: " + fieldCount);
        }
        this.maxKeyLength = maxKeyLength;
        this.hashMask = hashMask;
        this.fieldCount = fieldCount;
        this.valuesOffset = (KEY_OFFSET + maxKeyLength + 7) & ~7;
        this.table = new OffHeapTable(
            "BytesKeyedState", valuesOffset + fieldCount * Long.BYTES, expectedKeys, maxOffHeapBytes);
    }

    public int maxKeyLength()
    {
        return maxKeyLength;
    }

    public int fieldCount()
    {
        return fieldCount;
    }

    /**
     * Finds the key's entry, inserting a copy of the key with all fields 0 if it is absent. May move other entries.
     *
     * @return the entry's slot.
     * @throws IllegalArgumentException if {@code length} exceeds {@link #maxKeyLength()}.
     * @throws IllegalStateException    if the map would exceed its memory limit or maximum capacity; it is unchanged.
     */
    public int getOrInsert(final DirectBuffer key, final int offset, final int length)
    {
        if (length < 0 || length > maxKeyLength)
        {
            throw new IllegalArgumentException(
                "key length " + length + " bytes exceeds the maximum key length " + maxKeyLength + " bytes");
        }
        final long hash = keyHash(key, offset, length);
        final int result = table.getOrInsert(hash, probeKey.set(key, offset, length));
        if (result >= 0)
        {
            return result;
        }
        final int slot = ~result;
        final UnsafeBuffer buffer = table.bufferOf(slot);
        final int entryOffset = table.entryOffset(slot);
        buffer.putInt(entryOffset + KEY_LENGTH_OFFSET, length);
        buffer.putBytes(entryOffset + KEY_OFFSET, key, offset, length);
        return slot;
    }

    /** @return the key's slot, or -1 if absent (always for a key longer than the maximum). Never moves entries. */
    public int find(final DirectBuffer key, final int offset, final int length)
    {
        if (length < 0 || length > maxKeyLength)
        {
            return -1;
        }
        return table.find(keyHash(key, offset, length), probeKey.set(key, offset, length));
    }

    /**
     * Removes the key's entry. May move other entries.
     *
     * @return whether the key was present.
     */
    public boolean remove(final DirectBuffer key, final int offset, final int length)
    {
        if (length < 0 || length > maxKeyLength)
        {
            return false;
        }
        return table.remove(keyHash(key, offset, length), probeKey.set(key, offset, length));
    }

    /** @return bytes of the key of the entry at the slot. */
    public int keyLength(final int slot)
    {
        return table.bufferOf(slot).getInt(table.entryOffset(slot) + KEY_LENGTH_OFFSET);
    }

    /**
     * Copies the key of the entry at the slot into {@code destination}.
     *
     * @return bytes copied.
     */
    public int getKey(final int slot, final MutableDirectBuffer destination, final int destinationOffset)
    {
        final UnsafeBuffer buffer = table.bufferOf(slot);
        final int entryOffset = table.entryOffset(slot);
        final int length = buffer.getInt(entryOffset + KEY_LENGTH_OFFSET);
        destination.putBytes(destinationOffset, buffer, entryOffset + KEY_OFFSET, length);
        return length;
    }

    public long getLong(final int slot, final int field)
    {
        return table.bufferOf(slot).getLong(fieldOffset(slot, field));
    }

    public void putLong(final int slot, final int field, final long value)
    {
        table.bufferOf(slot).putLong(fieldOffset(slot, field), value);
    }

    /**
     * Adds with Java's wrapping {@code long} arithmetic (exact; see {@link LongKeyedState}).
     *
     * @return the field's new value.
     */
    public long addLong(final int slot, final int field, final long delta)
    {
        final UnsafeBuffer buffer = table.bufferOf(slot);
        final int offset = fieldOffset(slot, field);
        final long value = buffer.getLong(offset) + delta;
        buffer.putLong(offset, value);
        return value;
    }

    public double getDouble(final int slot, final int field)
    {
        return Double.longBitsToDouble(getLong(slot, field));
    }

    public void putDouble(final int slot, final int field, final double value)
    {
        putLong(slot, field, Double.doubleToRawLongBits(value));
    }

    /**
     * Calls the consumer once per entry with the key as a range of the table's buffer. The consumer may update
     * fields but not insert, remove or clear (that fails with {@link IllegalStateException}).
     */
    public void forEach(final BytesSlotConsumer consumer)
    {
        final OffHeapTable table = this.table;
        table.beginIteration();
        try
        {
            for (int slot = table.nextSlot(-1); slot >= 0; slot = table.nextSlot(slot))
            {
                final UnsafeBuffer buffer = table.bufferOf(slot);
                final int entryOffset = table.entryOffset(slot);
                consumer.accept(
                    buffer, entryOffset + KEY_OFFSET, buffer.getInt(entryOffset + KEY_LENGTH_OFFSET), slot);
            }
        }
        finally
        {
            table.endIteration();
        }
    }

    public int size()
    {
        return table.size();
    }

    public boolean isEmpty()
    {
        return table.size() == 0;
    }

    /** Removes every key in O(capacity); keeps the current capacity. */
    public void clear()
    {
        table.clear();
    }

    /** @return slots of the current table; the map grows when it holds 70 % of them. */
    public long capacity()
    {
        return table.capacity();
    }

    /** @return off-heap bytes held now: current table, plus the old and next tables around a growth. */
    public long offHeapBytes()
    {
        return table.offHeapBytes();
    }

    /** Frees the off-heap memory. Idempotent. */
    @Override
    public void close()
    {
        table.close();
    }

    /**
     * 64-bit hash of a byte range, 8 bytes per step (native order, since hashes never leave the process), never 0.
     */
    static long hash(final DirectBuffer buffer, final int offset, final int length)
    {
        long h = (length + 1) * 0x9E3779B97F4A7C15L;
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES)
        {
            h = Long.rotateLeft(h ^ (buffer.getLong(offset + i) * 0xC2B2AE3D27D4EB4FL), 31) * 0x9E3779B97F4A7C15L;
        }
        if (i < length)
        {
            long tail = 0;
            for (; i < length; i++)
            {
                tail = (tail << 8) | (buffer.getByte(offset + i) & 0xFF);
            }
            h = Long.rotateLeft(h ^ (tail * 0xC2B2AE3D27D4EB4FL), 31) * 0x9E3779B97F4A7C15L;
        }
        h = OffHeapTable.mix(h);
        return h == OffHeapTable.EMPTY ? ZERO_HASH_REPLACEMENT : h;
    }

    private long keyHash(final DirectBuffer buffer, final int offset, final int length)
    {
        final long h = hash(buffer, offset, length) & hashMask;
        return h == OffHeapTable.EMPTY ? ZERO_HASH_REPLACEMENT : h;
    }

    private int fieldOffset(final int slot, final int field)
    {
        if (field < 0 || field >= fieldCount)
        {
            throw new IndexOutOfBoundsException("field " + field + " out of range [0, " + fieldCount + ")");
        }
        return table.entryOffset(slot) + valuesOffset + field * Long.BYTES;
    }

    /** The probe's key range, set before each lookup: one instance per map, so probing allocates nothing. */
    private static final class ProbeKey implements OffHeapTable.KeyMatcher
    {
        private DirectBuffer buffer;
        private int offset;
        private int length;

        ProbeKey set(final DirectBuffer buffer, final int offset, final int length)
        {
            this.buffer = buffer;
            this.offset = offset;
            this.length = length;
            return this;
        }

        @Override
        public boolean matches(final UnsafeBuffer table, final int entryOffset)
        {
            final int length = this.length;
            if (table.getInt(entryOffset + KEY_LENGTH_OFFSET) != length)
            {
                return false;
            }
            final DirectBuffer buffer = this.buffer;
            final int offset = this.offset;
            final int keyOffset = entryOffset + KEY_OFFSET;
            int i = 0;
            for (; i + Long.BYTES <= length; i += Long.BYTES)
            {
                if (table.getLong(keyOffset + i) != buffer.getLong(offset + i))
                {
                    return false;
                }
            }
            for (; i < length; i++)
            {
                if (table.getByte(keyOffset + i) != buffer.getByte(offset + i))
                {
                    return false;
                }
            }
            return true;
        }
    }
}
