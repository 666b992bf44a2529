package dev.rill.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rill.log.RillLog;
import dev.rill.log.Topic;
import dev.rill.log.TopicConfig;

/**
 * A source stage whose operators are all maps and whose output is one single-producer ring takes the slot-run path:
 * the source writes into runs of ring slots and the maps rewrite them in place. It must deliver exactly what the
 * fused chain delivers (checked against the same pipeline with a pass-all filter, which keeps the chain path), on
 * threads, across many laps of a small ring; fail naming the operator and record; and count events in and out.
 */
class SlotRunPathTest
{
    private static final String SLOT_RUNS = "(slot runs:";

    @TempDir
    Path dir;

    /** Everything a consumer can see of an event, as one line. */
    private static String line(final Event e)
    {
        return e.sourceName() + "/" + e.sourcePartition() + "@" + e.sourceOffset() + " t=" + e.eventTimeNs() +
            " k=" + e.key() + " " + e.long0() + "," + e.long1() + "," + e.long2() + "," + e.long3() + "," +
            e.double0() + "," + e.double1() + " bytes=" + e.bytes().getStringWithoutLengthAscii(0, e.bytesLength());
    }

    /**
     * Two maps: the second swaps long0 and long1, so it must read its input after writing its output (an in-place
     * map without the input's copy would lose a value).
     */
    private static EventStream twoMaps(final EventStream source, final boolean keepTheChain)
    {
        final EventStream mapped = source
            .map("notional", (in, out) -> out.long2(in.long0() * in.long1()).double0(in.key() * 0.5))
            .map("swap", (in, out) -> out.long0(in.long1()).long1(in.long0()));
        return keepTheChain ? mapped.filter("all", e -> true) : mapped;
    }

    private static List<String> runGenerator(final boolean keepTheChain, final UnaryOperator<EventStream> boundary,
        final List<String> plans) throws Exception
    {
        final List<String> seen = new ArrayList<>();
        try (Pipeline pipeline = Pipeline.create(PipelineConfig.builder().ringSize(64).batchSize(50)
            .waitStrategy(WaitStrategy.YIELDING).build()))
        {
            boundary.apply(twoMaps(pipeline.generatorStream(1_000, 200_000), keepTheChain))
                .foreach("collect", e -> seen.add(line(e)));
            plans.add(pipeline.describe());
            pipeline.start();
            assertTrue(pipeline.awaitTermination(60_000));
        }
        return seen;
    }

    @Test
    void generatorThroughMapsIntoOneRingDeliversExactlyWhatTheChainDelivers() throws Exception
    {
        final List<UnaryOperator<EventStream>> boundaries = List.of(EventStream::async, s -> s.repartition(1));
        for (final UnaryOperator<EventStream> boundary : boundaries)
        {
            final List<String> plans = new ArrayList<>();
            final List<String> slotRuns = runGenerator(false, boundary, plans);
            final List<String> chain = runGenerator(true, boundary, plans);
            assertTrue(plans.get(0).contains("fused: notional -> swap " + SLOT_RUNS), plans.get(0));
            assertFalse(plans.get(1).contains(SLOT_RUNS), plans.get(1));

            assertEquals(200_000, slotRuns.size());
            assertEquals(chain, slotRuns, "same events, same order, same fields");
            final ReferenceGenerator generator = new ReferenceGenerator(1_000);
            final Event e = new Event();
            for (final int i : new int[] {0, 1, 63, 64, 65, 199_999})
            {
                generator.fill(i, e);
                final long price = e.long0();
                final long qty = e.long1();
                e.long0(qty).long1(price).long2(price * qty).double0(e.key() * 0.5);
                assertEquals(line(e), slotRuns.get(i), "event " + i);
            }
        }
    }

