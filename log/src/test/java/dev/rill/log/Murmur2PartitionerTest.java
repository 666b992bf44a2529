package dev.rill.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * The {@code DirectBuffer} variants of murmur2 agree with the {@code byte[]} one (itself checked against Kafka's
 * known values in {@link LogBasicsTest}) for random keys of every length, at any offset, on and off the heap.
 */
class Murmur2PartitionerTest
{
    @Test
    void directBufferAndByteArrayVariantsAgree()
    {
        final SplittableRandom random = new SplittableRandom(0x5eed);
        final byte[] backing = new byte[300];
        final UnsafeBuffer onHeap = new UnsafeBuffer(backing);
        final UnsafeBuffer offHeap = new UnsafeBuffer(ByteBuffer.allocateDirect(300));
        for (int run = 0; run < 20_000; run++)
        {
            final int length = run < 200 ? run % 100 : random.nextInt(0, 257);
            final int offset = random.nextInt(0, 300 - length + 1);
            for (int i = 0; i < backing.length; i++)
            {
                backing[i] = (byte)random.nextInt();
            }
            offHeap.putBytes(0, backing);
            final byte[] key = java.util.Arrays.copyOfRange(backing, offset, offset + length);
            final int expected = Murmur2Partitioner.murmur2(key, 0, length);
            final String what = "length " + length + " at offset " + offset;
            assertEquals(expected, Murmur2Partitioner.murmur2(backing, offset, length), what);
            assertEquals(expected, Murmur2Partitioner.murmur2(onHeap, offset, length), what);
            assertEquals(expected, Murmur2Partitioner.murmur2(offHeap, offset, length), what);
            final int partitions = random.nextInt(1, 5000);
            final int partition = Murmur2Partitioner.partition(key, partitions);
            assertTrue(partition >= 0 && partition < partitions, what);
            assertEquals((expected & 0x7fffffff) % partitions, partition, what);
            assertEquals(partition, Murmur2Partitioner.partition(onHeap, offset, length, partitions), what);
            assertEquals(partition, Murmur2Partitioner.partition(offHeap, offset, length, partitions), what);
        }
    }

    @Test
    void hashesWhoseSignBitIsSetStillGiveAValidPartition()
    {
        // Kafka masks the sign bit (toPositive) rather than taking Math.abs, which fails for Integer.MIN_VALUE.
        final byte[] foobar = "foobar".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(Murmur2Partitioner.murmur2(foobar, 0, foobar.length) < 0);
        assertEquals((-790332482 & 0x7fffffff) % 7, Murmur2Partitioner.partition(foobar, 7));
    }
}
