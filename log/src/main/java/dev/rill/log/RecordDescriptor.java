package dev.rill.log;

import org.agrona.MutableDirectBuffer;

/**
 * Layout of a record batch: one Chronicle Queue document holds one batch of one or more records of a partition
 * (topic format 3). All fixed fields little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     CRC32C of bytes [4, end)                  |  0
 *  +-----------------------------------------------+---------------+
 *  |          record count (1 .. 2^24 - 1)         |     flags     |  4
 *  +-----------------------------------------------+---------------+
 *  |            base offset: the first record's offset             |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |      base timestamp: the first record's (epoch nanoseconds)   | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |  max timestamp of the partition up to the end of the batch    | 24
 *  |  (only if FLAG_MAX_TIMESTAMP)                                 |
 *  +---------------------------------------------------------------+
 *  |  records, each:  varint key length, varint value length,      |
 *  |  zig-zag varint timestamp minus the previous record's (the    |
 *  |  first: minus the base timestamp), key bytes, value bytes     |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * Each batch stores its base offset, so a reader checks every batch against the offset it expects, and seeking an
 * offset is a binary search over the batches of one roll cycle (a batch holds at least one record, so the batch
 * holding offset {@code o} is at most {@code o - cycleBase} documents into its cycle). One CRC covers the whole
 * batch, as in Kafka's record batches: a damaged byte makes the batch unreadable, and the error names the first
 * offset the reader wanted from it.
 * <p>
 * The running maximum timestamp makes "first record with timestamp &ge; T" a binary search over batches even when
 * producers supply timestamps out of order (the same idea as Kafka's time index); it is stored only when it differs
 * from the base timestamp, which a single in-order record never needs.
 * <p>
 * A W3 record (8 B key, 24 B value, timestamps 1 µs apart) takes 36 B in a batch of 64 (4 B of record header plus
 * the batch header shared), against 52 B in format 2 (one 16 B header per document) and 36 B for a bare Chronicle
 * document of the same bytes. Formats 1 and 2 (one record per document) are refused.
 */
public final class RecordDescriptor
{
    /** Offset of the CRC32C field. */
    public static final int CHECKSUM_OFFSET = 0;
    /** Offset of the int holding the record count (low 24 bits) and the flags (high 8 bits). */
    public static final int COUNT_AND_FLAGS_OFFSET = 4;
    /** Offset of the base offset. */
    public static final int BASE_OFFSET_OFFSET = 8;
    /** Offset of the base timestamp. */
    public static final int BASE_TIMESTAMP_OFFSET = 16;
    /** Offset of the max timestamp, present with {@link #FLAG_MAX_TIMESTAMP}. */
    public static final int MAX_TIMESTAMP_OFFSET = 24;
    /** Length of the batch header without the max timestamp. */
    public static final int MIN_BATCH_HEADER_LENGTH = 24;
    /** Length of the batch header with the max timestamp. */
    public static final int MAX_BATCH_HEADER_LENGTH = 32;
    /** The longest record header: two 5-byte varints and a 10-byte varint. */
    public static final int MAX_RECORD_HEADER_LENGTH = 20;
    /** What a record alone in its batch adds at most to its key and value: size limits count this. */
    public static final int MAX_OVERHEAD = MAX_BATCH_HEADER_LENGTH + MAX_RECORD_HEADER_LENGTH;
    /** The checksum covers everything after itself. */
    public static final int CHECKSUMMED_FROM = COUNT_AND_FLAGS_OFFSET;
    /** Most records one batch holds: the count has 24 bits. */
    public static final int MAX_RECORD_COUNT = (1 << 24) - 1;
    /** Flag: the batch stores the partition's running max timestamp (it differs from the base timestamp). */
    public static final int FLAG_MAX_TIMESTAMP = 1;
    /** Flags this version writes; a batch with another bit set is not one this version understands. */
    public static final int KNOWN_FLAGS = FLAG_MAX_TIMESTAMP;

    private static final int FLAGS_SHIFT = 24;

    private RecordDescriptor()
    {
    }

    /**
     * @param countAndFlags the int at {@link #COUNT_AND_FLAGS_OFFSET}.
     * @return the number of records in the batch.
     */
    public static int count(final int countAndFlags)
    {
        return countAndFlags & MAX_RECORD_COUNT;
    }

    /**
     * @param countAndFlags the int at {@link #COUNT_AND_FLAGS_OFFSET}.
     * @return the flags.
     */
    public static int flags(final int countAndFlags)
    {
        return countAndFlags >>> FLAGS_SHIFT;
    }

    /**
     * @param count records in the batch, 1 to {@link #MAX_RECORD_COUNT}.
     * @param flags flags.
     * @return the int stored at {@link #COUNT_AND_FLAGS_OFFSET}.
     */
    public static int countAndFlags(final int count, final int flags)
    {
        return count | (flags << FLAGS_SHIFT);
    }

    /**
     * @param flags the batch's flags.
     * @return the batch header length: where its first record starts.
     */
    public static int batchHeaderLength(final int flags)
    {
        return MIN_BATCH_HEADER_LENGTH + ((flags & FLAG_MAX_TIMESTAMP) << 3);
    }

    /**
     * @param value an unsigned int.
     * @return bytes its varint takes.
     */
    public static int varintLength(final int value)
    {
        // 1 byte per 7 bits; 0 takes one byte.
        return (38 - Integer.numberOfLeadingZeros(value | 1)) / 7;
    }

    /**
     * @param value a long read as unsigned.
     * @return bytes its varint takes.
     */
    public static int varlongLength(final long value)
    {
        return (70 - Long.numberOfLeadingZeros(value | 1)) / 7;
    }

    /**
     * @param delta a signed timestamp difference.
     * @return its zig-zag encoding, small for small magnitudes of either sign.
     */
    public static long zigZag(final long delta)
    {
        return (delta << 1) ^ (delta >> 63);
    }

    /**
     * @param encoded a zig-zag encoded value.
     * @return the signed value.
     */
    public static long unZigZag(final long encoded)
    {
        return (encoded >>> 1) ^ -(encoded & 1);
    }

    /**
     * @param keyLength   key bytes.
     * @param valueLength value bytes.
     * @param zigZagDelta the record's zig-zag timestamp delta.
     * @return the record header length.
     */
    public static int recordHeaderLength(final int keyLength, final int valueLength, final long zigZagDelta)
    {
        return varintLength(keyLength) + varintLength(valueLength) + varlongLength(zigZagDelta);
    }

    /**
     * Write a record header.
     *
     * @return the index after it.
     */
    static int putRecordHeader(final MutableDirectBuffer buffer, final int index, final int keyLength,
        final int valueLength, final long zigZagDelta)
    {
        int i = putVarlong(buffer, index, keyLength);
        i = putVarlong(buffer, i, valueLength);
        return putVarlong(buffer, i, zigZagDelta);
    }

    private static int putVarlong(final MutableDirectBuffer buffer, final int index, final long value)
    {
        int i = index;
        long v = value;
        while ((v & ~0x7FL) != 0)
        {
            buffer.putByte(i++, (byte)((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        buffer.putByte(i++, (byte)v);
        return i;
    }
}
