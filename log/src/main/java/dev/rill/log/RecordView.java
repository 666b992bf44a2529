package dev.rill.log;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Flyweight over one record in place in the mapped queue file: nothing is copied. Valid only inside the
 * {@link RecordHandler#onRecord(RecordView)} call that received it; copy what you keep.
 * <p>
 * Records are stored in batches ({@link RecordDescriptor}): {@link #buffer()} spans the record's whole batch, and
 * key and value are at {@link #keyOffset()} and {@link #valueOffset()} in it. The checksum belongs to the batch.
 * Not thread-safe; one per consumer.
 */
public final class RecordView
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private long address;
    private String topic;
    private int partition;
    private int batchLength;
    private int batchHeaderLength;
    private int count;
    private int flags;
    private long baseOffset;
    private long baseTimestampNs;
    /** Index in the batch of the record the view is on, -1 before the first. */
    private int index;
    /** Where the next record's header starts. */
    private int cursor;
    private int recordStart;
    private int keyOffset;
    private int keyLength;
    private int valueLength;
    private long timestampNs;

    /**
     * Wrap a batch and stand before its first record.
     *
     * @param batchLength at least {@link RecordDescriptor#MIN_BATCH_HEADER_LENGTH}.
     */
    void wrapBatch(final String topic, final int partition, final long address, final int batchLength)
    {
        this.topic = topic;
        this.partition = partition;
        this.batchLength = batchLength;
        this.address = address;
        buffer.wrap(address, batchLength);
        // The caller checked that the batch holds a whole minimal header: read it without bounds checks.
        final int countAndFlags = UnsafeApi.getInt(address + RecordDescriptor.COUNT_AND_FLAGS_OFFSET);
        count = RecordDescriptor.count(countAndFlags);
        flags = RecordDescriptor.flags(countAndFlags);
        batchHeaderLength = RecordDescriptor.batchHeaderLength(flags);
        baseOffset = UnsafeApi.getLong(address + RecordDescriptor.BASE_OFFSET_OFFSET);
        baseTimestampNs = UnsafeApi.getLong(address + RecordDescriptor.BASE_TIMESTAMP_OFFSET);
        rewind();
    }

    /**
     * Stand before the batch's first record again.
     */
    void rewind()
    {
        index = -1;
        cursor = batchHeaderLength;
        recordStart = batchHeaderLength;
        timestampNs = baseTimestampNs;
        keyOffset = batchHeaderLength;
        keyLength = 0;
        valueLength = 0;
    }

    /**
     * Move to the batch's next record.
     *
     * @return false if the batch has no more records, or if the next one does not fit in the batch (only a damaged
     * batch has such a record; {@link #hasNext()} tells the two apart).
     */
    boolean nextRecord()
    {
        if (index + 1 >= count)
        {
            return false;
        }
        return nextRecordAnyHeader(cursor);
    }

    /**
     * Hand the batch's records after the current one to {@code handler}, up to the one at index {@code last}.
     * The view stands on each record while the handler has it, and stays on the last one handed over (or on the one
     * the handler threw on).
     *
     * @param last index in the batch of the last record to hand over, below {@link #batchRecordCount()}.
     * @return false if a record does not fit in the batch (a damaged batch); the view stays on the record before it.
     */
    boolean handRecordsTo(final RecordHandler handler, final int last)
    {
        // The parse position, time and index stay in locals from record to record: kept in the view's fields, each
        // record's header read waited on a store and a reload of the last one's position. The fields are set too,
        // before each record is handed over, for the handler and for a handler that throws.
        final long at = address;
        final int limit = batchLength;
        int i = index;
        int next = cursor;
        long time = timestampNs;
        while (i < last)
        {
            final int start = next;
            if (LITTLE_ENDIAN && start + 4 <= limit)
            {
                final int header = UnsafeApi.getInt(at + start);
                final int kl = header & 0xFF;
                final int vl = (header >>> 8) & 0xFF;
                final int first = (header >>> 16) & 0xFF;
                final int second = header >>> 24;
                final int keyAt;
                final long delta;
                if (((kl | vl | first) & 0x80) == 0)
                {
                    keyAt = start + 3;
                    delta = first;
                }
                else if (((kl | vl | second) & 0x80) == 0)
                {
                    keyAt = start + 4;
                    delta = (first & 0x7F) | (second << 7);
                }
                else
                {
                    keyAt = -1;
                    delta = 0;
                }
                if (keyAt >= 0)
                {
                    next = keyAt + kl + vl;
                    if (next > limit)
                    {
                        return false;
                    }
                    time += RecordDescriptor.unZigZag(delta);
                    i++;
                    recordStart = start;
                    keyOffset = keyAt;
                    keyLength = kl;
                    valueLength = vl;
                    timestampNs = time;
                    cursor = next;
                    index = i;
                    handler.onRecord(this);
                    continue;
                }
            }
            if (!nextRecordAnyHeader(start))
            {
                return false;
            }
            i = index;
            next = cursor;
            time = timestampNs;
            handler.onRecord(this);
        }
        return true;
    }

    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;

    private boolean moveTo(final int start, final int keyAt, final int kl, final int vl, final long delta)
    {
        if ((long)keyAt + kl + vl > batchLength)
        {
            return false;
        }
        recordStart = start;
        keyOffset = keyAt;
        keyLength = kl;
        valueLength = vl;
        timestampNs += RecordDescriptor.unZigZag(delta);
        cursor = keyAt + kl + vl;
        index++;
        return true;
    }

    /**
     * The record header at {@code start}, whatever its varints' lengths, read never past the batch: the general way,
     * which {@link #nextRecord()} takes always (seeks and resumes) and {@link #handRecordsTo} for a header its fast
     * path does not read.
     */
    private boolean nextRecordAnyHeader(final int start)
    {
        final int limit = batchLength;
        int i = start;
        final int kl = (int)varlong(i, limit, 5);
        i = parsePosition;
        if (i < 0 || kl < 0)
        {
            return false;
        }
        final int vl = (int)varlong(i, limit, 5);
        i = parsePosition;
        if (i < 0 || vl < 0)
        {
            return false;
        }
        final long delta = varlong(i, limit, 10);
        i = parsePosition;
        if (i < 0)
        {
            return false;
        }
        return moveTo(start, i, kl, vl, delta);
    }

    /**
     * Stand after the first {@code consumed} records of the batch, as {@link #cursor()} and {@link #timestampNs()}
     * said after the last of them: a reader resuming a batch does not parse its records again.
     */
    void resumeAt(final int consumed, final int cursor, final long timestampNs)
    {
        this.index = consumed - 1;
        this.cursor = cursor;
        this.timestampNs = timestampNs;
    }

    /**
     * @return where the next record's header starts in {@link #buffer()}.
     */
    int cursor()
    {
        return cursor;
    }

    /**
     * @return true if the batch holds records after the one the view is on (by its count).
     */
    boolean hasNext()
    {
        return index + 1 < count;
    }

    /**
     * @return index in the batch of the record the view is on, -1 before the first.
     */
    int indexInBatch()
    {
        return index;
    }

    /** Set by {@link #varlong}: the index after the varint read, or -1 if it was malformed. */
    private int parsePosition;

    /**
     * A varint of at most {@code maxBytes} at {@code index}, read without bounds checks: never at or past
     * {@code limit}, the batch length, which is the span of the batch's memory at {@link #address}.
     */
    private long varlong(final int index, final int limit, final int maxBytes)
    {
        long value = 0;
        int shift = 0;
        int i = index;
        final int end = Math.min(limit, index + maxBytes);
        while (i < end)
        {
            final byte b = UnsafeApi.getByte(address + i++);
            value |= (long)(b & 0x7F) << shift;
            if (b >= 0)
            {
                parsePosition = i;
                return value;
            }
            shift += 7;
        }
        parsePosition = -1;
        return 0;
    }

    /**
     * @return the flags of the batch header ({@link RecordDescriptor#FLAG_MAX_TIMESTAMP}).
     */
    public int flags()
    {
        return flags;
    }

    /**
     * @return true if the batch header's count, flags and length are ones this version writes: always so for a
     * batch whose checksum is valid.
     */
    public boolean isBatchHeaderSane()
    {
        return (flags & ~RecordDescriptor.KNOWN_FLAGS) == 0 && count >= 1 && batchHeaderLength <= batchLength &&
            baseOffset >= 0;
    }

    /**
     * @return the offset of the batch's first record, as stored in the batch.
     */
    public long batchBaseOffset()
    {
        return baseOffset;
    }

    /**
     * @return the number of records the batch says it holds.
     */
    public int batchRecordCount()
    {
        return count;
    }

    /**
     * @return the batch's length in bytes, header included.
     */
    public int batchLength()
    {
        return batchLength;
    }

    /**
     * @return the partition's running maximum timestamp at the end of this batch (epoch nanoseconds).
     */
    public long batchMaxTimestampNs()
    {
        return (flags & RecordDescriptor.FLAG_MAX_TIMESTAMP) != 0 && batchLength >= RecordDescriptor.MAX_BATCH_HEADER_LENGTH ?
            buffer.getLong(RecordDescriptor.MAX_TIMESTAMP_OFFSET) : baseTimestampNs;
    }

    /**
     * @return topic of the record.
     */
    public String topic()
    {
        return topic;
    }

    /**
     * @return partition of the record.
     */
    public int partition()
    {
        return partition;
    }

    /**
     * @return offset of the record in its partition: its batch's base offset plus its index in the batch.
     */
    public long offset()
    {
        return baseOffset + index;
    }

    /**
     * @return timestamp, epoch nanoseconds.
     */
    public long timestampNs()
    {
        return timestampNs;
    }

    /**
     * @return the stored CRC32C of the record's batch.
     */
    public int checksum()
    {
        return buffer.getInt(RecordDescriptor.CHECKSUM_OFFSET);
    }

    /**
     * @return the buffer holding the record's whole batch; key and value are at {@link #keyOffset()} and
     * {@link #valueOffset()}.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return index in {@link #buffer()} where the record (its header) starts.
     */
    public int recordStart()
    {
        return recordStart;
    }

    /**
     * @return length of the record in its batch, its header included, in bytes.
     */
    public int recordLength()
    {
        return keyOffset + keyLength + valueLength - recordStart;
    }

    /**
     * @return index of the first key byte in {@link #buffer()}.
     */
    public int keyOffset()
    {
        return keyOffset;
    }

    /**
     * @return key length in bytes, 0 for no key.
     */
    public int keyLength()
    {
        return keyLength;
    }

    /**
     * @return index of the first value byte in {@link #buffer()}.
     */
    public int valueOffset()
    {
        return keyOffset + keyLength;
    }

    /**
     * @return value length in bytes.
     */
    public int valueLength()
    {
        return valueLength;
    }

    /**
     * Copies the key: convenience off the hot path.
     *
     * @return a new array with the key bytes.
     */
    public byte[] keyBytes()
    {
        final byte[] bytes = new byte[keyLength()];
        buffer.getBytes(keyOffset(), bytes);
        return bytes;
    }

    /**
     * Copies the value: convenience off the hot path.
     *
     * @return a new array with the value bytes.
     */
    public byte[] valueBytes()
    {
        final byte[] bytes = new byte[valueLength()];
        buffer.getBytes(valueOffset(), bytes);
        return bytes;
    }

    /**
     * @return the value decoded as UTF-8 (allocates).
     */
    public String valueAsString()
    {
        return new String(valueBytes(), StandardCharsets.UTF_8);
    }

    /**
     * @return the key decoded as UTF-8 (allocates).
     */
    public String keyAsString()
    {
        return new String(keyBytes(), StandardCharsets.UTF_8);
    }

    /**
     * @return true if the batch's stored checksum matches its bytes.
     */
    public boolean isChecksumValid()
    {
        return computeChecksum() == checksum();
    }

    /**
     * @return the CRC32C of the batch's bytes as they are now, to compare with {@link #checksum()}.
     */
    public int computeChecksum()
    {
        return RecordChecksum.compute(buffer.addressOffset(), batchLength);
    }

    @Override
    public String toString()
    {
        return "Record{topic=" + topic + ", partition=" + partition + ", offset=" + offset() + ", timestampNs=" +
            timestampNs() + ", keyLength=" + keyLength() + ", valueLength=" + valueLength() + '}';
    }
}
