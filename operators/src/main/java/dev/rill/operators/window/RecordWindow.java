package dev.rill.operators.window;

import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Spark's {@code window(windowLength, slideInterval)} over opaque byte records: every slide, every record of the last
 * {@code windowLength}, oldest batch first and in arrival order within a batch. A record is stored once and emitted
 * once per window it belongs to ({@code window / slide} times when the slide divides the window).
 *
 * <p>Example, window 2 batches, slide 1 batch; records by batch:
 * <pre>
 *   batch 1: r0      -&gt; r0          first window emitted before it is full, as Spark does
 *   batch 2: r1      -&gt; r0 r1
 *   batch 3: r2 r3   -&gt; r1 r2 r3
 *   batch 4: (none)  -&gt; r2 r3
 *   batch 5: (none)  -&gt; (nothing)
 * </pre>
 * Window 4 batches, slide 2 (Spark's "larger window" test): one record per batch, {@code 0} to {@code 5} in batches 1
 * to 6, gives {@code [0 1]} at batch 2, {@code [0 1 2 3]} at 4, {@code [2 3 4 5]} at 6 and {@code [4 5]} at 8.
 *
 * <p>Where Rill differs from Spark: a slide longer than the window (Spark's "non-overlapping window", which skips the
 * records between windows) is refused by {@link WindowSpec}.
 *
 * <p>Storage: one off-heap ring of bytes (malloc'd through Agrona's {@link UnsafeApi}) holding the records from the
 * start of the oldest pane still needed to the newest, in arrival order; each record is 8-byte aligned:
 * <pre>
 *   +------------+--------------+------------------+---------+
 *   | int length | int reserved | length bytes     | to 8 B  |
 *   +------------+--------------+------------------+---------+
 * </pre>
 * A record never wraps around the end of the ring: when the end has too little room, a padding entry (negative
 * length = bytes to skip) fills it. Positions count bytes since creation; a pane is the range between two positions
 * (a small heap ring of {@code panesPerWindow + 1} longs, made once). At each slide the panes that no later window
 * holds are dropped by moving the ring's head, so memory is bounded by the window's content (plus one slide), and the
 * ring doubles when full, up to {@link #MAX_CAPACITY} bytes. Cost: one copy per record in, and the emission of each
 * window, which is its content (as Spark's union of the window's batches).
 *
 * <p>Checkpoints: {@link #writeTo}/{@link #readFrom} write and restore an exact image (the ring's bytes at the same
 * positions), so a restored window emits what the original would have.
 *
 * <p><b>Single writer, not thread-safe. Zero allocation</b> per record and per batch once the ring has grown to the
 * window's content.
 */
public final class RecordWindow implements AutoCloseable
{
    /** Bytes before each record's data. */
    public static final int HEADER_LENGTH = 8;
    /** Largest ring, bytes: one {@link UnsafeBuffer} addresses at most 2^31 - 1. */
    public static final int MAX_CAPACITY = 1 << 30;
    /** Largest record, bytes. */
    public static final int MAX_RECORD_LENGTH = MAX_CAPACITY / 2 - HEADER_LENGTH;

    private static final int ALIGNMENT = 8;
    private static final int MIN_CAPACITY = 1024;

    private final WindowSpec spec;
    private final long batchesPerPane;
    private final long batchesPerSlide;
    private final int panesPerWindow;
    private final int panesPerSlide;
    /** Start position of pane {@code p} at index {@code p % (panesPerWindow + 1)}; pane 0 starts at 0. */
    private final long[] paneStarts;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
    private long address;
    private int capacity;
    private long head;
    private long tail;
    private int claimedOffset = -1;
    private int claimedLength;
    private long batchesEnded;
    private long panesClosed;

    /**
     * @param spec          window shape.
     * @param expectedBytes bytes of records per window to size the ring for (header included); it grows beyond.
     */
    public RecordWindow(final WindowSpec spec, final int expectedBytes)
    {
        this.spec = spec;
        this.batchesPerPane = spec.batchesPerPane();
        this.batchesPerSlide = spec.batchesPerSlide();
        this.panesPerWindow = spec.panesPerWindow();
        this.panesPerSlide = spec.panesPerSlide();
        this.paneStarts = new long[panesPerWindow + 1];
        int initial = MIN_CAPACITY;
        while (initial < expectedBytes && initial < MAX_CAPACITY)
        {
            initial <<= 1;
        }
        allocate(initial);
    }

    public WindowSpec spec()
    {
        return spec;
    }

    /**
     * Reserves room for a record of the open batch; write it through {@link #buffer()} at the returned offset, then
     * {@link #commit()}. A claim not committed is dropped by the next claim or batch end.
     *
     * @param length bytes of the record, 0 to {@link #MAX_RECORD_LENGTH}.
     * @return offset of the record's first byte in {@link #buffer()}.
     * @throws IllegalStateException if the ring cannot grow to hold the window's records.
     */
    public int claim(final int length)
    {
        if (length < 0 || length > MAX_RECORD_LENGTH)
        {
            throw new IllegalArgumentException("record length " + length + " out of range 0.." + MAX_RECORD_LENGTH);
        }
        final int recordLength = BitUtil.align(HEADER_LENGTH + length, ALIGNMENT);
        int offset = (int)(tail & (capacity - 1));
        int padding = capacity - offset < recordLength ? capacity - offset : 0;
        while (tail - head + padding + recordLength > capacity)
        {
            grow();
            offset = (int)(tail & (capacity - 1));
            padding = capacity - offset < recordLength ? capacity - offset : 0;
        }
        if (padding > 0)
        {
            buffer.putInt(offset, -padding);
            tail += padding;
            offset = 0;
        }
        claimedOffset = offset;
        claimedLength = length;
        return offset + HEADER_LENGTH;
    }

    /**
     * @return the ring; the same object for the window's life (its memory moves when the ring grows, on a claim).
     */
    public MutableDirectBuffer buffer()
    {
        return buffer;
    }

    /** Adds the claimed record to the open batch. */
    public void commit()
    {
        if (claimedOffset < 0)
        {
            throw new IllegalStateException("no claimed record to commit");
        }
        buffer.putInt(claimedOffset, claimedLength);
        tail += BitUtil.align(HEADER_LENGTH + claimedLength, ALIGNMENT);
        claimedOffset = -1;
    }

    /**
     * Ends the open batch: closes the pane if it is complete and, at a slide, passes every record of the window to
     * {@code consumer}, oldest first, then drops the panes no later window holds.
     *
     * @param consumer receives the window's records when this batch ends a slide; must not claim from this window.
     * @return whether this batch ended a slide (a window was emitted, possibly with no record).
     */
    public boolean endBatch(final RecordConsumer consumer)
    {
        claimedOffset = -1;
        batchesEnded++;
        final int ring = paneStarts.length;
        if (batchesEnded % batchesPerPane == 0)
        {
            panesClosed++;
            paneStarts[(int)(panesClosed % ring)] = tail;
        }
        if (batchesEnded % batchesPerSlide != 0)
        {
            return false;
        }
        final long firstPane = Math.max(0, panesClosed - panesPerWindow);
        emit(paneStarts[(int)(firstPane % ring)], tail, consumer);
        // the next window starts panesPerSlide panes later: what comes before it is in no later window
        head = paneStarts[(int)(Math.max(0, panesClosed + panesPerSlide - panesPerWindow) % ring)];
        return true;
    }

    /** @return batches ended so far. */
    public long batchesEnded()
    {
        return batchesEnded;
    }

    /** @return bytes held (records, headers, padding): the panes of the current and next windows. */
    public long bytesHeld()
    {
        return tail - head;
    }

    /** @return off-heap bytes allocated. */
    public long offHeapBytes()
    {
        return capacity;
    }

    /** Version of the layout written by {@link #writeTo}. */
    public static final int IMAGE_VERSION = 1;

    /**
     * Writes the window's whole state for a checkpoint (a claim not committed is not part of it):
     * <pre>
     *   int IMAGE_VERSION | long windowLengthMs | long slideIntervalMs | long batchIntervalMs | long batchesEnded
     *   | long panesClosed | int panesPerWindow | long paneStarts[panesPerWindow + 1] | int capacity | long head
     *   | long tail | the ring's bytes from head to tail, in position order
     * </pre>
     * The capacity is kept so a restored ring places every record (and padding) exactly where it was.
     *
     * @param out    where to write; must have room (an expandable Agrona buffer grows).
     * @param offset where to start.
     * @return the offset after the state.
     */
    public int writeTo(final MutableDirectBuffer out, final int offset)
    {
        out.putInt(offset, IMAGE_VERSION);
        out.putLong(offset + 4, spec.windowLengthMs());
        out.putLong(offset + 12, spec.slideIntervalMs());
        out.putLong(offset + 20, spec.batchIntervalMs());
        out.putLong(offset + 28, batchesEnded);
        out.putLong(offset + 36, panesClosed);
        out.putInt(offset + 44, panesPerWindow);
        int at = offset + 48;
        for (final long start : paneStarts)
        {
            out.putLong(at, start);
            at += Long.BYTES;
        }
        out.putInt(at, capacity);
        out.putLong(at + 4, head);
        out.putLong(at + 12, tail);
        at += 20;
        long position = head;
        while (position < tail)
        {
            final int from = (int)(position & (capacity - 1));
            final int chunk = (int)Math.min(tail - position, capacity - from);
            out.putBytes(at, buffer, from, chunk);
            at += chunk;
            position += chunk;
        }
        return at;
    }

    /**
     * Replaces this window's state with one written by {@link #writeTo} for the same window shape.
     *
     * @param in     where to read.
     * @param offset where to start.
     * @return the offset after the state.
     * @throws IllegalArgumentException naming what differs if the image is of another version or window shape, or
     *                                  is damaged.
     */
    public int readFrom(final DirectBuffer in, final int offset)
    {
        final int version = in.getInt(offset);
        if (version != IMAGE_VERSION)
        {
            throw new IllegalArgumentException("record window state version " + version + ", expected " +
                IMAGE_VERSION);
        }
        final long windowMs = in.getLong(offset + 4);
        final long slideMs = in.getLong(offset + 12);
        final long batchMs = in.getLong(offset + 20);
        if (windowMs != spec.windowLengthMs() || slideMs != spec.slideIntervalMs() || batchMs != spec.batchIntervalMs())
        {
            throw new IllegalArgumentException("record window state is for window=" + windowMs + "ms slide=" + slideMs +
                "ms batch=" + batchMs + "ms, this window is window=" + spec.windowLengthMs() + "ms slide=" +
                spec.slideIntervalMs() + "ms batch=" + spec.batchIntervalMs() + "ms");
        }
        final long ended = in.getLong(offset + 28);
        final long closed = in.getLong(offset + 36);
        final int panes = in.getInt(offset + 44);
        if (panes != panesPerWindow)
        {
            throw new IllegalArgumentException("record window state has " + panes + " panes, expected " +
                panesPerWindow);
        }
        int at = offset + 48;
        final long[] starts = new long[paneStarts.length];
        for (int i = 0; i < starts.length; i++)
        {
            starts[i] = in.getLong(at);
            at += Long.BYTES;
        }
        final int newCapacity = in.getInt(at);
        final long newHead = in.getLong(at + 4);
        final long newTail = in.getLong(at + 12);
        at += 20;
        if (newCapacity < MIN_CAPACITY || newCapacity > MAX_CAPACITY || Integer.bitCount(newCapacity) != 1 ||
            newHead < 0 || newTail < newHead || newTail - newHead > newCapacity)
        {
            throw new IllegalArgumentException("record window image: capacity " + newCapacity + ", head " + newHead +
                ", tail " + newTail);
        }
        close();
        allocate(newCapacity);
        long position = newHead;
        while (position < newTail)
        {
            final int to = (int)(position & (newCapacity - 1));
            final int chunk = (int)Math.min(newTail - position, newCapacity - to);
            buffer.putBytes(to, in, at, chunk);
            at += chunk;
            position += chunk;
        }
        System.arraycopy(starts, 0, paneStarts, 0, starts.length);
        head = newHead;
        tail = newTail;
        batchesEnded = ended;
        panesClosed = closed;
        claimedOffset = -1;
        return at;
    }

    @Override
    public void close()
    {
        if (address != 0)
        {
            UnsafeApi.freeMemory(address);
            address = 0;
            // Stale accesses now fail a bounds check instead of reading freed memory.
            buffer.wrap(new byte[0]);
            capacity = 0;
        }
    }

    private void emit(final long from, final long to, final RecordConsumer consumer)
    {
        final UnsafeBuffer buffer = this.buffer;
        final int mask = capacity - 1;
        long position = from;
        while (position < to)
        {
            final int offset = (int)(position & mask);
            final int length = buffer.getInt(offset);
            if (length < 0)
            {
                position -= length;
            }
            else
            {
                consumer.accept(buffer, offset + HEADER_LENGTH, length);
                position += BitUtil.align(HEADER_LENGTH + length, ALIGNMENT);
            }
        }
    }

    private void grow()
    {
        if (address == 0)
        {
            throw new IllegalStateException("record window is closed");
        }
        final int oldCapacity = capacity;
        if (oldCapacity >= MAX_CAPACITY)
        {
            throw new IllegalStateException("record window full: " + (tail - head) + " bytes held by the records of " +
                "a window of " + spec.windowLengthMs() + " ms, at most " + MAX_CAPACITY);
        }
        final long oldAddress = address;
        final UnsafeBuffer old = new UnsafeBuffer(oldAddress, oldCapacity);
        allocate(oldCapacity * 2);
        // Copy in position order: positions keep mapping to (position & mask). A chunk that is contiguous in the old
        // ring lies in one old-capacity-aligned block, hence in one half of the new ring: contiguous there too, and a
        // record that did not wrap in the old ring does not wrap in the new one.
        long position = head;
        while (position < tail)
        {
            final int from = (int)(position & (oldCapacity - 1));
            final int chunk = (int)Math.min(tail - position, oldCapacity - from);
            buffer.putBytes((int)(position & (capacity - 1)), old, from, chunk);
            position += chunk;
        }
        UnsafeApi.freeMemory(oldAddress);
    }

    private void allocate(final int capacity)
    {
        address = UnsafeApi.allocateMemory(capacity);
        this.capacity = capacity;
        buffer.wrap(address, capacity);
    }
}
