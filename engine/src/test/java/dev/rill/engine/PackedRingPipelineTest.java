package dev.rill.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import dev.rill.engine.workloads.W1Pipeline;

/**
 * Packed rings ({@code internal.RingInput}) with a thread per stage: a repartition into {@code updateStateByKey}
 * (which reads only key and long0) crosses a packed ring. Every record arrives once, and in order per key: each
 * carries its generator index, so per key the indices must rise, within a batch and from batch to batch.
 * {@code -Drill.packed.iterations=N} runs more rounds (default 5).
 */
class PackedRingPipelineTest
{
    private static final int ITERATIONS = Integer.getInteger("rill.packed.iterations", 5);
    private static final int SYMBOLS = 100;
    private static final long EVENTS = 300_000;

    @Test
    void everyRecordCrossesOnceAndInOrderPerKeyOnThreads() throws Exception
    {
        for (int iteration = 0; iteration < ITERATIONS; iteration++)
        {
            for (final int shards : new int[] {1, 3})
            {
                run(shards, iteration);
            }
        }
    }

    private static void run(final int shards, final int iteration) throws Exception
    {
        final AtomicLongArray counts = new AtomicLongArray(SYMBOLS);
        final AtomicReference<String> disorder = new AtomicReference<>();
        // small rings and duty cycles: the writer meets a full ring, part slots and markers often
        final PipelineConfig config = W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING)
            .ringSize(64).batchSize(5 + iteration).build();
        try (Pipeline pipeline = Pipeline.create(config))
        {
            pipeline.generatorStream(SYMBOLS, EVENTS)
                .update("index", e -> e.long0(e.sourceOffset()))
                .repartition(shards)
                .updateStateByKey((key, values, state) ->
                {
                    long last = state.exists() ? state.get() : -1;
                    for (int i = 0; i < values.size(); i++)
                    {
                        final long index = values.get(i);
                        if (index <= last)
                        {
                            disorder.compareAndSet(null, "key " + key + ": index " + index + " after " + last);
                        }
                        last = index;
                    }
                    counts.addAndGet((int)key, values.size());
                    if (last >= 0)
                    {
                        state.update(last);
                    }
                })
                .foreach(e -> { });
            final String plan = pipeline.describe();
            assertTrue(plan.contains("packed: up to 8 records a slot"), plan);
            pipeline.start();
            assertTrue(pipeline.awaitTermination(60_000), "terminated");
        }
        assertEquals(null, disorder.get(), "order per key, shards " + shards + ", iteration " + iteration);
        final long[] expected = new long[SYMBOLS];
        for (long i = 0; i < EVENTS; i++)
        {
            expected[ReferenceGenerator.symbol(ReferenceGenerator.draw(i), SYMBOLS)]++;
        }
        for (int k = 0; k < SYMBOLS; k++)
        {
            assertEquals(expected[k], counts.get(k), "records of key " + k + ", shards " + shards + ", iteration " +
                iteration);
        }
    }
}
