package dev.rill.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class BackpressureTest
{
    @Test
    void aStalledSinkStopsTheSourceAtExactlyOneRingOfEventsThenEverythingArrivesOnceInOrder()
    {
        final int ringSize = 128;
        final int events = 5_000;
        final long[] generated = new long[1];
        final long[] next = new long[1];
        try (Pipeline pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING)
            .ringSize(ringSize).batchSize(50).build()))
        {
            pipeline.generatorStream(100, events)
                .map((in, out) -> generated[0]++)
                .async()
                .foreach(e -> assertEquals(next[0]++, e.sourceOffset(), "order"));
            pipeline.start();
            for (int i = 0; i < 1_000; i++)
            {
                pipeline.stepStage(0);
            }
            assertEquals(ringSize, generated[0], "source must wait when the ring is full, never drop or overrun");
            assertEquals(0, pipeline.stepStage(0), "a full ring means no work for the source");
            pipeline.runUntilIdle();
            assertTrue(pipeline.isTerminated());
        }
        assertEquals(events, generated[0]);
        assertEquals(events, next[0]);
    }

    @Test
    void aSlowSinkOnItsOwnThreadBoundsWhatIsInFlightAndLosesNothing() throws Exception
    {
        final int ringSize = 64;
        final int events = 20_000;
        final AtomicLong generated = new AtomicLong();
        final long[] next = new long[1];
        final long[] maxInFlight = new long[1];
        try (Pipeline pipeline = Pipeline.create(PipelineConfig.builder()
            .waitStrategy(WaitStrategy.YIELDING).ringSize(ringSize).build()))
        {
            pipeline.generatorStream(100, events)
                .map((in, out) -> generated.incrementAndGet())
                .async()
                .foreach(e ->
                {
                    for (int i = 0; i < 20; i++)
                    {
                        Thread.yield(); // a slow sink
                    }
                    maxInFlight[0] = Math.max(maxInFlight[0], generated.get() - next[0]);
                    if (e.sourceOffset() != next[0])
                    {
                        throw new AssertionError("expected offset " + next[0] + ", got " + e.sourceOffset());
                    }
                    next[0]++;
                });
            pipeline.start();
            assertTrue(pipeline.awaitTermination(50_000), "terminated");
        }
        assertEquals(events, next[0], "every event delivered exactly once");
        assertTrue(maxInFlight[0] <= ringSize + 1, "in flight " + maxInFlight[0] + " > ring " + ringSize + " + 1");
    }
}