    @Test
    void topicThroughMapsIntoOneRingDeliversExactlyWhatTheChainDelivers() throws Exception
    {
        try (RillLog log = RillLog.open(dir))
        {
            final Topic in = log.createTopic("in",
                TopicConfig.builder(3).blockSizeBytes(1 << 20).maxRecordBytes(1 << 16).build());
            for (int i = 0; i < 20_000; i++)
            {
                final int p = i % 3;
                final byte[] key = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(p * 1_000_000L + i)
                    .array();
                in.producer().append(p, 1_000L + i, key, ("v" + p + "-" + i + "-" + "x".repeat(i % 40)).getBytes(UTF_8));
            }
            final List<List<String>> runs = new ArrayList<>();
            final List<String> plans = new ArrayList<>();
            for (final boolean keepTheChain : new boolean[] {false, true})
            {
                final List<String> seen = new ArrayList<>();
                try (Pipeline pipeline = Pipeline.create(PipelineConfig.builder().ringSize(64).batchSize(50)
                    .waitStrategy(WaitStrategy.YIELDING).build()))
                {
                    twoMaps(pipeline.topicStream(log, LogSourceOptions.topic("in")), keepTheChain)
                        .async()
                        .foreach("collect", e -> seen.add(line(e)));
                    plans.add(pipeline.describe());
                    pipeline.start();
                    assertTrue(pipeline.awaitTermination(60_000));
                }
                runs.add(seen);
            }
            assertTrue(plans.get(0).contains(SLOT_RUNS), plans.get(0));
            assertFalse(plans.get(1).contains(SLOT_RUNS), plans.get(1));
            assertEquals(20_000, runs.get(0).size());
            assertEquals(runs.get(1), runs.get(0), "same records, same order, same fields and bytes");
            for (int p = 0; p < 3; p++)
            {
                long next = 0;
                for (final String seen : runs.get(0))
                {
                    if (seen.startsWith("in/" + p + "@"))
                    {
                        assertTrue(seen.startsWith("in/" + p + "@" + next + " "), seen);
                        assertTrue(seen.contains(" bytes=v" + p + "-"), seen);
                        next++;
                    }
                }
                assertTrue(next > 6_000, "partition " + p + ": " + next);
            }
        }
    }

    @Test
    void onlyASourceOfMapsIntoOneSingleProducerRingTakesSlotRuns()
    {
        try (Pipeline pipeline = Pipeline.create(PipelineConfig.builder().build()))
        {
            pipeline.generatorStream(10, 10).async().foreach("a", e -> { });
            pipeline.generatorStream(10, 10).map("m", (in, out) -> { }).repartition(2).foreach("b", e -> { });
            pipeline.generatorStream(10, 10).map("m2", (in, out) -> { }).foreach("c", e -> { });
            pipeline.generatorStream(10, 10).flatMap("fm", (in, out) ->
            {
                out.claim();
                out.emit();
            }).async().foreach("d", e -> { });
            final String plan = pipeline.describe();
            assertTrue(plan.contains("fused: (none) " + SLOT_RUNS), "a source alone into a ring: " + plan);
            assertEquals(1, plan.split(java.util.regex.Pattern.quote(SLOT_RUNS), -1).length - 1,
                "not into two shards, not into a sink, not with a flatMap: " + plan);
        }
    }

    /** A map (or an update) failing on the record at {@code offset}, on the slot-run path. */
    private static void failsNamingTheOperatorAndTheRecord(final boolean update, final long offset)
    {
        try (Pipeline pipeline = Pipeline.create(PipelineConfig.builder().waitStrategy(WaitStrategy.YIELDING).build()))
        {
            final EventStream source = pipeline.generatorStream(100, 100_000);
            final EventUpdater explode = e ->
            {
                if (e.sourceOffset() == offset)
                {
                    throw new IllegalStateException("boom");
                }
            };
            (update ? source.update("explode", explode) : source.map("explode", (in, out) -> explode.update(in)))
                .async()
                .foreach(e -> { });
            assertTrue(pipeline.describe().contains("fused: explode " + SLOT_RUNS), pipeline.describe());
            pipeline.start();
            final PipelineException ex = assertThrows(PipelineException.class, () -> pipeline.awaitTermination(30_000));
            assertEquals("explode", ex.operatorName());
            assertEquals(ReferenceGenerator.SOURCE_NAME, ex.sourceName());
            assertEquals(0, ex.sourcePartition());
            assertEquals(offset, ex.sourceOffset());
            assertEquals("boom", ex.getCause().getMessage());
        }
    }

    @Test
    void aMapFailingOnASlotNamesTheOperatorAndTheRecord()
    {
        failsNamingTheOperatorAndTheRecord(false, 12_345);
    }

