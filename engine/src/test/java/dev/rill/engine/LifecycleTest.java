package dev.rill.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class LifecycleTest
{
    private static List<String> runStepped()
    {
        final List<String> out = new ArrayList<>();
        try (Pipeline pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING)
            .ringSize(64).batchSize(7).maxOutputsPerInput(4).build()))
        {
            pipeline.generatorStream(50, 2_000)
                .flatMap("twice", (in, emitter) ->
                {
                    emitter.claim().long2(0);
                    emitter.emit();
                    emitter.claim().long2(1);
                    emitter.emit();
                })
                .repartition(3)
                .map((in, o) -> o.long3(in.long0() + in.long2()))
                .async()
                .foreach(e -> out.add(e.key() + ":" + e.sourceOffset() + ":" + e.long3()));
            pipeline.start();
            pipeline.runUntilIdle();
            assertTrue(pipeline.isTerminated());
        }
        return out;
    }

    @Test
    void steppingModeIsDeterministic()
    {
        final List<String> first = runStepped();
        final List<String> second = runStepped();
        assertEquals(4_000, first.size());
        assertEquals(first, second);
    }

    @Test
    void endOfStreamDrainsEveryStageOnDedicatedThreads() throws Exception
    {
        final AtomicLong count = new AtomicLong();
        final AtomicLong sum = new AtomicLong();
        try (Pipeline pipeline = Pipeline.create(
            PipelineConfig.builder().waitStrategy(WaitStrategy.YIELDING).ringSize(128).build()))
        {
            pipeline.generatorStream(1_000, 30_000)
                .filter(e -> e.long1() > 10)
                .repartition(2)
                .async()
                .foreach(e ->
                {
                    count.incrementAndGet();
                    sum.addAndGet(e.long1());
                });
            pipeline.start();
            assertTrue(pipeline.awaitTermination(30_000));
            assertTrue(pipeline.isTerminated());
            assertEquals(count.get(), pipeline.eventsIn(2));
            pipeline.stop(true);
        }
        long expectedCount = 0;
        long expectedSum = 0;
        final ReferenceGenerator generator = new ReferenceGenerator(1_000);
        final Event e = new Event();
        for (int i = 0; i < 30_000; i++)
        {
            generator.fill(i, e);
            if (e.long1() > 10)
            {
                expectedCount++;
                expectedSum += e.long1();
            }
        }
        assertEquals(expectedCount, count.get());
        assertEquals(expectedSum, sum.get());
    }

    @Test
    void aFlatMapOverItsFanOutLimitFailsNamingIt()
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
                .async()
                .foreach(e -> { });
            pipeline.start();
            final PipelineException ex = assertThrows(PipelineException.class, pipeline::runUntilIdle);
            assertEquals("spray", ex.operatorName());
            assertEquals(0, ex.sourceOffset());
            assertEquals("generator", ex.sourceName());
        }
    }

    @Test
    void stopNowEndsThreadsOfAPipelineThatWouldRunLong() throws Exception
    {
        final Pipeline pipeline = Pipeline.create(
            PipelineConfig.builder().waitStrategy(WaitStrategy.YIELDING).build());
        pipeline.generatorStream(10, Long.MAX_VALUE).async().foreach(e -> { });
        pipeline.start();
        pipeline.stop(false);
        assertTrue(pipeline.isTerminated());
    }

    @Test
    void badUseIsRejected()
    {
        try (Pipeline noOutput = Pipeline.create(PipelineConfig.defaults()))
        {
            noOutput.generatorStream(10, 10).map((in, o) -> { });
            final IllegalStateException ex = assertThrows(IllegalStateException.class, noOutput::start);
            assertTrue(ex.getMessage().contains("no output operations"), ex.getMessage());
        }
        try (Pipeline dangling = Pipeline.create(PipelineConfig.defaults()))
        {
            dangling.generatorStream(10, 10).foreach(e -> { });
            dangling.generatorStream(10, 10).map("lost", (in, o) -> { });
            final IllegalStateException ex = assertThrows(IllegalStateException.class, dangling::start);
            assertTrue(ex.getMessage().contains("stream ending at lost has no output operation"), ex.getMessage());
        }
        try (Pipeline pipeline = Pipeline.create(
            PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING).build()))
        {
            final EventStream source = pipeline.generatorStream(10, 10);
            final EventStream mapped = source.map((in, o) -> { });
            assertThrows(IllegalStateException.class, () -> source.filter(e -> true), "branching");
            mapped.foreach(e -> { });
            pipeline.start();
            assertThrows(IllegalStateException.class, pipeline::start, "start twice");
            assertThrows(IllegalStateException.class, () -> pipeline.generatorStream(1, 1), "source after start");
        }
        assertThrows(IllegalArgumentException.class, () -> PipelineConfig.builder().ringSize(1000));
        assertThrows(IllegalArgumentException.class,
            () -> PipelineConfig.builder().ringSize(8).maxOutputsPerInput(16).build());
    }
}
