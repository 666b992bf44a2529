package dev.rill.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;

import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rill.log.RillLog;
import dev.rill.log.Topic;
import dev.rill.log.TopicConfig;
import dev.rill.operators.window.KeySumCountFilter;

/**
 * A ring-fed stage whose operators are an update (or nothing) and then a keyed event-time window hands its records to
 * the window in runs straight from the ring ({@code ShardBatchNode.takeRun}), the update rewriting each slot in
 * place. On threads,
 * through small rings, from a topic whose partitions are out of order (some records late beyond the bound), into
 * keyed shards fed by one producer and by two, it must give exactly the results and the late count of the same
 * pipeline with a pass-all filter ahead (which keeps every record on the chain's per-record path).
 */
class WindowStageRunsTest
{
    private static final int RECORDS = 60_000;
    private static final RecordDecoder DECODE = (record, event) ->
    {
        final DirectBuffer buffer = record.buffer();
        event.key(buffer.getLong(record.keyOffset(), ByteOrder.LITTLE_ENDIAN))
            .long0(buffer.getLong(record.valueOffset(), ByteOrder.LITTLE_ENDIAN));
    };

    @TempDir
    Path dir;

    /**
     * Partition p's record j: key (j * 7 + p) % 41, value j + p, time 1 s + j * 150 µs shifted by up to 40 ms back
     * (out of order within the 50 ms bound); every 997th record 400 ms back, late once its batch ended.
     */
    private static void writeTopic(final RillLog log)
    {
        final Topic in = log.createTopic("in",
            TopicConfig.builder(3).blockSizeBytes(1 << 20).maxRecordBytes(1 << 10).build());
        for (int j = 0; j < RECORDS / 3; j++)
        {
            for (int p = 0; p < 3; p++)
            {
                final long shiftNs = j % 997 == 996 ? 400_000_000L : (j * 7_919L % 5) * 10_000_000L;
                final long timeNs = 1_000_000_000L + j * 150_000L - shiftNs;
                final byte[] key = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong((j * 7L + p) % 41)
                    .array();
                final byte[] value = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(j + p).array();
                in.producer().append(p, timeNs, key, value);
            }
        }
    }

    /** Sorted result lines and the late count. */
    private static List<String> run(final RillLog log, final UnaryOperator<EventStream> keyedStage,
        final boolean withMap, final boolean keepTheChain, final long[] late) throws Exception
    {
        final List<String> results = Collections.synchronizedList(new ArrayList<>());
        try (Pipeline pipeline = Pipeline.create(PipelineConfig.builder().ringSize(64).batchSize(50)
            .waitStrategy(WaitStrategy.YIELDING).batchInterval(BatchTime.EVENT_TIME, 10).maxOutOfOrdernessMs(50)
            .build()))
        {
            final EventStream shuffled = keyedStage.apply(pipeline.topicStream(log,
                LogSourceOptions.topic("in").decoder(DECODE)));
            final EventStream keyed = keepTheChain ? shuffled.filter("all", e -> true) : shuffled;
            (withMap ? keyed.update("triple", e -> e.long0(e.long0() * 3)) : keyed)
                .sumCountByKeyAndWindow(100, 20, KeySumCountFilter.NON_EMPTY)
                .repartition(1)
                .foreach("collect", e -> results.add(e.long2() + " " + e.key() + " " + e.long0() + " " + e.long1()));
            final String plan = pipeline.describe();
            assertEquals(!keepTheChain, (!withMap || plan.contains("triple -> sumCountByKeyAndWindow#")) &&
                plan.contains("(runs: records go to sumCountByKeyAndWindow#"), plan);
            pipeline.start();
            assertTrue(pipeline.awaitTermination(60_000));
            late[0] = pipeline.metrics().lateEvents();
        }
        Collections.sort(results);
        return results;
    }

    private void sameResultsAsTheChain(final UnaryOperator<EventStream> keyedStage, final boolean withMap)
        throws Exception
    {
        try (RillLog log = RillLog.open(dir))
        {
            writeTopic(log);
            final long[] lateInRuns = new long[1];
            final long[] lateOnTheChain = new long[1];
            final List<String> inRuns = run(log, keyedStage, withMap, false, lateInRuns);
            final List<String> onTheChain = run(log, keyedStage, withMap, true, lateOnTheChain);
            assertTrue(inRuns.size() > 6_000, "results (about 150 slides of 41 keys): " + inRuns.size());
            assertSameLines(onTheChain, inRuns);
            assertTrue(lateInRuns[0] > 0, "some records are late");
            assertEquals(lateOnTheChain[0], lateInRuns[0], "the same records late");
            long count = 0;
            for (final String line : inRuns)
            {
                count += Long.parseLong(line.substring(line.lastIndexOf(' ') + 1));
            }
            assertEquals((RECORDS - lateInRuns[0]) * 5, count, "each record on time is in 5 windows");
        }
    }

    /** Equal lists of "window-end key sum count" lines, else the first that differs (the lists are thousands). */
    private static void assertSameLines(final List<String> expected, final List<String> actual)
    {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++)
        {
            assertEquals(expected.get(i), actual.get(i), "result " + i + " of " + expected.size() +
                " (window end, key, sum, count)");
        }
        assertEquals(expected.size(), actual.size(), "results");
    }

    @Test
    void keyedShardsFedByOneProducerTakeRunsAndGiveTheChainsResults() throws Exception
    {
        sameResultsAsTheChain(s -> s.repartition(2), true);
    }

    @Test
    void keyedShardsFedByTwoProducersTakeRunsAndGiveTheChainsResults() throws Exception
    {
        sameResultsAsTheChain(s -> s.repartition(2).map("same", (in, out) -> { }).repartition(3), true);
    }

    @Test
    void aWindowWithNoMapAheadTakesRunsOfItsOpenBatchAndGivesTheChainsResults() throws Exception
    {
        sameResultsAsTheChain(s -> s.repartition(2).map("same", (in, out) -> { }).repartition(3), false);
    }
}