    /**
     * Maps run on each slot as soon as the source fills it; when one throws, the run's slots before that record are
     * published and no slot from it on, with one map (no loop) or several (the last failing after the first rewrote
     * the slot), from the generator or from a topic (where the throw comes back through the consumer's read).
     */
    private void aFailingMapPublishesExactlyTheSlotsBeforeItsRecord(final int maps, final boolean fromTopic)
    {
        final long failAt = 100;
        try (RillLog log = RillLog.open(dir);
            Pipeline pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING)
                .ringSize(256).batchSize(64).build()))
        {
            EventStream stream;
            if (fromTopic)
            {
                final Topic in = log.createTopic("in" + maps, TopicConfig.builder(1).build());
                for (int i = 0; i < 1_000; i++)
                {
                    in.producer().append(0, 1_000L + i, new byte[8], ("v" + i).getBytes(UTF_8));
                }
                stream = pipeline.topicStream(log, LogSourceOptions.topic("in" + maps));
            }
            else
            {
                stream = pipeline.generatorStream(10, 1_000);
            }
            for (int i = 1; i < maps; i++)
            {
                stream = stream.update("m" + i, e -> e.long3(e.long3() + 1));
            }
            stream.update("explode", e ->
            {
                if (e.sourceOffset() == failAt)
                {
                    throw new IllegalStateException("boom");
                }
            })
                .async()
                .foreach(e -> { });
            assertTrue(pipeline.describe().contains(SLOT_RUNS), pipeline.describe());
            pipeline.start();
            final PipelineException ex = assertThrows(PipelineException.class, () ->
            {
                while (pipeline.stepStage(0) > 0)
                {
                    // the first duty cycle fills 0..63, the second fails in 64..127
                }
            });
            assertEquals("explode", ex.operatorName());
            assertEquals(failAt, ex.sourceOffset());
            assertEquals(failAt, pipeline.metrics().stage(1).rings().get(0).occupancy(),
                "published: the records before the failing one, none from it on");
        }
    }

    @Test
    void aFailingMapPublishesExactlyTheSlotsBeforeItsRecord()
    {
        aFailingMapPublishesExactlyTheSlotsBeforeItsRecord(1, false);
    }

    @Test
    void aFailingLastOfSeveralMapsPublishesExactlyTheSlotsBeforeItsRecord()
    {
        aFailingMapPublishesExactlyTheSlotsBeforeItsRecord(3, false);
    }

    @Test
    void aFailingMapOverATopicPublishesExactlyTheSlotsBeforeItsRecord()
    {
        aFailingMapPublishesExactlyTheSlotsBeforeItsRecord(1, true);
        aFailingMapPublishesExactlyTheSlotsBeforeItsRecord(3, true);
    }

    @Test
    void steppedSlotRunsFillTheRingToExactlyItsSizeAndCountEveryEvent()
    {
        final int ringSize = 64;
        final List<Long> seen = new ArrayList<>();
        try (Pipeline pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING)
            .ringSize(ringSize).batchSize(24).build()))
        {
            pipeline.generatorStream(10, 1_000)
                .map("m", (in, out) -> out.long3(in.sourceOffset() * 3))
                .async()
                .foreach(ev -> seen.add(ev.long3()));
            assertTrue(pipeline.describe().contains(SLOT_RUNS), pipeline.describe());
            pipeline.start();
            while (pipeline.stepStage(0) > 0)
            {
                final long occupancy = pipeline.metrics().stage(1).rings().get(0).occupancy();
                assertTrue(occupancy <= ringSize, "occupancy " + occupancy);
            }
            assertEquals(ringSize, pipeline.metrics().stage(1).rings().get(0).occupancy());
            assertEquals(ringSize, pipeline.metrics().stage(0).eventsOut());
            assertEquals(ringSize, pipeline.metrics().stage(0).eventsIn());
            pipeline.runUntilIdle();
            assertTrue(pipeline.isTerminated());
            final PipelineMetrics metrics = pipeline.metrics();
            assertEquals(1_000, metrics.stage(0).eventsIn());
            assertEquals(1_000, metrics.stage(0).eventsOut());
            assertEquals(1_000, metrics.stage(1).eventsIn());
        }
        assertEquals(1_000, seen.size());
        for (int i = 0; i < seen.size(); i++)
        {
            assertEquals(i * 3L, seen.get(i));
        }
    }

    @Test
    void theSourcesEventTimeWatermarkAdvancesAsTheChainsDoes()
    {
        final long last = steppedWatermarksAlike(
            dev.rill.engine.workloads.W1Pipeline.config(ThreadingMode.STEPPING, WaitStrategy.BUSY_SPIN).batchSize(1_000)
                .build(), pipeline -> pipeline.generatorStream(100, 1_000_000), 300);
        assertTrue(last >= ReferenceGenerator.eventTimeNs(250_000), "the watermark followed the events: " + last);
    }

    /**
     * The same pipeline twice, stepped side by side: the source through two maps (slot runs), and through them and a
     * pass-all filter (the chain), each into one window shard. The window stage's watermark is the same in both and
     * never goes back, cycle by cycle.
     *
     * @return the last watermark.
     */
    private static long steppedWatermarksAlike(final PipelineConfig config,
        final java.util.function.Function<Pipeline, EventStream> source, final int cycles)
    {
        final List<Pipeline> pipelines = new ArrayList<>();
        try
        {
            for (final boolean keepTheChain : new boolean[] {false, true})
            {
                final Pipeline pipeline = Pipeline.create(config);
                pipelines.add(pipeline);
                twoMaps(source.apply(pipeline), keepTheChain)
                    .repartition(1)
                    .sumCountByKeyAndWindow(1_000, 100, dev.rill.operators.window.KeySumCountFilter.NON_EMPTY)
                    .foreach(e -> { });
                assertEquals(!keepTheChain, pipeline.describe().contains(SLOT_RUNS), pipeline.describe());
                pipeline.start();
            }
            long last = Long.MIN_VALUE;
            for (int cycle = 0; cycle < cycles; cycle++)
            {
                pipelines.get(0).stepStage(0);
                pipelines.get(1).stepStage(0);
                pipelines.get(0).stepStage(1);
                pipelines.get(1).stepStage(1);
                final long watermarkNs = pipelines.get(0).watermarkNs(0);
                assertEquals(pipelines.get(1).watermarkNs(0), watermarkNs, "cycle " + cycle);
                assertTrue(watermarkNs >= last, "cycle " + cycle);
                last = watermarkNs;
            }
            return last;
        }
        finally
        {
            pipelines.forEach(Pipeline::close);
        }
    }

    /**
     * From a topic of three partitions whose times lag one another, through a decoder that moves each event's time:
     * the watermark is the slowest partition's, of the decoded times, cycle by cycle alike on slot runs and on the
     * chain (the slot-run source reports each record's time itself).
     */
    @Test
    void theTopicsEventTimeWatermarkFollowsTheSlowestPartitionAsTheChainsDoes()
    {
        final long startNs = 1_000_000_000L;
        final long laterNs = 7_000_000L;
        try (RillLog log = RillLog.open(dir))
        {
            final Topic in = log.createTopic("in", TopicConfig.builder(3).build());
            final byte[] key = new byte[Long.BYTES];
            for (int i = 0; i < 10_000; i++)
            {
                for (int p = 0; p < 3; p++)
                {
                    in.producer().append(p, startNs + i * 10_000L - p * 2_000_000L, key, new byte[] {(byte)i});
                }
            }
            final long last = steppedWatermarksAlike(
                dev.rill.engine.workloads.W1Pipeline.config(ThreadingMode.STEPPING, WaitStrategy.BUSY_SPIN)
                    .batchSize(500).idleTimeoutMs(3_600_000).build(),
                pipeline -> pipeline.topicStream(log, LogSourceOptions.topic("in").decoder((record, event) ->
                    event.eventTimeNs(record.timestampNs() + laterNs))), 40);
            // 40 cycles of 500 records: about 6,667 of each partition's 10,000 read (66.7 ms of its times);
            // partition 2 is 4 ms behind partition 0 and 2 ms behind partition 1
            final long sinceStartMs = (last - startNs - laterNs) / 1_000_000L;
            assertTrue(sinceStartMs >= 40 && sinceStartMs < 64,
                "the watermark followed the decoded times of the slowest partition: " + sinceStartMs + " ms");
        }
    }

    private static List<String> runUpdates(final int variant) throws Exception
    {
        final List<String> seen = new ArrayList<>();
        try (Pipeline pipeline = Pipeline.create(PipelineConfig.builder().ringSize(64).batchSize(50)
            .waitStrategy(WaitStrategy.YIELDING).build()))
        {
            EventStream s = pipeline.generatorStream(1_000, 100_000);
            if (variant == 2)
            {
                // the same change as a map: its output starts as a copy of the input, read from the input
                s = s.map("bump", (in, out) -> out.long0(in.long0() + 1).long1(in.long0() + 1).long2(in.key() * 3));
            }
            else
            {
                // read after write: long1 gets the new long0
                s = s.update("bump", e -> e.long0(e.long0() + 1).long1(e.long0()).long2(e.key() * 3));
            }
            if (variant == 1)
            {
                s = s.filter("all", e -> true);
            }
            s.async().foreach("collect", e -> seen.add(line(e)));
            final boolean slotRuns = pipeline.describe().contains(SLOT_RUNS);
            assertEquals(variant != 1, slotRuns, pipeline.describe());
            pipeline.start();
            assertTrue(pipeline.awaitTermination(60_000));
        }
        return seen;
    }

    @Test
    void anUpdateChangesTheEventInPlaceAlikeOnSlotRunsAndOnTheChain() throws Exception
    {
        final List<String> slotRuns = runUpdates(0);
        assertEquals(100_000, slotRuns.size());
        assertEquals(runUpdates(1), slotRuns, "the chain path: the update changes its copy, the same result");
        assertEquals(runUpdates(2), slotRuns, "the map doing the same change");
        final ReferenceGenerator generator = new ReferenceGenerator(1_000);
        final Event e = new Event();
        generator.fill(99_999, e);
        e.long0(e.long0() + 1).long1(e.long0()).long2(e.key() * 3);
        assertEquals(line(e), slotRuns.get(99_999));
    }

    @Test
    void anUpdateFailingOnASlotNamesTheOperatorAndTheRecord()
    {
        failsNamingTheOperatorAndTheRecord(true, 54_321);
    }
}
