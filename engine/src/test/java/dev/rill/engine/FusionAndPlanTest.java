package dev.rill.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class FusionAndPlanTest
{
    @Test
    void mapThenFilterFuseIntoOneStage() throws Exception
    {
        final List<Long> out = new ArrayList<>();
        final Pipeline pipeline = Pipeline.create(
            PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING).build());
        pipeline.generatorStream(100, 1_000)
            .map((in, o) -> o.long2(in.long0() * in.long1()))
            .filter(e -> e.key() % 2 == 0)
            .foreach(e -> out.add(e.long2()));
        final String plan = pipeline.describe();
        assertTrue(plan.contains("stages=1, rings=0"), plan);
        assertTrue(plan.contains("fused: map#2 -> filter#3"), plan);
        assertTrue(plan.contains("out: sink foreach#4 (foreach)"), plan);
        pipeline.start();
        assertTrue(pipeline.awaitTermination(10_000));

        final List<Long> expected = new ArrayList<>();
        final ReferenceGenerator generator = new ReferenceGenerator(100);
        final Event e = new Event();
        for (int i = 0; i < 1_000; i++)
        {
            generator.fill(i, e);
            if (e.key() % 2 == 0)
            {
                expected.add(e.long0() * e.long1());
            }
        }
        assertEquals(expected, out);
    }

    @Test
    void boundariesStartStagesAndThePlanShowsRingsShardsThreadsAndWaits()
    {
        try (Pipeline pipeline = Pipeline.create(PipelineConfig.builder().ringSize(256).build()))
        {
            pipeline.generatorStream(100, 10)
                .map("price2", (in, o) -> o.long0(in.long0() * 2))
                .repartition(3)
                .waitStrategy(WaitStrategy.YIELDING)
                .filter("odd", e -> (e.key() & 1) == 1)
                .async()
                .pinToCpu(0)
                .foreach("sink", e -> { });
            final String plan = pipeline.describe();
            assertTrue(plan.contains("stages=3, rings=6, threads=7"), plan);
            assertTrue(plan.contains("stage 0: shards=1, threads=[rill-s0-0], wait=BACKOFF, cpu=any"), plan);
            assertTrue(plan.contains("stage 1: shards=3, threads=[rill-s1-0, rill-s1-1, rill-s1-2], " +
                "wait=YIELDING, cpu=any"), plan);
            assertTrue(plan.contains("in: rings s1.in0.0..s1.in0.2 (256 slots each, single-producer) from stage 0 " +
                "(by key hash)"), plan);
            assertTrue(plan.contains("in: rings s2.in0.0..s2.in0.2 (256 slots each, single-producer) from stage 1 " +
                "(async, shard i to shard i)"), plan);
            assertTrue(plan.contains("wait=BACKOFF, cpu=0"), plan);
            assertTrue(plan.contains("fused: price2\n"), plan);
            assertTrue(plan.contains("out: route by key hash to stage 1"), plan);
            assertEquals(plan, pipeline.explain());
        }
    }
}
