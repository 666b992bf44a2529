package dev.rill.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Single-producer rings are published once per duty cycle, and a map before one writes into the ring slot: what a
 * producer's cycle took is visible to the consumer's next cycle, complete and in order, and the fan-out limit still
 * holds for outputs written in place.
 */
class DutyCyclePublishTest
{
    @Test
    void everythingOneDutyCycleTookReachesTheConsumersNextCycle()
    {
        final List<String> out = new ArrayList<>();
        try (Pipeline pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING)
            .ringSize(64).batchSize(10).build()))
        {
            pipeline.generatorStream(100, 1_000)
                .map((in, o) -> o.long2(in.sourceOffset() * 3))
                .repartition(1)
                .foreach(e -> out.add(e.sourceOffset() + ":" + e.long2()));
            pipeline.start();
            for (int cycle = 1; cycle <= 30; cycle++)
            {
                pipeline.stepStage(0);
                pipeline.stepStage(1);
                assertEquals(cycle * 10, out.size(), "after cycle " + cycle);
            }
            pipeline.runUntilIdle();
            assertTrue(pipeline.isTerminated());
        }
        assertEquals(1_000, out.size());
        for (int i = 0; i < out.size(); i++)
        {
            assertEquals(i + ":" + i * 3, out.get(i), "event " + i);
        }
    }

    @Test
    void aMapWritingIntoRingSlotsStillCountsOutputsAgainstTheFanOutLimit()
    {
        try (Pipeline pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING)
            .ringSize(16).maxOutputsPerInput(2).build()))
        {
            pipeline.generatorStream(10, 10)
                .flatMap("spray", (in, emitter) ->
                {
                    for (int i = 0; i < 3; i++)
                    {
                        emitter.claim();
                        emitter.emit();
                    }
                })
                .map("after", (in, o) -> o.long3(1))
                .async()
                .foreach(e -> { });
            pipeline.start();
            final PipelineException ex = assertThrows(PipelineException.class, pipeline::runUntilIdle);
            assertEquals("spray", ex.operatorName());
            assertEquals(0, ex.sourceOffset());
        }
    }
}
