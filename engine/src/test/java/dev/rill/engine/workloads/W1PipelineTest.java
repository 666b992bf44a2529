package dev.rill.engine.workloads;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.rill.engine.ThreadingMode;
import dev.rill.engine.WaitStrategy;
import dev.rill.log.RillLog;
import dev.rill.log.TopicConfig;

/**
 * W1 through the engine (generator or log topic, keyed shards, inverse-reduce windows) against the single-threaded
 * reference, N = 1,000,000, K = 10,000. {@code -Drill.w1.events=20000000} runs {@link W1Main} instead (not here).
 */
class W1PipelineTest
{
    private static final long N = 1_000_000;
    private static final int K = 10_000;
    private static W1Result expected;

    @TempDir
    Path dir;

    @BeforeAll
    static void reference()
    {
        expected = W1Reference.run(N, K);
    }

    @Test
    void referenceIsConsistentOnATinyInput()
    {
        // 3 events at 0, 1, 2 us: one pane, windows ending 100 .. 1000 ms each hold all three events
        final W1Result tiny = W1Reference.run(3, K);
        assertEquals(3 * 10, tiny.records(), "3 distinct symbols (5700, 5679, 2444) x 10 windows");
        long checksum = 0;
        for (long end = 100; end <= 1_000; end += 100)
        {
            checksum += W1Result.term(end, 5700, 10539L * 159, 1) + W1Result.term(end, 5679, 10000L * 94, 1) +
                W1Result.term(end, 2444, 10804L * 185, 1);
        }
        assertEquals(checksum, tiny.checksum());
    }

    @Test
    void generatorOneShardOnThreadsEqualsReference() throws Exception
    {
        assertEquals(expected, W1Pipeline.runGenerator(
            W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).build(), N, K, 1));
    }

    @Test
    void generatorTwoShardsOnThreadsEqualsReference() throws Exception
    {
        assertEquals(expected, W1Pipeline.runGenerator(
            W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).build(), N, K, 2));
    }

    @Test
    void generatorTwoShardsSteppingEqualsReferenceOnASmallerInput() throws Exception
    {
        assertEquals(W1Reference.run(250_000, 100), W1Pipeline.runGenerator(
            W1Pipeline.config(ThreadingMode.STEPPING, WaitStrategy.YIELDING).ringSize(256).build(), 250_000, 100, 2));
    }

    @Test
    void theKeyedWindowPathAllocatesNothingPerEvent() throws Exception
    {
        // stepping: every stage runs on this thread, so its allocation counter sees the whole pipeline; the cost of a
        // run (rings, preallocated events, maps) is the same for 1 M and 3 M events, so the difference is per event
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        final long[] allocated = new long[3];
        final long[] events = {1_000_000, 1_000_000, 3_000_000};
        for (int i = 0; i < events.length; i++)
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            W1Pipeline.runGenerator(W1Pipeline.config(ThreadingMode.STEPPING, WaitStrategy.YIELDING).build(),
                events[i], K, 2);
            allocated[i] = threads.getCurrentThreadAllocatedBytes() - before;
        }
        final double perEvent = (allocated[2] - allocated[1]) / 2_000_000.0;
        assertTrue(perEvent < 0.5, "bytes per event: " + perEvent + " (runs: " + java.util.Arrays.toString(allocated) +
            ")");
    }

    @Test
    void oneTaskPerPartitionAllocatesNothingPerEvent() throws Exception
    {
        // stepping: both partitions' tasks run on this thread; topics of 1 M and 3 M events cost the same to set up
        // (stages, windows, consumers), so the difference is per event
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)java.lang.management.ManagementFactory.getThreadMXBean();
        final long[] events = {1_000_000, 1_000_000, 3_000_000};
        final long[] allocated = new long[events.length];
        try (RillLog log = RillLog.open(dir))
        {
            for (int i = 0; i < events.length; i++)
            {
                final String topic = "w1-" + i;
                log.createTopic(topic, TopicConfig.builder(2).build());
                W1Pipeline.writeTopic(W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).build(), log,
                    topic, events[i], K);
                final long before = threads.getCurrentThreadAllocatedBytes();
                final W1Result result = W1Pipeline.runTopicByPartition(
                    W1Pipeline.config(ThreadingMode.STEPPING, WaitStrategy.YIELDING).build(), log, topic);
                allocated[i] = threads.getCurrentThreadAllocatedBytes() - before;
                if (i == 0)
                {
                    assertEquals(expected, result);
                }
            }
        }
        final double perEvent = (allocated[2] - allocated[1]) / 2_000_000.0;
        assertTrue(perEvent < 0.5, "bytes per event: " + perEvent + " (runs: " + java.util.Arrays.toString(allocated) +
            ")");
    }

    @Test
    void logTopicTwoShardsEqualsReference() throws Exception
    {
        try (RillLog log = RillLog.open(dir))
        {
            log.createTopic("w1", TopicConfig.builder(1).build());
            W1Pipeline.writeTopic(W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).build(), log,
                "w1", N, K);
            assertEquals(expected, W1Pipeline.runTopic(
                W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).build(), log, "w1", 2));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void logTopicOneTaskPerPartitionEqualsReference(final int partitions) throws Exception
    {
        try (RillLog log = RillLog.open(dir))
        {
            log.createTopic("w1", TopicConfig.builder(partitions).build());
            W1Pipeline.writeTopic(W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).build(), log,
                "w1", N, K);
            assertEquals(expected, W1Pipeline.runTopicByPartition(
                W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).build(), log, "w1"));
        }
    }
}
