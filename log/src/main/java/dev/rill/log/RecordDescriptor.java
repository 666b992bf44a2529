package dev.rill.log;

/**
 * Layout of one record inside a Chronicle Queue document. All fields little-endian.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                     CRC32C of bytes [4, end)                  |  0
 *  +---------------------------------------------------------------+
 *  |                       key length (bytes)                      |  4
 *  +---------------------------------------------------------------+
 *  |                    offset in the partition                    |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                   timestamp (epoch nanoseconds)               | 16
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |   max timestamp so far in the partition (epoch nanoseconds)   | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                       key bytes ...                           | 32
 *  +---------------------------------------------------------------+
 *  |                       value bytes ...                         |
 *  +---------------------------------------------------------------+
 * </pre>
 *
 * The value length is the document length minus the header and key. The offset is stored so that
 * offsets stay dense and self-describing across roll cycles and after retention removed old cycles.
 * The running maximum timestamp makes "first record with timestamp &ge; T" a binary search even when
 * producers supply timestamps out of order (the same idea as Kafka's time index).
 */
public final class RecordDescriptor
{
    /** Offset of the CRC32C field. */
    public static final int CHECKSUM_OFFSET = 0;
    /** Offset of the key length field. */
    public static final int KEY_LENGTH_OFFSET = 4;
    /** Offset of the record's own offset in its partition. */
    public static final int OFFSET_OFFSET = 8;
    /** Offset of the timestamp field. */
    public static final int TIMESTAMP_OFFSET = 16;
    /** Offset of the running maximum timestamp field. */
    public static final int MAX_TIMESTAMP_OFFSET = 24;
    /** Length of the header; the key starts here. */
    public static final int HEADER_LENGTH = 32;
    /** The checksum covers everything after itself. */
    public static final int CHECKSUMMED_FROM = KEY_LENGTH_OFFSET;

    private RecordDescriptor()
    {
    }
}
