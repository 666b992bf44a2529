package dev.rill.operators.window;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Off-heap FIFO of fixed-size records of longs: the closed panes of an inverse-reduce window, appended when a pane
 * closes and consumed in the same order when it expires. Positions count records since creation; a pane is the
 * range between two positions.
 *
 * <p>Capacity doubles when full (a copy proportional to the records held, so rare and bounded by the window's
 * content) and never shrinks. Single writer, not thread-safe; allocates on the heap only when constructed or grown.
 */
final class PaneLog implements AutoCloseable
{
    private static final int MIN_CAPACITY_RECORDS = 64;

    private final int recordLength;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
    private long address;
    private int capacityRecords;
    private long head;
    private long tail;

    PaneLog(final int longsPerRecord)
    {
        if (longsPerRecord < 3)
        {
            // append3 writes three longs straight to memory: a shorter record would write past the log's end
            throw new IllegalArgumentException("pane log records need at least 3 longs, not " + longsPerRecord);
        }
        this.recordLength = longsPerRecord * Long.BYTES;
        allocate(MIN_CAPACITY_RECORDS);
    }

    long head()
    {
        return head;
    }

    long tail()
    {
        return tail;
    }

    /** @return field {@code field} (in [0, longs per record)) of the record at {@code position}, in [head, tail). */
    long get(final long position, final int field)
    {
        // a raw address, not the buffer (a bounds check and the buffer's array and offset fields per access): the
        // window's pane close and expiry read or append three longs per key, and took about a sixth less time so
        return UnsafeApi.getLong(address + offset(position) + (long)field * Long.BYTES);
    }

    void append3(final long a, final long b, final long c)
    {
        if (tail - head == capacityRecords)
        {
            grow();
        }
        final long at = address + offset(tail);
        UnsafeApi.putLong(at, a);
        UnsafeApi.putLong(at + Long.BYTES, b);
        UnsafeApi.putLong(at + 2 * Long.BYTES, c);
        tail++;
    }

    /** Drops records before {@code position}. */
    void advanceHead(final long position)
    {
        head = position;
    }

    /**
     * Writes {@code long head | long tail | records [head, tail)} (each {@code recordLength} bytes).
     *
     * @return the offset after.
     */
    int writeTo(final MutableDirectBuffer out, final int offset)
    {
        out.putLong(offset, head);
        out.putLong(offset + Long.BYTES, tail);
        int at = offset + 2 * Long.BYTES;
        for (long position = head; position < tail; position++)
        {
            out.putBytes(at, buffer, offset(position), recordLength);
            at += recordLength;
        }
        return at;
    }

    /**
     * Replaces the content with what {@link #writeTo} wrote; positions are kept.
     *
     * @return the offset after.
     */
    int readFrom(final DirectBuffer in, final int offset)
    {
        final long newHead = in.getLong(offset);
        final long newTail = in.getLong(offset + Long.BYTES);
        if (newHead < 0 || newTail < newHead || newTail - newHead > Integer.MAX_VALUE / recordLength)
        {
            throw new IllegalArgumentException("pane log image: head " + newHead + ", tail " + newTail);
        }
        final int records = (int)(newTail - newHead);
        int capacity = MIN_CAPACITY_RECORDS;
        while (capacity < records)
        {
            capacity <<= 1;
        }
        close();
        allocate(capacity);
        head = newHead;
        tail = newTail;
        int at = offset + 2 * Long.BYTES;
        for (long position = head; position < tail; position++)
        {
            buffer.putBytes(offset(position), in, at, recordLength);
            at += recordLength;
        }
        return at;
    }

    long offHeapBytes()
    {
        return (long)capacityRecords * recordLength;
    }

    @Override
    public void close()
    {
        if (address != 0)
        {
            UnsafeApi.freeMemory(address);
            address = 0;
            buffer.wrap(new byte[0]);
            capacityRecords = 0;
        }
    }

    private int offset(final long position)
    {
        return (int)(position & (capacityRecords - 1)) * recordLength;
    }

    private void grow()
    {
        final long oldAddress = address;
        final int oldCapacity = capacityRecords;
        if ((long)oldCapacity * 2 * recordLength > Integer.MAX_VALUE)
        {
            throw new IllegalStateException("pane log is full: " + oldCapacity + " records of " + recordLength +
                " bytes held by the window's panes");
        }
        final UnsafeBuffer old = new UnsafeBuffer(oldAddress, oldCapacity * recordLength);
        allocate(oldCapacity * 2);
        // Copy in FIFO order so positions keep mapping to (position & mask) in the new capacity.
        for (long position = head; position < tail; position++)
        {
            buffer.putBytes(offset(position), old, (int)(position & (oldCapacity - 1)) * recordLength, recordLength);
        }
        UnsafeApi.freeMemory(oldAddress);
    }

    private void allocate(final int capacityRecords)
    {
        address = UnsafeApi.allocateMemory((long)capacityRecords * recordLength);
        this.capacityRecords = capacityRecords;
        buffer.wrap(address, capacityRecords * recordLength);
    }
}
