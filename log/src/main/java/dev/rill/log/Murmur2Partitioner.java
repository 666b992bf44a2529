package dev.rill.log;

import org.agrona.DirectBuffer;

/**
 * Kafka's default partitioner for keyed records: {@code toPositive(murmur2(key)) % partitions}, so a key lands
 * in the same partition as Kafka would put it for the same partition count.
 * Stateless and thread-safe; allocates nothing.
 */
public final class Murmur2Partitioner
{
    private static final int SEED = 0x9747b28c;
    private static final int M = 0x5bd1e995;
    private static final int R = 24;

    private Murmur2Partitioner()
    {
    }

    /**
     * @param key        key bytes.
     * @param partitions number of partitions, &gt; 0.
     * @return the partition Kafka's default partitioner picks for this key.
     */
    public static int partition(final byte[] key, final int partitions)
    {
        return (murmur2(key, 0, key.length) & 0x7fffffff) % partitions;
    }

    /**
     * @param buffer     holding the key.
     * @param offset     of the key in the buffer.
     * @param length     of the key in bytes.
     * @param partitions number of partitions, &gt; 0.
     * @return the partition Kafka's default partitioner picks for this key.
     */
    public static int partition(final DirectBuffer buffer, final int offset, final int length, final int partitions)
    {
        return (murmur2(buffer, offset, length) & 0x7fffffff) % partitions;
    }

    /**
     * Kafka's {@code Utils.murmur2}.
     *
     * @param data   bytes.
     * @param offset first byte.
     * @param length number of bytes.
     * @return the 32-bit hash.
     */
    public static int murmur2(final byte[] data, final int offset, final int length)
    {
        int h = SEED ^ length;
        final int length4 = length / 4;
        for (int i = 0; i < length4; i++)
        {
            final int i4 = offset + i * 4;
            int k = (data[i4] & 0xff) + ((data[i4 + 1] & 0xff) << 8) + ((data[i4 + 2] & 0xff) << 16) +
                ((data[i4 + 3] & 0xff) << 24);
            k *= M;
            k ^= k >>> R;
            k *= M;
            h *= M;
            h ^= k;
        }
        final int tail = offset + (length & ~3);
        final int remaining = length & 3;
        if (remaining == 3)
        {
            h ^= (data[tail + 2] & 0xff) << 16;
        }
        if (remaining >= 2)
        {
            h ^= (data[tail + 1] & 0xff) << 8;
        }
        if (remaining >= 1)
        {
            h ^= data[tail] & 0xff;
            h *= M;
        }
        h ^= h >>> 13;
        h *= M;
        h ^= h >>> 15;
        return h;
    }

    /**
     * Kafka's {@code Utils.murmur2} over bytes in a buffer.
     *
     * @param data   buffer.
     * @param offset first byte.
     * @param length number of bytes.
     * @return the 32-bit hash.
     */
    public static int murmur2(final DirectBuffer data, final int offset, final int length)
    {
        int h = SEED ^ length;
        final int length4 = length / 4;
        for (int i = 0; i < length4; i++)
        {
            final int i4 = offset + i * 4;
            int k = (data.getByte(i4) & 0xff) + ((data.getByte(i4 + 1) & 0xff) << 8) +
                ((data.getByte(i4 + 2) & 0xff) << 16) + ((data.getByte(i4 + 3) & 0xff) << 24);
            k *= M;
            k ^= k >>> R;
            k *= M;
            h *= M;
            h ^= k;
        }
        final int tail = offset + (length & ~3);
        final int remaining = length & 3;
        if (remaining == 3)
        {
            h ^= (data.getByte(tail + 2) & 0xff) << 16;
        }
        if (remaining >= 2)
        {
            h ^= (data.getByte(tail + 1) & 0xff) << 8;
        }
        if (remaining >= 1)
        {
            h ^= data.getByte(tail) & 0xff;
            h *= M;
        }
        h ^= h >>> 13;
        h *= M;
        h ^= h >>> 15;
        return h;
    }
}
