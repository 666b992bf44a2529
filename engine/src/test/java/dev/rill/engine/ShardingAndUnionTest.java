package dev.rill.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;

class ShardingAndUnionTest
{
    private static final int SHARDS = 4;
    private static final int EVENTS = 20_000;

    @Test
    void everyEventReachesTheShardOwningItsKeyInOrderPerKey() throws Exception
    {
        final Map<String, List<long[]>> byThread = new ConcurrentHashMap<>();
        try (Pipeline pipeline = Pipeline.create(
            PipelineConfig.builder().waitStrategy(WaitStrategy.YIELDING).ringSize(256).build()))
        {
            pipeline.generatorStream(500, EVENTS)
                .repartition(SHARDS)
                .foreach(e -> byThread.computeIfAbsent(Thread.currentThread().getName(), t -> new ArrayList<>())
                    .add(new long[] {e.key(), e.sourceOffset()}));
            pipeline.start();
            assertTrue(pipeline.awaitTermination(30_000), "terminated");
        }
        int total = 0;
        final boolean[] seen = new boolean[EVENTS];
        for (final Map.Entry<String, List<long[]>> entry : byThread.entrySet())
        {
            final String thread = entry.getKey();
            assertTrue(thread.startsWith("rill-s1-"), thread);
            final int shard = Integer.parseInt(thread.substring("rill-s1-".length()));
            final Map<Long, Long> lastOffsetByKey = new java.util.HashMap<>();
            for (final long[] keyAndOffset : entry.getValue())
            {
                assertEquals(KeyHash.shardFor(keyAndOffset[0], SHARDS), shard,
                    "key " + keyAndOffset[0] + " at offset " + keyAndOffset[1] + " reached shard " + shard);
                final Long last = lastOffsetByKey.put(keyAndOffset[0], keyAndOffset[1]);
                assertTrue(last == null || last < keyAndOffset[1], "order of key " + keyAndOffset[0] + " broken at " +
                    "offset " + keyAndOffset[1]);
                assertTrue(!seen[(int)keyAndOffset[1]], "duplicate offset " + keyAndOffset[1]);
                seen[(int)keyAndOffset[1]] = true;
                total++;
            }
        }
        assertEquals(EVENTS, total);
        assertEquals(SHARDS, byThread.size(), "every shard got keys");
    }

    @Test
    void keyHashSpreadsSmallKeysOverShards()
    {
        final int[] counts = new int[SHARDS];
        for (long key = 0; key < 4_000; key++)
        {
            counts[KeyHash.shardFor(key, SHARDS)]++;
        }
        for (int s = 0; s < SHARDS; s++)
        {
            assertTrue(counts[s] > 800 && counts[s] < 1200, "shard " + s + " got " + counts[s]);
        }
    }

    @Test
    void unionOfAShardedStreamAndASourcePollsBothRingsAndKeepsOrderPerProducer() throws Exception
    {
        final List<long[]> out = new ArrayList<>();
        try (Pipeline pipeline = Pipeline.create(
            PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING).ringSize(64).batchSize(16).build()))
        {
            final EventStream left = pipeline.generatorStream(10, 3_000).map((in, o) -> o.long3(1)).repartition(2);
            final EventStream right = pipeline.generatorStream(10, 2_000).map((in, o) -> o.long3(2));
            left.union(right).foreach(e -> out.add(new long[] {e.long3(), e.key(), e.sourceOffset()}));
            final String plan = pipeline.describe();
            assertTrue(plan.contains("in: rings s3.in0.0 (64 slots each, multi-producer, 2 producers) from stage 1"),
                plan);
            assertTrue(plan.contains("in: rings s3.in1.0 (64 slots each, single-producer) from stage 2"), plan);
            pipeline.start();
            assertTrue(pipeline.awaitTermination(30_000));
        }
        assertEquals(5_000, out.size());
        final Map<Long, Long> lastOffset = new java.util.HashMap<>();
        int fromLeft = 0;
        for (final long[] r : out)
        {
            fromLeft += r[0] == 1 ? 1 : 0;
            // per (input, key) the order of offsets is kept
            final long slot = r[0] * 1_000 + r[1];
            final Long last = lastOffset.put(slot, r[2]);
            assertTrue(last == null || last < r[2], "order broken for input " + r[0] + " key " + r[1]);
        }
        assertEquals(3_000, fromLeft);
    }
}
