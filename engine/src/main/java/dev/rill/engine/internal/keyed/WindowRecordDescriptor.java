package dev.rill.engine.internal.keyed;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import dev.rill.engine.Event;

/**
 * How {@code window} stores an {@link Event} in its off-heap {@code RecordWindow}: the record's values and byte
 * area, little-endian (Agrona's default), {@code 60 + bytesLength} bytes:
 * <pre>
 *   0       8       16      24      32      40        48        56           60
 *   +-------+-------+-------+-------+-------+---------+---------+------------+--------------------+
 *   | key   | long0 | long1 | long2 | long3 | double0 | double1 | int length | bytes (length)     |
 *   +-------+-------+-------+-------+-------+---------+---------+------------+--------------------+
 * </pre>
 * Not stored: the event time (a window's records leave with the window's) and the source metadata (they leave named
 * after the window operator, its shard and the window end, as every keyed result). Stateless.
 */
final class WindowRecordDescriptor
{
    static final int KEY_OFFSET = 0;
    static final int LONG0_OFFSET = 8;
    static final int LONG1_OFFSET = 16;
    static final int LONG2_OFFSET = 24;
    static final int LONG3_OFFSET = 32;
    static final int DOUBLE0_OFFSET = 40;
    static final int DOUBLE1_OFFSET = 48;
    static final int BYTES_LENGTH_OFFSET = 56;
    static final int BYTES_OFFSET = 60;

    private WindowRecordDescriptor()
    {
    }

    /** @return bytes the event takes. */
    static int length(final Event event)
    {
        return BYTES_OFFSET + event.bytesLength();
    }

    /** Writes {@code event} at {@code offset}, {@link #length(Event)} bytes. */
    static void write(final Event event, final MutableDirectBuffer buffer, final int offset)
    {
        buffer.putLong(offset + KEY_OFFSET, event.key());
        buffer.putLong(offset + LONG0_OFFSET, event.long0());
        buffer.putLong(offset + LONG1_OFFSET, event.long1());
        buffer.putLong(offset + LONG2_OFFSET, event.long2());
        buffer.putLong(offset + LONG3_OFFSET, event.long3());
        buffer.putDouble(offset + DOUBLE0_OFFSET, event.double0());
        buffer.putDouble(offset + DOUBLE1_OFFSET, event.double1());
        final int bytesLength = event.bytesLength();
        buffer.putInt(offset + BYTES_LENGTH_OFFSET, bytesLength);
        if (bytesLength > 0)
        {
            buffer.putBytes(offset + BYTES_OFFSET, event.bytes(), 0, bytesLength);
        }
    }

    /** Reads the record at {@code offset} into {@code event}'s values and byte area (other fields untouched). */
    static void read(final DirectBuffer buffer, final int offset, final Event event)
    {
        event.key(buffer.getLong(offset + KEY_OFFSET))
            .long0(buffer.getLong(offset + LONG0_OFFSET))
            .long1(buffer.getLong(offset + LONG1_OFFSET))
            .long2(buffer.getLong(offset + LONG2_OFFSET))
            .long3(buffer.getLong(offset + LONG3_OFFSET))
            .double0(buffer.getDouble(offset + DOUBLE0_OFFSET))
            .double1(buffer.getDouble(offset + DOUBLE1_OFFSET))
            .putBytes(buffer, offset + BYTES_OFFSET, buffer.getInt(offset + BYTES_LENGTH_OFFSET));
    }
}
