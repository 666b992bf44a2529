package dev.rill.operators.state;

import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * Prints heap and off-heap bytes per key, build time and the slowest single insert (growth included) for
 * {@link LongKeyedState} and {@link BytesKeyedState} from 10 thousand to 10 million keys. A measurement for
 * operators/NOTES.md, not a test: it asserts nothing about time. Run as described there.
 */
public final class StateFootprint
{
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private StateFootprint()
    {
    }

    public static void main(final String[] args)
    {
        if (args.length > 0 && "raw".equals(args[0]))
        {
            measureRawMemory(400L << 20);
            return;
        }
        final int[] sizes = {10_000, 100_000, 1_000_000, 10_000_000};
        System.out.println(
            "map                          keys  capacity  heap B/key  off-heap B/key  build ms  max wall us/op  max cpu us/op");
        for (final int keys : sizes)
        {
            measureLong(keys, 0);
        }
        measureLong(10_000_000, 10_000_000);
        for (final int keys : sizes)
        {
            measureBytes(keys);
        }
        measureClear(10_000_000);
    }

    private static void measureLong(final int keys, final int expectedKeys)
    {
        final long heapBefore = usedHeap();
        final LongKeyedState state = new LongKeyedState(2, expectedKeys);
        long maxNs = 0;
        long maxCpuNs = 0;
        final long start = System.nanoTime();
        long previous = start;
        long previousCpu = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < keys; i++)
        {
            final int slot = state.getOrInsert(OffHeapTable.mix(i + 1));
            state.addLong(slot, 0, i);
            state.addLong(slot, 1, 1);
            final long now = System.nanoTime();
            final long nowCpu = THREADS.getCurrentThreadCpuTime();
            maxNs = Math.max(maxNs, now - previous);
            maxCpuNs = Math.max(maxCpuNs, nowCpu - previousCpu);
            previous = now;
            previousCpu = nowCpu;
        }
        final long buildNs = System.nanoTime() - start;
        final long heapAfter = usedHeap();
        check(state.size() == keys && state.getLong(state.find(OffHeapTable.mix(keys)), 0) == keys - 1, "content");
        print(expectedKeys == 0 ? "LongKeyedState(2)" : "LongKeyedState(2) sized", keys, state.capacity(),
            heapAfter - heapBefore, state.offHeapBytes(), buildNs, maxNs, maxCpuNs);
        state.close();
    }

    private static void measureBytes(final int keys)
    {
        final UnsafeBuffer key = new UnsafeBuffer(new byte[16]);
        final long heapBefore = usedHeap();
        final BytesKeyedState state = new BytesKeyedState(16, 2, 0);
        long maxNs = 0;
        long maxCpuNs = 0;
        final long start = System.nanoTime();
        long previous = start;
        long previousCpu = THREADS.getCurrentThreadCpuTime();
        for (int i = 0; i < keys; i++)
        {
            final int length = symbol(key, i);
            final int slot = state.getOrInsert(key, 0, length);
            state.addLong(slot, 0, i);
            final long now = System.nanoTime();
            final long nowCpu = THREADS.getCurrentThreadCpuTime();
            maxNs = Math.max(maxNs, now - previous);
            maxCpuNs = Math.max(maxCpuNs, nowCpu - previousCpu);
            previous = now;
            previousCpu = nowCpu;
        }
        final long buildNs = System.nanoTime() - start;
        final long heapAfter = usedHeap();
        check(state.size() == keys && state.getLong(state.find(key, 0, symbol(key, keys - 1)), 0) == keys - 1, "content");
        print("BytesKeyedState(16,2)", keys, state.capacity(), heapAfter - heapBefore, state.offHeapBytes(), buildNs,
            maxNs, maxCpuNs);
        state.close();
    }

    private static void measureClear(final int keys)
    {
        try (LongKeyedState state = new LongKeyedState(2, keys))
        {
            for (int i = 0; i < keys; i++)
            {
                state.getOrInsert(i);
            }
            final long start = System.nanoTime();
            state.clear();
            System.out.printf("clear() of LongKeyedState(2) with %d keys, capacity %d: %.1f ms%n",
                keys, state.capacity(), (System.nanoTime() - start) / 1e6);
        }
    }

    /** What a stop-the-world growth would pay before rehashing anything: zero a new table, free the old one. */
    private static void measureRawMemory(final long bytes)
    {
        final long address = UnsafeApi.allocateMemory(bytes);
        final long cpu0 = THREADS.getCurrentThreadCpuTime();
        final long wall0 = System.nanoTime();
        UnsafeApi.setMemory(address, bytes, (byte)0);
        final long cpu1 = THREADS.getCurrentThreadCpuTime();
        final long wall1 = System.nanoTime();
        UnsafeApi.freeMemory(address);
        final long cpu2 = THREADS.getCurrentThreadCpuTime();
        final long wall2 = System.nanoTime();
        System.out.printf("%d MB in one call: zero %.1f ms cpu (%.1f ms wall), free %.1f ms cpu (%.1f ms wall)%n",
            bytes >> 20, (cpu1 - cpu0) / 1e6, (wall1 - wall0) / 1e6, (cpu2 - cpu1) / 1e6, (wall2 - wall1) / 1e6);
    }

    /** Writes "SYM" and the decimal digits of i, without allocating. */
    private static int symbol(final UnsafeBuffer buffer, final int i)
    {
        buffer.putByte(0, (byte)'S');
        buffer.putByte(1, (byte)'Y');
        buffer.putByte(2, (byte)'M');
        return 3 + buffer.putNaturalIntAscii(3, i);
    }

    private static void print(
        final String name, final int keys, final long capacity, final long heapBytes, final long offHeapBytes,
        final long buildNs, final long maxNs, final long maxCpuNs)
    {
        System.out.printf("%-23s %9d %9d %11.3f %15.1f %9.0f %14.1f %14.1f%n", name, keys, capacity,
            (double)heapBytes / keys, (double)offHeapBytes / keys, buildNs / 1e6, maxNs / 1e3, maxCpuNs / 1e3);
    }

    private static long usedHeap()
    {
        final Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++)
        {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static void check(final boolean condition, final String what)
    {
        if (!condition)
        {
            throw new IllegalStateException("measurement invalid: " + what);
        }
    }
}
