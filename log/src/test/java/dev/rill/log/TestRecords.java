package dev.rill.log;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Records whose every byte is derived from (partition, offset), so a reader can check the content of each record
 * without knowing who wrote it or when: a crashed child JVM, the parent, another thread.
 * <p>
 * Key: {@code offset % 5} bytes. Value: the 8-byte offset, the 4-byte partition, then a pattern whose length
 * varies with the offset (0..{@value #MAX_PATTERN} bytes). Timestamp: {@code 1_000 * offset + partition}.
 */
final class TestRecords
{
    static final int MAX_PATTERN = 300;
    static final int MAX_KEY = 4;
    static final int MAX_VALUE = 12 + MAX_PATTERN;

    private TestRecords()
    {
    }

    static int keyLength(final int partition, final long offset)
    {
        return (int)(offset % (MAX_KEY + 1));
    }

    static int valueLength(final int partition, final long offset)
    {
        return 12 + (int)((offset * 37 + partition * 11) % (MAX_PATTERN + 1));
    }

    static long timestampNs(final int partition, final long offset)
    {
        return 1_000L * offset + partition;
    }

    static byte keyByte(final int partition, final long offset, final int i)
    {
        return (byte)(0x40 + partition * 3 + i + offset);
    }

    static byte patternByte(final int partition, final long offset, final int i)
    {
        return (byte)(offset * 13 + partition * 7 + i);
    }

    static int fillKey(final MutableDirectBuffer buffer, final int partition, final long offset)
    {
        final int length = keyLength(partition, offset);
        for (int i = 0; i < length; i++)
        {
            buffer.putByte(i, keyByte(partition, offset, i));
        }
        return length;
    }

    static int fillValue(final MutableDirectBuffer buffer, final int partition, final long offset)
    {
        final int length = valueLength(partition, offset);
        buffer.putLong(0, offset);
        buffer.putInt(8, partition);
        for (int i = 12; i < length; i++)
        {
            buffer.putByte(i, patternByte(partition, offset, i));
        }
        return length;
    }

    static byte[] key(final int partition, final long offset)
    {
        final byte[] key = new byte[keyLength(partition, offset)];
        fillKey(new UnsafeBuffer(key), partition, offset);
        return key;
    }

    static byte[] value(final int partition, final long offset)
    {
        final byte[] value = new byte[valueLength(partition, offset)];
        fillValue(new UnsafeBuffer(value), partition, offset);
        return value;
    }

    /**
     * @return null if the record holds exactly what {@link #fillKey}/{@link #fillValue} put there for its
     * partition and the given offset, else what differs.
     */
    static String check(final RecordView record, final int partition, final long offset)
    {
        return check(record, partition, offset, timestampNs(partition, offset));
    }

    /**
     * As {@link #check(RecordView, int, long)}, with a timestamp the test chose.
     */
    static String check(final RecordView record, final int partition, final long offset, final long timestampNs)
    {
        if (record.partition() != partition)
        {
            return "partition " + record.partition() + " != " + partition;
        }
        if (record.offset() != offset)
        {
            return "offset " + record.offset() + " != " + offset;
        }
        if (!record.isChecksumValid())
        {
            return "checksum invalid";
        }
        if (record.timestampNs() != timestampNs)
        {
            return "timestamp " + record.timestampNs() + " != " + timestampNs;
        }
        final DirectBuffer b = record.buffer();
        final int keyLength = keyLength(partition, offset);
        if (record.keyLength() != keyLength)
        {
            return "key length " + record.keyLength() + " != " + keyLength;
        }
        for (int i = 0; i < keyLength; i++)
        {
            if (b.getByte(record.keyOffset() + i) != keyByte(partition, offset, i))
            {
                return "key byte " + i;
            }
        }
        final int valueLength = valueLength(partition, offset);
        if (record.valueLength() != valueLength)
        {
            return "value length " + record.valueLength() + " != " + valueLength;
        }
        final int v = record.valueOffset();
        if (b.getLong(v) != offset || b.getInt(v + 8) != partition)
        {
            return "value header (offset " + b.getLong(v) + ", partition " + b.getInt(v + 8) + ")";
        }
        for (int i = 12; i < valueLength; i++)
        {
            if (b.getByte(v + i) != patternByte(partition, offset, i))
            {
                return "value byte " + i;
            }
        }
        return null;
    }
}
