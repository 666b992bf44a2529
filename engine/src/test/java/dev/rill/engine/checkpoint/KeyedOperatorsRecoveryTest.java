package dev.rill.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.function.LongBinaryOperator;
import java.util.stream.Stream;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.rill.engine.BatchTime;
import dev.rill.engine.EventStream;
import dev.rill.engine.LogSourceOptions;
import dev.rill.engine.Pipeline;
import dev.rill.engine.PipelineConfig;
import dev.rill.engine.ThreadingMode;
import dev.rill.engine.WaitStrategy;
import dev.rill.engine.workloads.W1Pipeline;
import dev.rill.log.RillLog;

/**
 * Every keyed operator with a state image, and batch operations, from a log topic to a log topic (over 2 shards for
 * the keyed ones): an uninterrupted run into
 * A, then runs into B aborted ({@code stop(false)}, no drain) at 10 random points ({@code -Drill.kill.iterations=N}
 * for more) and recovered with {@code getOrCreate} until one finishes: A and B hold the same records, offsets,
 * timestamps, keys and values, per partition. The input is the reference generator's (1 event per µs of event time,
 * 500 symbols) cut into 10 ms batches, so the run spans about 10 batches and the 50 ms checkpoints fall mid-batch,
 * mid-pane and between batches.
 */
class KeyedOperatorsRecoveryTest
{
    private static final int EVENTS = 100_000;
    private static final int SYMBOLS = 500;
    private static final long BATCH_MS = 10;
    /** Non-commutative: a restore that replayed or reordered a value would change the result. */
    private static final LongBinaryOperator ORDERED = (a, b) -> a * 31 + b;

    @TempDir
    Path dir;

    /** The quantity, a small number, as the value. */
    private static EventStream quantities(final Pipeline pipeline, final RillLog log, final String name)
    {
        return pipeline.topicStream(log, LogSourceOptions.topic("in"))
            .map(name, (in, o) -> o.long0(in.bytes().getLong(8)));
    }

    static Stream<Arguments> operators()
    {
        return Stream.of(
            Arguments.of("reduceByKey", 500, (Case)(p, log) -> quantities(p, log, "decode").repartition(2)
                .reduceByKey(ORDERED)),
            Arguments.of("reduceByKeyAndWindow", 500, (Case)(p, log) -> quantities(p, log, "decode").repartition(2)
                .reduceByKeyAndWindow(ORDERED, 50, 20)),
            Arguments.of("countByValue then countByValueAndWindow", 500, (Case)(p, log) -> quantities(p, log, "decode")
                .repartition(2).countByValue().repartition(2).countByValueAndWindow(40, 10)),
            Arguments.of("countByWindow", 8, (Case)(p, log) -> quantities(p, log, "decode").repartition(2)
                .countByWindow(30, 10)),
            Arguments.of("groupByKey and combineByKey", 500, (Case)(p, log) -> quantities(p, log, "decode")
                .repartition(2).groupByKey((key, values, out) -> out.accept(key, values.sum() * 1_000 + values.size()))
                .repartition(2).combineByKey(v -> v * 10, ORDERED)),
            Arguments.of("leftOuterJoin", 500, (Case)(p, log) -> quantities(p, log, "left")
                .filter("tenth", e -> e.long0() % 10 == 0)
                .leftOuterJoin(quantities(p, log, "right").filter("other tenth", e -> e.long0() % 10 == 1))),
            Arguments.of("cogroup", 500, (Case)(p, log) -> quantities(p, log, "left").filter("third", e -> e.long0() % 3 == 0)
                .cogroup(quantities(p, log, "right").filter("fifth", e -> e.long0() % 5 == 0),
                    (key, left, right, out) -> out.accept(key, left.sum() * 1_000 + right.size()))),
            // batch operations: the Batcher's pending batches are its state
            Arguments.of("reduce per batch", 8, (Case)(p, log) -> quantities(p, log, "decode")
                .reduce((acc, e) -> acc.long0(acc.long0() * 31 + e.long0()))),
            Arguments.of("count per batch", 8, (Case)(p, log) -> quantities(p, log, "decode").count()),
            Arguments.of("reduceByKey, gathered, then a batch reduce", 8, (Case)(p, log) -> quantities(p, log, "decode")
                .repartition(2).reduceByKey(ORDERED).repartition(1).reduce((acc, e) -> acc.long0(acc.long0() +
                    e.long0()).long1(acc.long1() ^ e.key()))));
    }

