package dev.rill.log;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

/** RecordChecksum.compute over a batch-sized off-heap buffer: ns per call and per byte. */
public final class CrcCost
{
    public static void main(String[] a)
    {
        final int len = Integer.parseInt(a[0]);
        final UnsafeBuffer b = new UnsafeBuffer(BufferUtil.allocateDirectAligned(1 << 16, 64));
        for (int i = 0; i < len; i++) b.putByte(i, (byte)i);
        long sink = 0;
        for (int round = 0; round < 5; round++)
        {
            final int n = 2_000_000;
            final long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) sink += RecordChecksum.compute(b.addressOffset(), len);
            final double ns = (System.nanoTime() - t0) / (double)n;
            System.out.printf("len %d: %.1f ns per batch, %.3f ns/byte (%d)%n", len, ns, ns / len, sink & 1);
        }
    }
}
