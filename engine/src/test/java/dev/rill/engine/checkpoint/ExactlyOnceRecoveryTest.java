package dev.rill.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rill.engine.BatchTime;
import dev.rill.engine.LogSourceOptions;
import dev.rill.engine.Pipeline;
import dev.rill.engine.PipelineConfig;
import dev.rill.engine.ThreadingMode;
import dev.rill.engine.workloads.W1Pipeline;
import dev.rill.log.ConsumerOptions;
import dev.rill.log.RillLog;
import dev.rill.log.TopicConfig;
import dev.rill.operators.window.KeySumCountFilter;

/**
 * W1's keyed window from a log topic to a log topic: an uninterrupted run into A, then runs into B aborted at random
 * points (stopNow, no drain) and recovered with getOrCreate until one finishes: A and B hold the same records in the
 * same order per partition.
 */
class ExactlyOnceRecoveryTest
{
    private static final int EVENTS = 200_000;

    @TempDir
    Path dir;

    static TopicConfig small(final int partitions)
    {
        return TopicConfig.builder(partitions).blockSizeBytes(1 << 20).maxRecordBytes(1 << 16).build();
    }

    private static Pipeline w1(final RillLog log, final String out, final CachedEpochClock clock, final Path chk)
    {
        return w1(log, out, clock, chk, 1);
    }

    private static Pipeline w1(final RillLog log, final String out, final CachedEpochClock clock, final Path chk,
        final int shards)
    {
        return w1(log, out, clock, chk, shards, Long.MAX_VALUE);
    }

