package dev.rill.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

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
 * {@code window} and {@code groupByKeyAndWindow} checkpointed, from a log topic to a log topic over 2 shards: an
 * uninterrupted run into A, then runs into B aborted ({@code stop(false)}, no drain) at 10 random points
 * ({@code -Drill.kill.iterations=N} for more) and recovered with {@code getOrCreate} until one finishes: A and B hold
 * the same records, offsets, timestamps, keys and values, per partition. The generator's events (1 per µs of event
 * time, 500 symbols) are cut into 10 ms batches; windows of 30 ms slide by 20 ms (panes of 10 ms), so the 50 ms
 * checkpoints fall mid-pane, mid-slide and between slides.
 */
class WindowRecoveryTest
{
    private static final int EVENTS = 100_000;
    private static final int SYMBOLS = 500;
    private static final long BATCH_MS = 10;

    @TempDir
    Path dir;

    /** Builds the windowed part of a pipeline. */
    @FunctionalInterface
    interface Case
    {
        EventStream apply(EventStream quantities);
    }

    static Stream<Arguments> operators()
    {
        return Stream.of(
            // a tenth of the records, each emitted in one or two windows: every record's order counts (offsets)
            Arguments.of("window", (Case)s -> s.filter("tenth", e -> e.long0() % 10 == 0).repartition(2)
                .window(30, 20)),
            // a fold that depends on the values' order within the group
            Arguments.of("groupByKeyAndWindow", (Case)s -> s.repartition(2).groupByKeyAndWindow(30, 20,
                (key, values, out) ->
                {
                    long hash = values.size();
                    for (int i = 0; i < values.size(); i++)
                    {
                        hash = hash * 31 + values.get(i);
                    }
                    out.accept(key, hash);
                })));
    }

    private static Pipeline pipeline(final RillLog log, final String out, final CachedEpochClock clock, final Path chk,
        final Case windowed)
    {
        final Pipeline pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING)
            .clock(clock).ringSize(1 << 10).batchInterval(BatchTime.EVENT_TIME, BATCH_MS).build());
        if (chk != null)
        {
            pipeline.checkpoint(chk, 50, 2);
        }
        windowed.apply(pipeline.topicStream(log, LogSourceOptions.topic("in"))
            .map("decode", (in, o) -> o.long0(in.bytes().getLong(8))))
            .map("encode", (in, o) ->
            {
                o.bytes().putLong(0, in.long0());
                o.bytes().putLong(8, in.long1());
                o.bytes().putLong(16, in.long2());
                o.bytes().putLong(24, in.eventTimeNs());
                o.bytesLength(32);
            })
            .saveToTopic(log, out);
        return pipeline;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operators")
    void abortedAndRecoveredRunsWriteExactlyTheUninterruptedOutput(final String name, final Case windowed)
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
            try (Pipeline a = pipeline(log, "A", clock, null, windowed))
            {
                a.start();
                assertTrue(a.awaitTermination(60_000));
            }
            final Path chk = dir.resolve("chk");
            ExactlyOnceRecoveryTest.abortAndRecoverUntilDone(kills, chk,
                () -> pipeline(log, "B", clock, chk, windowed), clock);
            final List<List<String>> expected = ExactlyOnceRecoveryTest.records(log, "A");
            assertTrue(expected.get(0).size() > 500 && expected.get(1).size() > 500, name + " records: " +
                expected.get(0).size() + "/" + expected.get(1).size());
            assertEquals(expected, ExactlyOnceRecoveryTest.records(log, "B"), name);
        }
    }
}
