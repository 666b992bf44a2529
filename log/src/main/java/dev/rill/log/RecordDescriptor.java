package dev.rill.log;

/**
 * Layout of one record inside a Chronicle Queue document (topic format 2). All fields little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     CRC32C of bytes [4, end)                  |  0
 *  +-----------------------------------------------+---------------+
 *  |              key length (bytes)               |     flags     |  4
 *  +-----------------------------------------------+---------------+
 *  |                   timestamp (epoch nanoseconds)               |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |  offset in the partition            (only if FLAG_OFFSET)     | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |  max timestamp so far in the partition (only if FLAG_MAX_TS)  |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                       key bytes ...                           |
 *  +---------------------------------------------------------------+
 *  |                       value bytes ...                         |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * A record's offset is its roll cycle's first offset plus its Chronicle sequence number in the cycle (offsets are
 * dense and Chronicle's sequence numbers are too), so only the first record of each roll cycle stores its offset:
 * that makes every queue file self-describing after retention removed older cycles. Readers check every other
 * record's position against Chronicle's index instead of against a stored copy.
 * <p>
 * The running maximum timestamp makes "first record with timestamp &ge; T" a binary search even when producers
 * supply timestamps out of order (the same idea as Kafka's time index); it is stored only when it differs from the
 * record's own timestamp, which in-order producers never need.
 * <p>
 * Format 1 (a fixed 32 B header with the offset and the maximum timestamp in every record) cost a 32 B record twice
 * its bytes; format 2 adds 16 B to an in-order record.
 */
public final class RecordDescriptor
{
    /** Offset of the CRC32C field. */
    public static final int CHECKSUM_OFFSET = 0;
    /** Offset of the int holding the key length (low 24 bits) and the flags (high 8 bits). */
    public static final int KEY_LENGTH_AND_FLAGS_OFFSET = 4;
    /** Offset of the timestamp field. */
    public static final int TIMESTAMP_OFFSET = 8;
    /** Where the optional fields start: the offset if {@link #FLAG_OFFSET}, then the max timestamp if
     * {@link #FLAG_MAX_TIMESTAMP}. */
    public static final int OPTIONAL_FIELDS_OFFSET = 16;
    /** Length of the header without optional fields. */
    public static final int MIN_HEADER_LENGTH = 16;
    /** Length of the header with both optional fields; record size limits count this length. */
    public static final int MAX_HEADER_LENGTH = 32;
    /** The checksum covers everything after itself. */
    public static final int CHECKSUMMED_FROM = KEY_LENGTH_AND_FLAGS_OFFSET;
    /** Largest key a record can hold: the key length has 24 bits. */
    public static final int MAX_KEY_LENGTH = (1 << 24) - 1;
    /** Flag: the record stores its offset (the first record of its roll cycle). */
    public static final int FLAG_OFFSET = 1;
    /** Flag: the record stores the partition's running max timestamp (it differs from the record's timestamp). */
    public static final int FLAG_MAX_TIMESTAMP = 2;
    /** Flags this version writes; a record with another bit set is not one this version understands. */
    public static final int KNOWN_FLAGS = FLAG_OFFSET | FLAG_MAX_TIMESTAMP;

    private static final int FLAGS_SHIFT = 24;

    private RecordDescriptor()
    {
    }

    /**
     * @param keyLengthAndFlags the int at {@link #KEY_LENGTH_AND_FLAGS_OFFSET}.
     * @return the key length in bytes.
     */
    public static int keyLength(final int keyLengthAndFlags)
    {
        return keyLengthAndFlags & MAX_KEY_LENGTH;
    }

    /**
     * @param keyLengthAndFlags the int at {@link #KEY_LENGTH_AND_FLAGS_OFFSET}.
     * @return the flags.
     */
    public static int flags(final int keyLengthAndFlags)
    {
        return keyLengthAndFlags >>> FLAGS_SHIFT;
    }

    /**
     * @param keyLength key length in bytes, at most {@link #MAX_KEY_LENGTH}.
     * @param flags     flags.
     * @return the int stored at {@link #KEY_LENGTH_AND_FLAGS_OFFSET}.
     */
    public static int keyLengthAndFlags(final int keyLength, final int flags)
    {
        return keyLength | (flags << FLAGS_SHIFT);
    }

    /**
     * @param flags the record's flags.
     * @return the header length of a record with these flags: where its key starts.
     */
    public static int headerLength(final int flags)
    {
        return MIN_HEADER_LENGTH + ((flags & FLAG_OFFSET) << 3) + ((flags & FLAG_MAX_TIMESTAMP) << 2);
    }

    /**
     * @param flags the record's flags.
     * @return where the max timestamp field is, when {@link #FLAG_MAX_TIMESTAMP} is set.
     */
    public static int maxTimestampOffset(final int flags)
    {
        return OPTIONAL_FIELDS_OFFSET + ((flags & FLAG_OFFSET) << 3);
    }
}
