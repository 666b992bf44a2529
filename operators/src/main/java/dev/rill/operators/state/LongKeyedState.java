package dev.rill.operators.state;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.UnsafeApi;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Off-heap hash map from a primitive {@code long} key to a fixed number of {@code long} fields: the fast path for
 * keyed state (symbol ids, account ids). Doubles are stored as their raw bits ({@link #putDouble}).
 *
 * <pre>
 *   entry (8 + 8 * fieldCount bytes):
 *   +-----------+----------+----------+-----+----------------------+
 *   | key       | field 0  | field 1  | ... | field fieldCount - 1 |
 *   +-----------+----------+----------+-----+----------------------+
 * </pre>
 *
 * <p>Open addressing with linear probing over malloc'd memory wrapped in Agrona {@link UnsafeBuffer}s; deletion by
 * backward shift, so there are no tombstones; no per-entry objects. Every {@code long} is a valid key: key 0, the
 * marker of a free position, is kept in a separate side row.
 *
 * <p>Access is by slot, so that nothing allocates: {@link #getOrInsert} or {@link #find} returns a slot, and the
 * fields of that entry are read and updated through it. <b>A slot stays valid until the next
 * {@link #getOrInsert}, {@link #remove} or {@link #clear} on this map</b>, which may move entries; {@link #find},
 * the field accessors and {@link #forEach} never move entries.
 *
 * <p>Growth does not stop the world: from 60 % load the next table (twice the capacity) is zeroed a chunk per
 * insert or remove, at 70 % load it takes over and the old table is drained 8 positions per insert or remove (and
 * shrunk 64 KB at a time as it drains, since freeing 200 MB in one call alone takes about 12 ms); until then lookups
 * probe both. No single operation rehashes, zeroes or frees a whole table: growing from 16 thousand to 16 million
 * slots, the slowest insert measured was a few milliseconds of CPU on a loaded machine, the same as a map sized up
 * front (operators/NOTES.md), where zeroing the next table in one go would take about 170 ms per 400 MB. Memory
 * is up to three tables (old, current, next) around a growth, and the next table stays allocated while the map
 * sits between 60 % and 70 % load. The constructor sizes the table up front for an expected number of keys. The
 * table never shrinks; {@link #clear} costs O(capacity) (about 20 ms for 16 million slots).
 *
 * <p>Numbers in fields are exact: {@link #addLong} wraps like Java {@code long} arithmetic, so adding and later
 * subtracting the same deltas always returns the field to its previous value, even through an overflow. Use fixed
 * point (ticks, micro-units) for money; {@link #addDouble} rounds on every call and drifts over add/subtract cycles.
 *
 * <p><b>Single writer, not thread-safe</b>: the owning thread is the only one to touch it. <b>Zero allocation</b> on
 * get, insert, update, remove and iteration; the heap footprint is constant whatever the number of keys. Off-heap
 * memory is freed by {@link #close()}; after close every method fails with an exception, never a JVM crash.
 */
public final class LongKeyedState implements AutoCloseable
{
    private static final int VALUES_OFFSET = OffHeapTable.WORD_LENGTH;

    private final int fieldCount;
    private final OffHeapTable table;

    /**
     * @param fieldCount   long fields per key, at least 1.
     * @param expectedKeys keys the map holds without growing; it grows beyond, so 0 is fine for small maps.
     */
    public LongKeyedState(final int fieldCount, final int expectedKeys)
    {
        this(fieldCount, expectedKeys, Long.MAX_VALUE);
    }

    /**
     * @param fieldCount      long fields per key, at least 1.
     * @param expectedKeys    keys the map holds without growing.
     * @param maxOffHeapBytes limit on the map's off-heap memory (growth included); an insert that needs more fails
     *                        with {@link IllegalStateException} and leaves the map unchanged.
     */
    public LongKeyedState(final int fieldCount, final int expectedKeys, final long maxOffHeapBytes)
    {
        if (fieldCount < 1 || fieldCount > 65_536)
        {
            throw new IllegalArgumentException("field count must be in [1, 65536]: " + fieldCount);
        }
        this.fieldCount = fieldCount;
        this.table = new OffHeapTable(
            "LongKeyedState", VALUES_OFFSET + fieldCount * Long.BYTES, expectedKeys, maxOffHeapBytes);
    }

    /** @return long fields per key. */
    public int fieldCount()
    {
        return fieldCount;
    }

    /**
     * Finds the key's entry, inserting it with all fields 0 if it is absent. May move other entries.
     *
     * @return the entry's slot.
     * @throws IllegalStateException if the map would exceed its memory limit or maximum capacity; the map is unchanged.
     */
    public int getOrInsert(final long key)
    {
        final int slot = table.getOrInsert(key, null);
        return slot >= 0 ? slot : ~slot;
    }

    /**
     * Finds the key's entry (inserting it with all fields 0 if absent) and adds {@code delta0} to field 0 and
     * {@code delta1} to field 1, with Java's wrapping {@code long} arithmetic: one probe and two unchecked updates,
     * for hot per-record aggregation such as a sum and a count. May move other entries.
     *
     * @return the entry's slot.
     * @throws IndexOutOfBoundsException if the map has fewer than 2 fields.
     * @throws IllegalStateException if the map would exceed its memory limit or maximum capacity; the map is unchanged.
     */
    public int addToFields01(final long key, final long delta0, final long delta1)
    {
        if (fieldCount < 2)
        {
            throw new IndexOutOfBoundsException("field 1 out of range [0, " + fieldCount + ")");
        }
        final int found = table.getOrInsert(key, null);
        final int slot = found >= 0 ? found : ~found;
        final long address = table.entryAddress(slot) + VALUES_OFFSET;
        UnsafeApi.putLong(address, UnsafeApi.getLong(address) + delta0);
        UnsafeApi.putLong(address + Long.BYTES, UnsafeApi.getLong(address + Long.BYTES) + delta1);
        return slot;
    }

    /** @return the key's slot, or -1 if absent. Never moves entries. */
    public int find(final long key)
    {
        return table.find(key, null);
    }

    /** @return whether the key has an entry. */
    public boolean containsKey(final long key)
    {
        return table.find(key, null) >= 0;
    }

    /**
     * Removes the key's entry. May move other entries.
     *
     * @return whether the key was present.
     */
    public boolean remove(final long key)
    {
        return table.remove(key, null);
    }

    /** @return the key of the entry at the slot. */
    public long key(final int slot)
    {
        return table.word(slot);
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
     * Adds with Java's wrapping {@code long} arithmetic.
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

    /** @return the field read as a double from its raw bits. */
    public double getDouble(final int slot, final int field)
    {
        return Double.longBitsToDouble(getLong(slot, field));
    }

    /** Stores the double's raw bits ({@link Double#doubleToRawLongBits}). */
    public void putDouble(final int slot, final int field, final double value)
    {
        putLong(slot, field, Double.doubleToRawLongBits(value));
    }

    /**
     * Adds in double arithmetic: rounded on every call, so sums that add and subtract drift; see the class comment.
     *
     * @return the field's new value.
     */
    public double addDouble(final int slot, final int field, final double delta)
    {
        final double value = getDouble(slot, field) + delta;
        putDouble(slot, field, value);
        return value;
    }

    /**
     * Calls the consumer once per entry, in table order. The consumer may update fields but not insert, remove or
     * clear (that fails with {@link IllegalStateException}).
     */
    public void forEach(final LongSlotConsumer consumer)
    {
        final OffHeapTable table = this.table;
        table.beginIteration();
        try
        {
            for (int slot = table.nextSlot(-1); slot >= 0; slot = table.nextSlot(slot))
            {
                consumer.accept(table.word(slot), slot);
            }
        }
        finally
        {
            table.endIteration();
        }
    }

    /** @return number of keys. */
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

    /**
     * Removes every key like {@link #clear()}, but first enlarges the (empty) table if {@code expectedKeys} would
     * load it past 60 %, where growth starts preparing the next table; never shrinks. For a map refilled with about
     * the same number of keys each round (a window's pane), so that no round starts a growth only to drop it here.
     *
     * @param expectedKeys keys the next round is expected to hold.
     */
    public void clear(final int expectedKeys)
    {
        table.clear(expectedKeys);
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

    /** @return whether an incremental growth is still draining the old table. */
    public boolean isGrowing()
    {
        return table.isMigrating();
    }

    /**
     * Writes the map for a checkpoint: {@code int fieldCount}, then the table's exact image (see
     * {@code OffHeapTable.writeTo}: entry length, capacities, counts, the raw slots), so that a map read back
     * iterates in the same order. The buffer must have room (an expandable Agrona buffer grows).
     *
     * @param buffer where to write.
     * @param offset where to start.
     * @return the offset after the map.
     */
    public int writeTo(final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putInt(offset, fieldCount);
        return table.writeTo(buffer, offset + Integer.BYTES);
    }

    /**
     * Replaces this map's content with one written by {@link #writeTo}: same keys, fields, capacity and order.
     *
     * @param buffer where to read.
     * @param offset where to start.
     * @return the offset after the map.
     * @throws IllegalArgumentException if the field count differs or the image is inconsistent.
     */
    public int readFrom(final DirectBuffer buffer, final int offset)
    {
        final int imageFields = buffer.getInt(offset);
        if (imageFields != fieldCount)
        {
            throw new IllegalArgumentException("LongKeyedState: image has " + imageFields + " fields, map has " +
                fieldCount);
        }
        return table.readFrom(buffer, offset + Integer.BYTES);
    }

    /** Frees the off-heap memory. Idempotent. */
    @Override
    public void close()
    {
        table.close();
    }

    private int fieldOffset(final int slot, final int field)
    {
        if (field < 0 || field >= fieldCount)
        {
            throw new IndexOutOfBoundsException("field " + field + " out of range [0, " + fieldCount + ")");
        }
        return table.entryOffset(slot) + VALUES_OFFSET + field * Long.BYTES;
    }
}
