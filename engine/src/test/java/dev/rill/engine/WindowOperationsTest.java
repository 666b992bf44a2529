package dev.rill.engine;

import static dev.rill.engine.testing.KV.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.CachedEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import dev.rill.engine.testing.BatchTestDriver;
import dev.rill.engine.testing.KV;

/**
 * {@code window} and {@code groupByKeyAndWindow} beyond the conformance cases: arrival order and every field of a
 * record kept through the window, a window after a key-changing map on shards, bad input refused at build time
 * naming both durations (or both slides, for a join), and no allocation per event on the window path.
 */
class WindowOperationsTest
{
    private static Pipeline stepping(final long batchIntervalMs)
    {
        return Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING)
            .clock(new CachedEpochClock()).batchInterval(BatchTime.EVENT_TIME, batchIntervalMs).build());
    }

    @Test
    void aWindowKeepsArrivalOrderAndEveryFieldOfTheRecord()
    {
        final List<String> out = new ArrayList<>();
        try (Pipeline pipeline = stepping(1_000))
        {
            // event times 10, 20, 999 ms (batch 1000) and 1500, 1600 ms (batch 2000); keys deliberately unsorted
            final EventQueue queue = new EventQueue("q", 1).add(0, 10, 5, 1).add(0, 20, 3, 2).add(0, 999, 9, 3)
                .add(0, 1_500, 1, 4).add(0, 1_600, 7, 5);
            pipeline.queueStream(queue)
                .map((in, o) ->
                {
                    final byte[] text = ("r" + in.long0()).getBytes(StandardCharsets.UTF_8);
                    o.long1(in.long0() * 10).long2(-in.long0()).long3(7).double0(in.long0() / 2.0).double1(-1.5)
                        .putBytes(new UnsafeBuffer(text), 0, text.length);
                })
                .window(2_000, 1_000)
                .foreach(e -> out.add((e.eventTimeNs() + 1) / 1_000_000 + ":" + e.key() + "," + e.long0() + "," +
                    e.long1() + "," + e.long2() + "," + e.long3() + "," + e.double0() + "," + e.double1() + "," +
                    e.bytes().getStringWithoutLengthUtf8(0, e.bytesLength()) + "@" + e.sourceName()));
            pipeline.start();
            queue.end();
            pipeline.runUntilIdle();
            assertTrue(pipeline.isTerminated());
        }
        final List<String> expected = new ArrayList<>();
        final String[] records = {"5,1,10,-1,7,0.5,-1.5,r1", "3,2,20,-2,7,1.0,-1.5,r2", "9,3,30,-3,7,1.5,-1.5,r3",
            "1,4,40,-4,7,2.0,-1.5,r4", "7,5,50,-5,7,2.5,-1.5,r5"};
        // window 1000: records 0-2; 2000: 0-4; 3000: 3-4 (the last window holding a record, at the end of input)
        for (int i = 0; i < 3; i++)
        {
            expected.add("1000:" + records[i] + "@window#3");
        }
        for (int i = 0; i < 5; i++)
        {
            expected.add("2000:" + records[i] + "@window#3");
        }
        for (int i = 3; i < 5; i++)
        {
            expected.add("3000:" + records[i] + "@window#3");
        }
        assertEquals(expected, out);
    }

    @Test
    void aWindowOnShardsTakesRecordsWhoseKeyAMapChanged() throws Exception
    {
        // window keeps no state per key, so unlike reduceByKey it does not need the key of the last repartition
        final List<List<KV>> output = BatchTestDriver.withBatchInterval(1_000).shards(2).run(
            List.of(List.of(kv(1, 1), kv(2, 2), kv(3, 3), kv(4, 4))),
            s -> s.map((in, o) -> o.key(in.key() + 100)).window(1_000, 1_000),
            1);
        assertEquals(List.of(List.of(kv(101, 1), kv(102, 2), kv(103, 3), kv(104, 4))), output);
    }

    @Test
    void aWindowThatIsNotAMultipleOfTheBatchIntervalIsRefusedNamingBoth()
    {
        try (Pipeline pipeline = stepping(100))
        {
            final EventStream stream = pipeline.generatorStream(10, 10).repartition(2);
            check(assertThrows(IllegalArgumentException.class, () -> stream.window(1_050, 100)),
                "window length 1050 ms is not a multiple of batch interval 100 ms");
            check(assertThrows(IllegalArgumentException.class, () -> stream.window(1_000, 150)),
                "slide interval 150 ms is not a multiple of batch interval 100 ms");
            check(assertThrows(IllegalArgumentException.class,
                () -> stream.groupByKeyAndWindow(250, 100, (k, v, o) -> { })),
                "window length 250 ms is not a multiple of batch interval 100 ms");
        }
    }

    @Test
    void aSlideLongerThanTheWindowIsRefusedNamingBoth()
    {
        try (Pipeline pipeline = stepping(100))
        {
            final EventStream stream = pipeline.generatorStream(10, 10);
            check(assertThrows(IllegalArgumentException.class, () -> stream.window(200, 400)),
                "slide interval 400 ms is longer than window length 200 ms");
            check(assertThrows(IllegalArgumentException.class,
                () -> stream.groupByKeyAndWindow(200, 300, (k, v, o) -> { })),
                "slide interval 300 ms is longer than window length 200 ms");
        }
    }

    @Test
    void twoJoinedWindowedStreamsWithDifferentSlidesAreRefusedNamingBoth()
    {
        try (Pipeline pipeline = stepping(1_000))
        {
            final EventStream left = pipeline.generatorStream(10, 10).window(4_000, 1_000);
            final EventStream right = pipeline.generatorStream(10, 10).repartition(2).window(4_000, 2_000);
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> left.join(right));
            check(ex, "left 1000 ms, right 2000 ms");
            check(assertThrows(IllegalArgumentException.class, () -> right.fullOuterJoin(left)),
                "left 2000 ms, right 1000 ms");
            check(assertThrows(IllegalArgumentException.class,
                () -> left.cogroup(right, (k, l, r, o) -> { })), "left 1000 ms, right 2000 ms");
            // windows of different lengths but the same slide join (the programming guide's example)
            final EventStream other = pipeline.generatorStream(10, 10).window(2_000, 1_000);
            left.join(other).foreach(e -> { });
        }
    }

    private static void check(final Exception ex, final String text)
    {
        assertTrue(ex.getMessage().contains(text), ex.getMessage());
    }

    @Test
    void theWindowPathAllocatesNothingPerEvent() throws Exception
    {
        // stepping: every stage runs on this thread, so its allocation counter sees the whole pipeline; the cost of a
        // run (rings, preallocated events, buffers) does not depend on N, so the difference is per event
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        final long small = Long.getLong("rill.window.alloc.events", 200_000);
        final long[] events = {small, small, 5 * small};
        final long[] allocated = new long[events.length];
        for (int i = 0; i < events.length; i++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            final long emitted = runWindow(events[i]);
            allocated[i] = threads.getCurrentThreadAllocatedBytes() - before;
            // window 20 ms, slide 10 ms: every record is in exactly two windows
            assertEquals(2 * events[i], emitted, "records emitted for " + events[i] + " events");
        }
        final double perEvent = (allocated[2] - allocated[1]) / (double)(events[2] - events[1]);
        assertTrue(perEvent < 0.5, "bytes per event: " + perEvent + " (runs: " + java.util.Arrays.toString(allocated) +
            ")");
    }

    /** Generator events (1 us apart) through two shards' windows of 20 ms sliding by 10 ms; returns the output count. */
    private static long runWindow(final long events) throws Exception
    {
        final long[] count = new long[1];
        try (Pipeline pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING)
            .ringSize(1 << 12).batchInterval(BatchTime.EVENT_TIME, 10).build()))
        {
            pipeline.generatorStream(100, events).repartition(2).window(20, 10).foreach(e -> count[0]++);
            pipeline.start();
            assertTrue(pipeline.awaitTermination(600_000));
        }
        return count[0];
    }
}
