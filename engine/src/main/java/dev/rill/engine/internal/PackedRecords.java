package dev.rill.engine.internal;

import java.nio.ByteBuffer;

import org.agrona.BufferUtil;
import org.agrona.UnsafeApi;

/**
 * The records of a packed ring's slots ({@link RingInput#packed()}), off-heap: slot {@code s} holds up to
 * {@link #PACK} records of {@link #RECORD_LENGTH} bytes (key, {@code long0}, event time, source offset) at
 * {@code (s & mask) * }{@link #SLOT_LENGTH}, in memory aligned to 64 bytes, so a slot's records are exactly four
 * cache lines and no other slot's, and nothing else (no array header, no slot object) lies on them.
 * <p>
 * Why off-heap: a slot crosses from the producer's core to the consumer's, and on a 2-core VM the lines crossing
 * are what a ring hop costs. A {@code long[]} per slot starts 16 bytes into a line and takes a fifth line, and its
 * header is loaded by the writer on every slot.
 * <p>
 * One writer (the ring's producer) and one reader (its consumer), which reads a slot only after the ring's publish of
 * it (the Disruptor's cursor: a release store and an acquire load); plain accesses, no bounds checks: a slot index is
 * always masked, a record index is below {@link #PACK} (both callers count it). The memory is held by a direct
 * {@link ByteBuffer} and freed with it, when the ring is no longer reachable. Allocation-free after construction.
 */
public final class PackedRecords
{
    /** Most records in a slot. */
    public static final int PACK = 8;
    /** Bytes a record takes: key, long0, event time, source offset. */
    public static final int RECORD_LENGTH = 4 * Long.BYTES;
    /** Bytes a slot takes: four cache lines. */
    public static final int SLOT_LENGTH = PACK * RECORD_LENGTH;
    /** Offsets of a record's fields. */
    public static final int KEY_OFFSET = 0;
    public static final int LONG0_OFFSET = 8;
    public static final int TIME_OFFSET = 16;
    public static final int SOURCE_OFFSET_OFFSET = 24;

    private static final int ALIGNMENT = 64;

    private final ByteBuffer memory;
    private final long address;
    private final int slots;
    private final int mask;

    /**
     * @param slots the ring's slots, a power of two.
     */
    public PackedRecords(final int slots)
    {
        if (slots < 1 || Integer.bitCount(slots) != 1 || slots > Integer.MAX_VALUE / SLOT_LENGTH)
        {
            throw new IllegalArgumentException("slots must be a power of two up to " +
                Integer.highestOneBit(Integer.MAX_VALUE / SLOT_LENGTH) + ": " + slots);
        }
        this.memory = BufferUtil.allocateDirectAligned(slots * SLOT_LENGTH, ALIGNMENT);
        this.address = BufferUtil.address(memory);
        this.slots = slots;
        this.mask = slots - 1;
    }

    /**
     * @return slots, as the ring has.
     */
    public int slots()
    {
        return slots;
    }

    /**
     * @param sequence a ring sequence.
     * @return the address of its slot's first record.
     */
    public long slotAddress(final long sequence)
    {
        return address + (long)((int)sequence & mask) * SLOT_LENGTH;
    }

    /**
     * Writes record {@code index} of the slot at {@code slotAddress}.
     *
     * @param slotAddress  from {@link #slotAddress(long)}.
     * @param index        the record's index in the slot, below {@link #PACK}.
     * @param key          its key.
     * @param long0        its long0.
     * @param eventTimeNs  its event time.
     * @param sourceOffset its source offset.
     */
    public static void put(final long slotAddress, final int index, final long key, final long long0,
        final long eventTimeNs, final long sourceOffset)
    {
        final long at = slotAddress + (long)index * RECORD_LENGTH;
        UnsafeApi.putLong(at + KEY_OFFSET, key);
        UnsafeApi.putLong(at + LONG0_OFFSET, long0);
        UnsafeApi.putLong(at + TIME_OFFSET, eventTimeNs);
        UnsafeApi.putLong(at + SOURCE_OFFSET_OFFSET, sourceOffset);
    }

    /**
     * @param recordAddress a record's address ({@code slotAddress + index * RECORD_LENGTH}).
     * @return its key.
     */
    public static long key(final long recordAddress)
    {
        return UnsafeApi.getLong(recordAddress + KEY_OFFSET);
    }

    /**
     * @param recordAddress a record's address.
     * @return its long0.
     */
    public static long long0(final long recordAddress)
    {
        return UnsafeApi.getLong(recordAddress + LONG0_OFFSET);
    }

    /**
     * @param recordAddress a record's address.
     * @return its event time.
     */
    public static long eventTimeNs(final long recordAddress)
    {
        return UnsafeApi.getLong(recordAddress + TIME_OFFSET);
    }

    /**
     * @param recordAddress a record's address.
     * @return its source offset.
     */
    public static long sourceOffset(final long recordAddress)
    {
        return UnsafeApi.getLong(recordAddress + SOURCE_OFFSET_OFFSET);
    }
}
