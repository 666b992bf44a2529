package dev.rill.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;

import dev.rill.engine.internal.WatermarkTracker;

class WatermarksAndBatchesTest
{
    private static final long MS = 1_000_000L;

    private static PipelineConfig.Builder eventTime(final CachedEpochClock clock)
    {
        return PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING).clock(clock)
            .batchInterval(BatchTime.EVENT_TIME, 1_000);
    }

    /** Collects each batch as "time:[key@ms, ...]". */
    private static BatchConsumer collect(final List<String> out)
    {
        return (batchTimeMs, batch) ->
        {
            final StringBuilder sb = new StringBuilder().append(batchTimeMs).append(":[");
            for (int i = 0; i < batch.size(); i++)
            {
                sb.append(i == 0 ? "" : ", ").append(batch.get(i).key()).append('@')
                    .append(batch.get(i).eventTimeNs() / MS);
            }
            out.add(sb.append(']').toString());
        };
    }

    @Test
    void eventTimeBatchesAreCutByTimestampsAndEmittedWhenTheWatermarkPassesTheirEnd()
    {
        final CachedEpochClock clock = new CachedEpochClock();
        final EventQueue queue = new EventQueue("q", 1);
        final List<String> batches = new ArrayList<>();
        try (Pipeline pipeline = Pipeline.create(eventTime(clock).build()))
        {
            pipeline.queueStream(queue).foreachBatch(collect(batches));
            pipeline.start();
            queue.add(0, 100, 1, 0).add(0, 300, 2, 0).add(0, 2_500, 3, 0);
            pipeline.runUntilIdle();
            assertEquals(2_500 * MS, pipeline.watermarkNs(0));
            assertEquals(List.of("1000:[1@100, 2@300]", "2000:[]"), batches);

            queue.add(0, 1_200, 4, 0).add(0, 2_999, 5, 0).add(0, 2_000, 6, 0);
            pipeline.runUntilIdle();
            assertEquals(1, pipeline.lateEvents(), "1200 ms is in batch 2000, already emitted at watermark 2500");
            assertEquals(List.of("1000:[1@100, 2@300]", "2000:[]"), batches);

            queue.end();
            pipeline.runUntilIdle();
            assertTrue(pipeline.isTerminated());
            assertEquals(Long.MAX_VALUE, pipeline.watermarkNs(0), "end of input is the end of time");
        }
        assertEquals(List.of("1000:[1@100, 2@300]", "2000:[]", "3000:[3@2500, 5@2999, 6@2000]"), batches);
    }

    @Test
    void watermarkIsTheMinimumOverPartitionsAndAnIdlePartitionStopsHoldingItBack()
    {
        final CachedEpochClock clock = new CachedEpochClock();
        final EventQueue queue = new EventQueue("q", 2);
        final List<String> batches = new ArrayList<>();
        try (Pipeline pipeline = Pipeline.create(eventTime(clock).maxOutOfOrdernessMs(500).idleTimeoutMs(1_000)
            .build()))
        {
            pipeline.queueStream(queue).foreachBatch(collect(batches));
            pipeline.start();
            clock.update(900);
            queue.add(0, 1_000, 1, 0).add(0, 3_000, 2, 0);
            pipeline.runUntilIdle();
            assertEquals(Long.MIN_VALUE, pipeline.watermarkNs(0), "partition 1 has sent nothing and is not idle yet");
            assertEquals(List.of(), batches);

            clock.update(1_000);
            pipeline.runUntilIdle();
            assertEquals(2_500 * MS, pipeline.watermarkNs(0), "partition 1 idle: partition 0's 3000 - 500 alone");
            assertEquals(List.of("2000:[1@1000]"), batches);

            queue.add(1, 1_500, 3, 0).add(1, 2_600, 4, 0);
            pipeline.runUntilIdle();
            assertEquals(1, pipeline.lateEvents(), "1500 ms from the returning partition is behind the watermark");
            assertEquals(2_500 * MS, pipeline.watermarkNs(0), "a watermark never goes back");

            queue.add(0, 4_200, 5, 0).add(1, 4_100, 6, 0);
            pipeline.runUntilIdle();
            assertEquals(3_600 * MS, pipeline.watermarkNs(0), "min(4200, 4100) - 500");
            assertEquals(List.of("2000:[1@1000]", "3000:[4@2600]"), batches);

            queue.end();
            pipeline.runUntilIdle();
            assertTrue(pipeline.isTerminated());
        }
        assertEquals(List.of("2000:[1@1000]", "3000:[4@2600]", "4000:[2@3000]", "5000:[5@4200, 6@4100]"), batches);
    }

    @Test
    void trackerCombinesPartitionsIdlesThemOutAndNeverGoesBack()
    {
        final WatermarkTracker tracker = new WatermarkTracker(new int[] {3, 7}, 10, 100, 0);
        assertEquals(Long.MIN_VALUE, tracker.watermarkNs(0));
        tracker.onEvent(3, 50 * MS, 10);
        assertEquals(Long.MIN_VALUE, tracker.watermarkNs(50), "partition 7 holds time back");
        tracker.onEvent(7, 30 * MS, 60);
        assertEquals(20 * MS, tracker.watermarkNs(60));
        assertEquals(40 * MS, tracker.watermarkNs(160), "partition 7 idle since 60: partition 3 alone");
        assertEquals(40 * MS, tracker.watermarkNs(500), "both idle: the greatest of their own watermarks");
        tracker.onEvent(7, 31 * MS, 500);
        assertEquals(40 * MS, tracker.watermarkNs(500), "never lower");
    }

    @Test
    void watermarksCrossRingsAndAStageWithSeveralInputsFollowsTheSlowestOne()
    {
        final CachedEpochClock clock = new CachedEpochClock();
        final EventQueue fast = new EventQueue("fast", 1);
        final EventQueue slow = new EventQueue("slow", 1);
        final List<String> batches = new ArrayList<>();
        try (Pipeline pipeline = Pipeline.create(eventTime(clock).ringSize(16).maxOutputsPerInput(4).build()))
        {
            final EventStream left = pipeline.queueStream(fast).repartition(2);
            final EventStream right = pipeline.queueStream(slow);
            left.union(right).foreachBatch(collect(batches));
            final String plan = pipeline.describe();
            assertTrue(plan.contains("stage 3: shards=1"), plan);
            assertTrue(plan.contains("fused: batch#"), plan);
            pipeline.start();
            fast.add(0, 500, 1, 0).add(0, 5_000, 2, 0);
            slow.add(0, 700, 3, 0).add(0, 2_100, 4, 0);
            pipeline.runUntilIdle();
            assertEquals(5_000 * MS, pipeline.watermarkNs(0));
            assertEquals(5_000 * MS, pipeline.watermarkNs(1), "both shards of the repartition got it");
            assertEquals(2_100 * MS, pipeline.watermarkNs(3), "union: minimum over its inputs and producers");
            assertEquals(0, pipeline.lateEvents(), "5000 ms arriving first does not make 500 ms late");
            assertEquals(List.of("1000:[1@500, 3@700]", "2000:[]"), batches);
            slow.end();
            pipeline.runUntilIdle();
            assertEquals(5_000 * MS, pipeline.watermarkNs(3), "the ended input no longer holds time back");
            fast.end();
            pipeline.runUntilIdle();
            assertTrue(pipeline.isTerminated());
        }
        assertEquals(List.of("1000:[1@500, 3@700]", "2000:[]", "3000:[4@2100]", "4000:[]", "5000:[]",
            "6000:[2@5000]"), batches);
    }

    @Test
    void processingTimeBatchesAreCutByTheInjectedClockIncludingEmptyOnes()
    {
        final CachedEpochClock clock = new CachedEpochClock();
        final EventQueue queue = new EventQueue("q", 1);
        final List<String> batches = new ArrayList<>();
        try (Pipeline pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING)
            .clock(clock).batchInterval(BatchTime.PROCESSING_TIME, 1_000).build()))
        {
            pipeline.queueStream(queue).foreachBatch(collect(batches));
            pipeline.start();
            clock.update(10_200);
            pipeline.runUntilIdle();
            // event times do not matter in processing time: 1 ms, 99 s
            clock.update(10_500);
            queue.add(0, 1, 1, 0).add(0, 99_000, 2, 0);
            pipeline.runUntilIdle();
            assertEquals(List.of(), batches);
            clock.update(11_000);
            pipeline.runUntilIdle();
            assertEquals(List.of("11000:[1@1, 2@99000]"), batches);
            clock.update(13_400);
            queue.add(0, 5, 3, 0);
            pipeline.runUntilIdle();
            assertEquals(List.of("11000:[1@1, 2@99000]", "12000:[]", "13000:[]"), batches);
            queue.end();
            pipeline.runUntilIdle();
            assertTrue(pipeline.isTerminated());
        }
        assertEquals(List.of("11000:[1@1, 2@99000]", "12000:[]", "13000:[]", "14000:[3@5]"), batches);
    }

    @Test
    void theGeneratorsEventTimeBatchesCountExactlyOnDedicatedThreadsThroughAShuffle() throws Exception
    {
        final List<String> counts = java.util.Collections.synchronizedList(new ArrayList<>());
        try (Pipeline pipeline = Pipeline.create(PipelineConfig.builder().waitStrategy(WaitStrategy.YIELDING)
            .ringSize(64).batchInterval(BatchTime.EVENT_TIME, 1).build()))
        {
            // event i has time i microseconds: 1000 events per 1 ms batch
            pipeline.generatorStream(100, 10_500)
                .repartition(2)
                .count()
                .foreachBatch((time, batch) -> counts.add(time + "=" + batch.get(0).long0()));
            pipeline.start();
            assertTrue(pipeline.awaitTermination(30_000));
        }
        final List<String> expected = new ArrayList<>();
        for (int ms = 1; ms <= 10; ms++)
        {
            expected.add(ms + "=1000");
        }
        expected.add("11=500");
        assertEquals(expected, counts);
    }
}
