package dev.rill.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rill.log.RillLog;
import dev.rill.log.Topic;
import dev.rill.log.TopicConfig;

class MetricsTest
{
    @TempDir
    Path dir;

    @Test
    void steppedCountsAreExactAndARingStalledByItsConsumerHoldsExactlyItsSize()
    {
        final int ringSize = 64;
        long kept = 0;
        final ReferenceGenerator generator = new ReferenceGenerator(10);
        final Event e = new Event();
        for (int i = 0; i < 1_000; i++)
        {
            generator.fill(i, e);
            kept += e.long1() % 2 == 0 ? 1 : 0;
        }
        try (Pipeline pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING)
            .ringSize(ringSize).batchSize(16).build()))
        {
            pipeline.generatorStream(10, 1_000)
                .filter(ev -> ev.long1() % 2 == 0)
                .async()
                .foreach(ev -> { });
            assertEquals(0, pipeline.metrics().stage(0).eventsIn(), "before start");
            assertEquals(0, pipeline.metrics().stage(1).rings().size(), "no rings before start");
            pipeline.start();
            // only the source stage runs: its output ring fills to exactly its size, then it waits
            while (pipeline.stepStage(0) > 0)
            {
                final long occupancy = pipeline.metrics().stage(1).rings().get(0).occupancy();
                assertTrue(occupancy <= ringSize, "occupancy " + occupancy);
            }
            PipelineMetrics metrics = pipeline.metrics();
            assertEquals(ringSize, metrics.stage(1).rings().get(0).occupancy());
            assertEquals(ringSize, metrics.stage(1).rings().get(0).capacity());
            assertEquals("s1.in0.0", metrics.stage(1).rings().get(0).name());
            assertEquals(ringSize, metrics.stage(0).eventsOut());
            assertTrue(metrics.stage(0).idleCycles() >= 1, "the last stepStage did no work: an idle cycle");

            pipeline.runUntilIdle();
            assertTrue(pipeline.isTerminated());
            metrics = pipeline.metrics();
            assertEquals(1_000, metrics.stage(0).eventsIn());
            assertEquals(kept, metrics.stage(0).eventsOut());
            assertEquals(kept, metrics.stage(1).eventsIn());
            assertEquals(kept, metrics.stage(1).eventsOut());
            assertEquals(0, metrics.stage(1).rings().get(0).occupancy());
            for (final StageMetrics stage : metrics.stages())
            {
                assertTrue(stage.dutyCycles() >= stage.idleCycles(), "stage " + stage.stageId());
                assertEquals(0, stage.idleNs(), "no idle strategy runs in stepping mode");
            }
            final String table = metrics.toTable();
            assertTrue(table.startsWith("stage"), table);
            assertTrue(table.contains("s1.in0.0 0/64"), table);
            assertTrue(table.contains("late events: 0"), table);
        }
    }

    private static byte[] key(final long key)
    {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(key).array();
    }

    @Test
    void onThreadsOccupancyStaysWithinTheRingAndLogLagGoesToZeroAtTheEnd() throws Exception
    {
        final int perPartition = 3_000;
        final int ringSize = 128;
        try (RillLog log = RillLog.open(dir))
        {
            final Topic in = log.createTopic("in", TopicConfig.builder(2).blockSizeBytes(1 << 20)
                .maxRecordBytes(1 << 16).build());
            for (int i = 0; i < perPartition; i++)
            {
                for (int p = 0; p < 2; p++)
                {
                    in.producer().append(p, 1_000L + i, key(i), ("v" + i).getBytes(UTF_8));
                }
            }
            final AtomicLong delivered = new AtomicLong();
            try (Pipeline pipeline = Pipeline.create(PipelineConfig.builder().waitStrategy(WaitStrategy.YIELDING)
                .ringSize(ringSize).build()))
            {
                pipeline.topicStream(log, LogSourceOptions.topic("in"))
                    .map((ev, o) -> o.long0(ev.key() * 2))
                    .repartition(2)
                    .foreach(ev ->
                    {
                        if (ev.key() % 100 == 0)
                        {
                            Thread.onSpinWait();   // a sink a little slower on some records
                        }
                        delivered.incrementAndGet();
                    });
                assertEquals(0, pipeline.metrics().component("topicStream#1").counters().size(),
                    "no lag for a source not started");
                pipeline.start();
                int samples = 0;
                while (!pipeline.isTerminated())
                {
                    final PipelineMetrics metrics = pipeline.metrics();
                    for (final RingMetrics ring : metrics.stage(1).rings())
                    {
                        assertTrue(ring.occupancy() >= 0 && ring.occupancy() <= ringSize, ring.toString());
                    }
                    samples++;
                    Thread.onSpinWait();
                }
                assertTrue(pipeline.awaitTermination(30_000));
                assertTrue(samples > 0);
                final PipelineMetrics metrics = pipeline.metrics();
                final ComponentMetrics source = metrics.component("topicStream#1");
                assertEquals(0, source.counter("lag[0]"), source.counters().toString());
                assertEquals(0, source.counter("lag[1]"), source.counters().toString());
                assertEquals(2 * perPartition, metrics.stage(0).eventsIn());
                assertEquals(2 * perPartition, metrics.stage(0).eventsOut());
                assertEquals(2 * perPartition, metrics.stage(1).eventsIn());
                assertEquals(2 * perPartition, metrics.stage(1).eventsOut());
                assertEquals(2 * perPartition, delivered.get());
                assertEquals(2, metrics.stage(1).rings().size());
                assertTrue(metrics.toTable().contains("source topicStream#1: lag[0]=0 lag[1]=0"), metrics.toTable());
                pipeline.stop(true);
            }
        }
    }
}