    /** @param negateKeysFrom input offset from which keys become {@code -1 - symbol}: out of the window's dense range. */
    private static Pipeline w1(final RillLog log, final String out, final CachedEpochClock clock, final Path chk,
        final int shards, final long negateKeysFrom)
    {
        final Pipeline pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING)
            .clock(clock).ringSize(1 << 10).batchInterval(BatchTime.EVENT_TIME, W1Pipeline.SLIDE_MS).build());
        if (chk != null)
        {
            pipeline.checkpoint(chk, 50, 2);
        }
        pipeline.topicStream(log, LogSourceOptions.topic("in"))
            .map("decode", (in, o) ->
            {
                o.long0(in.bytes().getLong(0) * in.bytes().getLong(8));
                if (in.sourceOffset() >= negateKeysFrom)
                {
                    o.key(-1 - in.key());
                }
            })
            .repartition(shards)
            .sumCountByKeyAndWindow(W1Pipeline.WINDOW_LENGTH_MS, W1Pipeline.SLIDE_MS, KeySumCountFilter.NON_EMPTY)
            .map("encode", (in, o) ->
            {
                o.bytes().putLong(0, in.long0());
                o.bytes().putLong(8, in.long1());
                o.bytes().putLong(16, in.long2());
                o.bytesLength(24);
            })
            .saveToTopic(log, out);
        return pipeline;
    }

    static List<List<String>> records(final RillLog log, final String topic)
    {
        final List<List<String>> out = new ArrayList<>();
        final var t = log.topic(topic);
        for (int p = 0; p < t.partitionCount(); p++)
        {
            final List<String> part = new ArrayList<>();
            try (var consumer = t.consumer(ConsumerOptions.fromEarliest().withPartitions(p)))
            {
                while (consumer.poll(r -> part.add(r.offset() + ":" + r.timestampNs() + ":" +
                    java.util.Arrays.toString(r.keyBytes()) + java.util.Arrays.toString(r.valueBytes())), 1024) > 0)
                {
                    // drain
                }
            }
            out.add(part);
        }
        return out;
    }

    @Test
    void abortedAndRecoveredRunsWriteExactlyTheUninterruptedOutput() throws Exception
    {
        final List<List<String>> expected = uninterruptedAndRecovered(Long.MAX_VALUE);
        assertTrue(expected.get(0).size() + expected.get(1).size() > 8_000, "records: " + expected.get(0).size());
    }

    /**
     * Halfway through the input the keys leave the window's dense range (symbol ids become negative), so the window
     * moves its keys from the arrays to the hash maps mid-run: runs restored before and after that move write exactly
     * the uninterrupted output, in the same order.
     */
    @Test
    void keysLeavingTheDenseRangeMidRunRecoverToExactlyTheUninterruptedOutput() throws Exception
    {
        final List<List<String>> expected = uninterruptedAndRecovered(EVENTS / 2);
        assertTrue(expected.get(0).size() + expected.get(1).size() > 8_000, "records: " + expected.get(0).size());
        assertTrue(expected.stream().flatMap(List::stream).anyMatch(r -> r.contains("-1, -1, -1, -1, -1, -1")),
            "negative keys in the output");
    }

    /**
     * W1 over a 1-partition topic, once uninterrupted into A, then into B aborted and recovered
     * {@code -Drill.kill.iterations} times (10); asserts A and B hold the same records.
     *
     * @return A's records per partition.
     */
    private List<List<String>> uninterruptedAndRecovered(final long negateKeysFrom) throws Exception
    {
        final int kills = Integer.getInteger("rill.kill.iterations", 10);
        try (RillLog log = RillLog.open(dir.resolve("log")))
        {
            log.createTopic("in", small(1));
            W1Pipeline.writeTopic(W1Pipeline.config(ThreadingMode.STEPPING, dev.rill.engine.WaitStrategy.BACKOFF)
                .build(), log, "in", EVENTS, 1_000);
            log.createTopic("A", small(2));
            log.createTopic("B", small(2));
            final CachedEpochClock clock = new CachedEpochClock();
            try (Pipeline a = w1(log, "A", clock, null, 1, negateKeysFrom))
            {
                a.start();
                assertTrue(a.awaitTermination(60_000));
            }
            final Path chk = dir.resolve("chk");
            abortAndRecoverUntilDone(kills, chk, () -> w1(log, "B", clock, chk, 1, negateKeysFrom), clock);
            final List<List<String>> expected = records(log, "A");
            assertEquals(expected, records(log, "B"));
            return expected;
        }
    }

    /**
     * Starts the pipeline from its checkpoints again and again, aborting it (no drain) after a random number of steps
     * {@code kills} times, then lets it finish.
     */
    static void abortAndRecoverUntilDone(final int kills, final Path chk,
        final java.util.function.Supplier<Pipeline> factory, final CachedEpochClock clock) throws Exception
    {
        final SplittableRandom random = new SplittableRandom(7);
        int aborted = 0;
        long restoredMax = 0;
        while (true)
        {
            final Pipeline b = Pipeline.getOrCreate(chk, factory);
            restoredMax = Math.max(restoredMax, b.restoredCheckpointId());
            b.start();
            final int steps = aborted < kills ? 10 + random.nextInt(60) : Integer.MAX_VALUE;
            for (int i = 0; i < steps && !b.isTerminated(); i++)
            {
                clock.advance(7);
                b.step();
            }
            if (b.isTerminated())
            {
                b.close();
                break;
            }
            b.stop(false);
            b.close();
            aborted++;
        }
        assertEquals(kills, aborted);
        assertTrue(restoredMax > 0, "recovered from a checkpoint at least once");
    }

    @Test
    void twoShardsAbortedAndRecoveredWriteExactlyTheUninterruptedOutput() throws Exception
    {
        final int kills = Integer.getInteger("rill.kill.iterations", 10);
        try (RillLog log = RillLog.open(dir.resolve("log")))
        {
            log.createTopic("in", small(1));
            W1Pipeline.writeTopic(W1Pipeline.config(ThreadingMode.STEPPING, dev.rill.engine.WaitStrategy.BACKOFF)
                .build(), log, "in", EVENTS, 1_000);
            log.createTopic("A", small(2));
            log.createTopic("B", small(2));
            final CachedEpochClock clock = new CachedEpochClock();
            try (Pipeline a = w1(log, "A", clock, null, 2))
            {
                a.start();
                assertTrue(a.awaitTermination(60_000));
            }
            final Path chk = dir.resolve("chk");
            abortAndRecoverUntilDone(kills, chk, () -> w1(log, "B", clock, chk, 2), clock);
            final List<List<String>> expected = records(log, "A");
            assertTrue(expected.get(0).size() > 4_000 && expected.get(1).size() > 4_000, "records: " +
                expected.get(0).size() + "/" + expected.get(1).size());
            assertEquals(expected, records(log, "B"));
            // A of the 1-shard pipeline is the same per partition too: each partition is written by one shard
        }
    }

    /**
     * A gather from 2 shards (a ring with 2 producers) into a stateful stage: events from the shard that delivered
     * its barrier first must not reach the window before the snapshot, or the replay would count them twice.
     */
    @Test
    void aGatherFromTwoShardsIntoAWindowRecoversWithTheSameResults() throws Exception
    {
        final int kills = Integer.getInteger("rill.kill.iterations", 10);
        try (RillLog log = RillLog.open(dir.resolve("log")))
        {
            log.createTopic("in", small(1));
            W1Pipeline.writeTopic(W1Pipeline.config(ThreadingMode.STEPPING, dev.rill.engine.WaitStrategy.BACKOFF)
                .build(), log, "in", EVENTS, 500);
            final CachedEpochClock clock = new CachedEpochClock();
            final java.util.Map<String, String> a = new java.util.concurrent.ConcurrentHashMap<>();
            try (Pipeline p = gather(log, a, clock, null))
            {
                p.start();
                assertTrue(p.awaitTermination(60_000));
            }
            final java.util.Map<String, String> b = new java.util.concurrent.ConcurrentHashMap<>();
            final Path chk = dir.resolve("chk");
            abortAndRecoverUntilDone(kills, chk, () -> gather(log, b, clock, chk), clock);
            assertTrue(a.size() > 4_000, "results: " + a.size());
            assertEquals(new java.util.TreeMap<>(a), new java.util.TreeMap<>(b));
        }
    }

    private static Pipeline gather(final RillLog log, final java.util.Map<String, String> results,
        final CachedEpochClock clock, final Path chk)
    {
        final Pipeline pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING)
            .clock(clock).ringSize(1 << 10).batchInterval(BatchTime.EVENT_TIME, W1Pipeline.SLIDE_MS).build());
        if (chk != null)
        {
            pipeline.checkpoint(chk, 50, 2);
        }
        pipeline.topicStream(log, LogSourceOptions.topic("in"))
            .map("decode", (in, o) -> o.long0(in.bytes().getLong(0)).long1(in.bytes().getLong(8)))
            .repartition(2)
            .map("notional", (in, o) -> o.long0(in.long0() * in.long1()))
            .repartition(1)
            .sumCountByKeyAndWindow(W1Pipeline.WINDOW_LENGTH_MS, W1Pipeline.SLIDE_MS, KeySumCountFilter.NON_EMPTY)
            .foreach("collect", e -> results.put(e.long2() + "/" + e.key(), e.long0() + "," + e.long1()));
        return pipeline;
    }

    @Test
    void aCheckpointOfAnotherShapeIsRefusedSayingWhatDiffers() throws Exception
    {
        try (RillLog log = RillLog.open(dir.resolve("log")))
        {
            log.createTopic("in", small(1));
            W1Pipeline.writeTopic(W1Pipeline.config(ThreadingMode.STEPPING, dev.rill.engine.WaitStrategy.BACKOFF)
                .build(), log, "in", 20_000, 10);
            log.createTopic("B", small(2));
            final CachedEpochClock clock = new CachedEpochClock();
            final Path chk = dir.resolve("chk");
            try (Pipeline b = w1(log, "B", clock, chk))
            {
                b.start();
                for (int i = 0; i < 200 && b.lastCheckpointId() == 0; i++)
                {
                    clock.advance(7);
                    b.step();
                }
                assertTrue(b.lastCheckpointId() > 0);
                assertTrue(b.checkpointStats().stream().allMatch(s -> s.bytes() > 0), b.checkpointStats().toString());
                b.stop(false);
            }
            final Pipeline other = Pipeline.getOrCreate(chk, () ->
            {
                final Pipeline p = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING)
                    .clock(clock).batchInterval(BatchTime.EVENT_TIME, 100).build());
                p.checkpoint(chk, 50);
                p.topicStream(log, LogSourceOptions.topic("in")).repartition(1)
                    .sumCountByKeyAndWindow(2_000, 100, KeySumCountFilter.NON_EMPTY).saveToTopic(log, "B");
                return p;
            });
            final IllegalStateException ex = assertThrows(IllegalStateException.class, other::start);
            assertTrue(ex.getMessage().contains("window=1000ms") && ex.getMessage().contains("window=2000ms"),
                ex.getMessage());
            other.close();
        }
    }

    @Test
    void aTruncatedStateFileFallsBackToThePreviousCheckpointNamingTheFile() throws Exception
    {
        try (RillLog log = RillLog.open(dir.resolve("log")))
        {
            log.createTopic("in", small(1));
            W1Pipeline.writeTopic(W1Pipeline.config(ThreadingMode.STEPPING, dev.rill.engine.WaitStrategy.BACKOFF)
                .build(), log, "in", 50_000, 10);
            log.createTopic("B", small(2));
            final CachedEpochClock clock = new CachedEpochClock();
            final Path chk = dir.resolve("chk");
            try (Pipeline b = w1(log, "B", clock, chk))
            {
                b.start();
                for (int i = 0; i < 2_000 && b.lastCheckpointId() < 2; i++)
                {
                    clock.advance(7);
                    b.step();
                }
                assertTrue(b.lastCheckpointId() >= 2);
                b.stop(false);
            }
            final long newest;
            try (var list = Files.list(chk))
            {
                newest = list.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("chk-"))
                    .mapToLong(n -> Long.parseLong(n.substring(4))).max().orElseThrow();
            }
            final Path file = chk.resolve("chk-" + newest).resolve("s1-0.state");
            final byte[] bytes = Files.readAllBytes(file);
            Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length / 2));
            final Pipeline again = Pipeline.getOrCreate(chk, () -> w1(log, "B", clock, chk));
            assertEquals(newest - 1, again.restoredCheckpointId(), again.checkpointWarnings() + " " + newest);
            assertTrue(again.checkpointWarnings().get(0).contains(file.toString()), again.checkpointWarnings().toString());
            again.close();
            Files.delete(chk.resolve("chk-" + (newest - 1)).resolve("s0-0.state"));
            final Pipeline third = Pipeline.getOrCreate(chk, () -> w1(log, "B", clock, chk));
            assertTrue(third.checkpointWarnings().get(1).contains("missing file"), third.checkpointWarnings().toString());
            third.close();
        }
    }

    @Test
    void aCheckpointDirectoryThatIsNotWritableFailsStartNamingIt() throws IOException
    {
        try (RillLog log = RillLog.open(dir.resolve("log")))
        {
            log.createTopic("in", small(1));
            log.createTopic("B", small(2));
            final Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
            final Pipeline p = w1(log, "B", new CachedEpochClock(), notADir.resolve("chk"));
            final IllegalStateException ex = assertThrows(IllegalStateException.class, p::start);
            assertTrue(ex.getMessage().contains("not writable") && ex.getMessage().contains(notADir.toString()),
                ex.getMessage());
            p.close();
        }
    }
}
