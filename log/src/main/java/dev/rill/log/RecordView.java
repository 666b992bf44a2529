package dev.rill.log;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Flyweight over one record in place in the mapped queue file: nothing is copied. Valid only inside the
 * {@link RecordHandler#onRecord(RecordView)} call that received it; copy what you keep.
 * Not thread-safe; one per consumer.
 */
public final class RecordView
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private String topic;
    private int partition;
    private int recordLength;
    private int headerLength;
    private int keyLength;
    private int flags;
    private long offset;

    /**
     * Wrap a record; its offset is set by {@link #offset(long)} once the reader knows it.
     *
     * @param recordLength at least {@link RecordDescriptor#MIN_HEADER_LENGTH}.
     */
    void wrap(final String topic, final int partition, final long address, final int recordLength)
    {
        this.topic = topic;
        this.partition = partition;
        this.recordLength = recordLength;
        buffer.wrap(address, recordLength);
        final int keyLengthAndFlags = buffer.getInt(RecordDescriptor.KEY_LENGTH_AND_FLAGS_OFFSET);
        flags = RecordDescriptor.flags(keyLengthAndFlags);
        keyLength = RecordDescriptor.keyLength(keyLengthAndFlags);
        headerLength = RecordDescriptor.headerLength(flags);
    }

    void offset(final long offset)
    {
        this.offset = offset;
    }

    /**
     * @return the flags of the header ({@link RecordDescriptor#FLAG_OFFSET}, {@link RecordDescriptor#FLAG_MAX_TIMESTAMP}).
     */
    public int flags()
    {
        return flags;
    }

    /**
     * @return true if the header's flags and lengths fit the record: always so for a record whose checksum is valid
     * and that this version wrote.
     */
    public boolean isHeaderSane()
    {
        return (flags & ~RecordDescriptor.KNOWN_FLAGS) == 0 && (long)headerLength + keyLength <= recordLength;
    }

    /**
     * @return the offset stored in the record (only the first record of a roll cycle stores it), or -1.
     */
    public long storedOffset()
    {
        return (flags & RecordDescriptor.FLAG_OFFSET) != 0 && recordLength >= RecordDescriptor.OPTIONAL_FIELDS_OFFSET +
            Long.BYTES ? buffer.getLong(RecordDescriptor.OPTIONAL_FIELDS_OFFSET) : -1;
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
     * @return offset of the record in its partition: the consumer's position (only a roll cycle's first record stores
     * its offset; the consumer checks it there, see {@link RecordDescriptor}).
     */
    public long offset()
    {
        return offset;
    }

    /**
     * @return timestamp, epoch nanoseconds.
     */
    public long timestampNs()
    {
        return buffer.getLong(RecordDescriptor.TIMESTAMP_OFFSET);
    }

    /**
     * @return the stored CRC32C of the record.
     */
    public int checksum()
    {
        return buffer.getInt(RecordDescriptor.CHECKSUM_OFFSET);
    }

    /**
     * @return the buffer holding the whole record; key and value are at {@link #keyOffset()} and
     * {@link #valueOffset()}.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return index of the first key byte in {@link #buffer()}.
     */
    public int keyOffset()
    {
        return headerLength;
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
        return headerLength + keyLength;
    }

    /**
     * @return value length in bytes.
     */
    public int valueLength()
    {
        return recordLength - headerLength - keyLength;
    }

    /**
     * @return length of the whole record, header included, in bytes.
     */
    public int recordLength()
    {
        return recordLength;
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
     * @return true if the stored checksum matches the bytes.
     */
    public boolean isChecksumValid()
    {
        return computeChecksum() == checksum();
    }

    /**
     * @return the CRC32C of the record's bytes as they are now, to compare with {@link #checksum()}.
     */
    public int computeChecksum()
    {
        return RecordChecksum.compute(buffer.addressOffset(), recordLength);
    }

    @Override
    public String toString()
    {
        return "Record{topic=" + topic + ", partition=" + partition + ", offset=" + offset() + ", timestampNs=" +
            timestampNs() + ", keyLength=" + keyLength() + ", valueLength=" + valueLength() + '}';
    }
}
