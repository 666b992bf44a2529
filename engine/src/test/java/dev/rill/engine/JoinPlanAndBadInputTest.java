package dev.rill.engine;

import static dev.rill.engine.testing.KV.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;

import dev.rill.engine.testing.BatchTestDriver;
import dev.rill.engine.testing.KV;

/**
 * Two-stream operators: the plan (two rings per shard, routed by key), Spark's printed tuples for an outer join, a
 * join of two windowed streams of the same slide, and bad input (different batch intervals, batched or foreign or
 * identical streams) refused at build time.
 */
class JoinPlanAndBadInputTest
{
    private static Pipeline stepping()
    {
        return Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING)
            .batchInterval(BatchTime.EVENT_TIME, 1_000).build());
    }

    @Test
    void twoJoinedStreamsWithDifferentBatchIntervalsAreRefusedNamingBoth()
    {
        try (Pipeline pipeline = stepping())
        {
            // Spark: a windowed DStream's batches come every slide; joining it with a 1 s stream fails
            final EventStream windowed = pipeline.generatorStream(10, 10).repartition(2)
                .reduceByKeyAndWindow(Long::sum, 4_000, 2_000);
            final EventStream perBatch = pipeline.generatorStream(10, 10).repartition(2);
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> windowed.join(perBatch));
            assertTrue(ex.getMessage().contains("left 2000 ms") && ex.getMessage().contains("right 1000 ms") &&
                ex.getMessage().contains("different batch intervals"), ex.getMessage());
            // the slide is carried over a repartition, and checked whichever side is windowed
            final EventStream other = pipeline.generatorStream(10, 10);
            final EventStream windowedAgain = pipeline.generatorStream(10, 10)
                .countByValueAndWindow(3_000, 3_000).repartition(2);
            final IllegalArgumentException cogroup = assertThrows(IllegalArgumentException.class,
                () -> other.cogroup(windowedAgain, (k, l, r, out) -> out.accept(k, 0)));
            assertTrue(cogroup.getMessage().contains("left 1000 ms") &&
                cogroup.getMessage().contains("right 3000 ms"), cogroup.getMessage());
        }
    }

    @Test
    void joinsOfABatchedStreamOfItselfOrOfAnotherPipelineAreRefused()
    {
        try (Pipeline pipeline = stepping(); Pipeline another = stepping())
        {
            final EventStream left = pipeline.generatorStream(10, 10);
            final EventStream foreign = another.generatorStream(10, 10);
            assertTrue(assertThrows(IllegalArgumentException.class, () -> left.join(foreign)).getMessage()
                .contains("two pipelines"));
            assertTrue(assertThrows(IllegalArgumentException.class, () -> left.join(left)).getMessage()
                .contains("itself"));
            final EventStream batched = pipeline.generatorStream(10, 10).count();
            assertTrue(assertThrows(IllegalStateException.class, () -> left.leftOuterJoin(batched)).getMessage()
                .contains("batched stream"));
        }
    }

    @Test
    void thePlanRoutesBothStreamsByKeyIntoTwoRingsPerShardAndTagsTheSides()
    {
        try (Pipeline pipeline = stepping())
        {
            pipeline.generatorStream(10, 10).join(pipeline.generatorStream(10, 10).repartition(3))
                .foreach(e -> { });
            final String plan = pipeline.describe();
            assertTrue(plan.contains("stage 3: shards=3"), plan);
            assertTrue(plan.contains("in: rings s3.in0.0..s3.in0.2") && plan.contains("from stage 0 (by key hash)"),
                plan);
            assertTrue(plan.contains("in: rings s3.in1.0..s3.in1.2") && plan.contains("from stage 2 (by key hash)"),
                plan);
            assertTrue(plan.contains("fused: join#3.left") && plan.contains("fused: join#3.right"), plan);
            assertTrue(plan.contains("fused: join#3\n"), plan);
        }
    }

    @Test
    void leftOuterJoinPrintsSparksTuplesWithSomeAndNone()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Pipeline pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING)
            .clock(new CachedEpochClock()).batchInterval(BatchTime.EVENT_TIME, 1_000).printStream(out).build()))
        {
            final EventQueue left = new EventQueue("left", 1).add(0, 10, 1, 1).add(0, 20, 2, 3).add(0, 1_500, 2, 4);
            final EventQueue right = new EventQueue("right", 1).add(0, 15, 1, 9).add(0, 1_600, 3, 8);
            pipeline.queueStream(left).leftOuterJoin(pipeline.queueStream(right)).print();
            pipeline.start();
            left.end();
            right.end();
            pipeline.runUntilIdle();
            assertTrue(pipeline.isTerminated());
        }
        final String dashes = "-------------------------------------------";
        assertEquals(dashes + "\nTime: 1000 ms\n" + dashes + "\n(1,(1,Some(9)))\n(2,(3,None))\n\n" +
            dashes + "\nTime: 2000 ms\n" + dashes + "\n(2,(4,None))\n\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void twoWindowedStreamsOfTheSameSlideJoinWindowByWindow() throws Exception
    {
        // both sides: tumbling sums over 2 batches of 1000 ms; windows end at 2000, 4000 ms
        final List<List<KV>> output = BatchTestDriver.withBatchInterval(1_000).shards(2).run(
            List.of(List.of(kv(1, 1)), List.of(kv(1, 2), kv(2, 7)), List.of(kv(1, 5)), List.of()),
            List.of(List.of(kv(1, 10)), List.of(kv(2, 1)), List.of(), List.of()),
            (l, r) -> l.reduceByKeyAndWindow(Long::sum, 2_000, 2_000)
                .join(r.reduceByKeyAndWindow(Long::sum, 2_000, 2_000))
                .map((in, o) -> o.long0(in.long0() * 1_000 + in.long1())),
            4);
        assertEquals(List.of(List.of(), List.of(kv(1, 3_010), kv(2, 7_001)), List.of(), List.of()), output);
    }
}