    /** Builds the keyed part of a pipeline. */
    @FunctionalInterface
    interface Case
    {
        EventStream apply(Pipeline pipeline, RillLog log);
    }

    private static Pipeline pipeline(final RillLog log, final String out, final CachedEpochClock clock, final Path chk,
        final Case keyed)
    {
        final Pipeline pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING)
            .clock(clock).ringSize(1 << 10).batchInterval(BatchTime.EVENT_TIME, BATCH_MS).build());
        if (chk != null)
        {
            pipeline.checkpoint(chk, 50, 2);
        }
        keyed.apply(pipeline, log)
            .map("encode", (in, o) ->
            {
                o.bytes().putLong(0, in.long0());
                o.bytes().putLong(8, in.long1());
                o.bytes().putLong(16, in.long2());
                o.bytes().putLong(24, in.long3());
                o.bytesLength(32);
            })
            .saveToTopic(log, out);
        return pipeline;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operators")
    void abortedAndRecoveredRunsWriteExactlyTheUninterruptedOutput(final String name, final int least,
        final Case keyed)
        throws Exception
    {
        final int kills = Integer.getInteger("rill.kill.iterations", 10);
        try (RillLog log = RillLog.open(dir.resolve("log")))
        {
            log.createTopic("in", ExactlyOnceRecoveryTest.small(1));
            W1Pipeline.writeTopic(W1Pipeline.config(ThreadingMode.STEPPING, WaitStrategy.BACKOFF).build(), log, "in",
                EVENTS, SYMBOLS);
            log.createTopic("A", ExactlyOnceRecoveryTest.small(2));
            log.createTopic("B", ExactlyOnceRecoveryTest.small(2));
            final CachedEpochClock clock = new CachedEpochClock();
            try (Pipeline a = pipeline(log, "A", clock, null, keyed))
            {
                a.start();
                assertTrue(a.awaitTermination(60_000));
            }
            final Path chk = dir.resolve("chk");
            ExactlyOnceRecoveryTest.abortAndRecoverUntilDone(kills, chk, () -> pipeline(log, "B", clock, chk, keyed),
                clock);
            final List<List<String>> expected = ExactlyOnceRecoveryTest.records(log, "A");
            assertTrue(expected.get(0).size() + expected.get(1).size() > least, name + " records: " +
                expected.get(0).size() + "/" + expected.get(1).size());
            assertEquals(expected, ExactlyOnceRecoveryTest.records(log, "B"), name);
        }
    }

    @Test
    void aCheckpointOfAnotherJoinTypeIsRefusedSayingWhatDiffers() throws Exception
    {
        try (RillLog log = RillLog.open(dir.resolve("log")))
        {
            log.createTopic("in", ExactlyOnceRecoveryTest.small(1));
            W1Pipeline.writeTopic(W1Pipeline.config(ThreadingMode.STEPPING, WaitStrategy.BACKOFF).build(), log, "in",
                20_000, SYMBOLS);
            log.createTopic("B", ExactlyOnceRecoveryTest.small(2));
            final CachedEpochClock clock = new CachedEpochClock();
            final Path chk = dir.resolve("chk");
            final Case left = (p, l) -> quantities(p, l, "left").leftOuterJoin(quantities(p, l, "right"));
            final Case inner = (p, l) -> quantities(p, l, "left").join(quantities(p, l, "right"));
            try (Pipeline b = pipeline(log, "B", clock, chk, left))
            {
                b.start();
                for (int i = 0; i < 500 && b.lastCheckpointId() == 0; i++)
                {
                    clock.advance(7);
                    b.step();
                }
                assertTrue(b.lastCheckpointId() > 0);
                b.stop(false);
            }
            final Pipeline other = Pipeline.getOrCreate(chk, () -> pipeline(log, "B", clock, chk, inner));
            final IllegalStateException ex = assertThrows(IllegalStateException.class, other::start);
            assertTrue(ex.getMessage().contains("join=LEFT_OUTER") && ex.getMessage().contains("join=INNER"),
                ex.getMessage());
            other.close();
        }
    }
}
