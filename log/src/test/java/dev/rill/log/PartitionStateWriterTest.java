package dev.rill.log;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A roll cycle's first record notes the cycle in the partition state file on {@link PartitionStateWriter}'s thread,
 * not the appending one; {@code close()} and retention write it on the caller's thread, and a state written late never
 * overwrites a newer one. The shared writer thread is held by a task of the test's own to see each side alone.
 */
class PartitionStateWriterTest extends LogTestBase
{
    private static final TopicConfig ONE_SECOND_CYCLES = TopicConfig.builder(1).rollCycle("TEST_SECONDLY")
        .blockSizeBytes(4 << 20).build();

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(1_700_000_000_000_000_000L);

    @Test
    void aNewCyclesAppendReturnsBeforeItsStateIsWrittenAndTheStateFollows() throws Exception
    {
        try (RillLog log = RillLog.open(dir, clock))
        {
            log.createTopic("t", ONE_SECOND_CYCLES);
            final Producer producer = log.topic("t").producer();
            assertEquals(0, producer.append(0, clock.epochNanos(), new byte[] {0}, new byte[] {0}));
            drainWriterThread();
            final PartitionState first = stateOnDisk();
            assertEquals(0, first.lastCycleOffset(), "the first cycle's state, written by the writer thread");

            final CountDownLatch release = new CountDownLatch(1);
            final Future<?> holding = holdWriterThread(release);
            try
            {
                clock.advanceMs(1_000);
                // returns although the only thread that writes state files is held
                assertEquals(1, producer.append(0, clock.epochNanos(), new byte[] {1}, new byte[] {1}));
                assertEquals(first, stateOnDisk(), "not written yet: still the first cycle's state");
            }
            finally
            {
                release.countDown();
            }
            holding.get();
            drainWriterThread();
            assertEquals(new PartitionState(0, first.lastCycle() + 1, 1), stateOnDisk());
        }
    }

    @Test
    void closeWritesTheStateStillWaitingAndTheLateTaskLeavesItAlone() throws Exception
    {
        final CountDownLatch release = new CountDownLatch(1);
        final Future<?> holding;
        final int newestCycle;
        try (RillLog log = RillLog.open(dir, clock))
        {
            log.createTopic("t", ONE_SECOND_CYCLES);
            final Producer producer = log.topic("t").producer();
            producer.append(0, clock.epochNanos(), new byte[] {0}, new byte[] {0});
            drainWriterThread();
            newestCycle = stateOnDisk().lastCycle() + 2;
            holding = holdWriterThread(release);
            clock.advanceMs(1_000);
            producer.append(0, clock.epochNanos(), new byte[] {1}, new byte[] {1});
            clock.advanceMs(1_000);
            producer.append(0, clock.epochNanos(), new byte[] {2}, new byte[] {2});
            assertEquals(0, stateOnDisk().lastCycleOffset(), "held: nothing written since the first cycle");
        }
        assertEquals(new PartitionState(0, newestCycle, 2), stateOnDisk(), "close wrote the newest state");
        release.countDown();
        holding.get();
        drainWriterThread();
        assertEquals(new PartitionState(0, newestCycle, 2), stateOnDisk());
        try (RillLog log = RillLog.open(dir, clock))
        {
            assertEquals(3, log.topic("t").nextOffset(0));
        }
    }

    @Test
    void retentionsStateReplacesOneStillWaiting() throws Exception
    {
        final TopicConfig aged = TopicConfig.builder(1).rollCycle("TEST_SECONDLY").blockSizeBytes(4 << 20)
            .retentionAgeMs(1_500).build();
        try (RillLog log = RillLog.open(dir, clock))
        {
            log.createTopic("t", aged);
            final Topic topic = log.topic("t");
            for (int i = 0; i < 3; i++)
            {
                topic.producer().append(0, clock.epochNanos(), new byte[] {(byte)i}, new byte[] {(byte)i});
                clock.advanceMs(1_000);
            }
            drainWriterThread();
            final int newestCycle = stateOnDisk().lastCycle() + 1;
            final CountDownLatch release = new CountDownLatch(1);
            final Future<?> holding = holdWriterThread(release);
            try
            {
                topic.producer().append(0, clock.epochNanos(), new byte[] {3}, new byte[] {3});
                // the records at 0 s and 1 s are older than 1.5 s: their cycles go, after the state says so
                assertEquals(2, topic.applyRetention());
                assertEquals(new PartitionState(2, newestCycle, 3), stateOnDisk());
            }
            finally
            {
                release.countDown();
            }
            holding.get();
            drainWriterThread();
            assertEquals(2, stateOnDisk().earliestOffset(), "the waiting state (earliest 0) was not written over it");
        }
    }

    /** Everything handed to the shared writer thread before this call has run when it returns. */
    private static void drainWriterThread() throws Exception
    {
        PartitionStateWriter.SHARED.submit(() -> { }).get();
    }

    private static Future<?> holdWriterThread(final CountDownLatch release) throws InterruptedException
    {
        final CountDownLatch held = new CountDownLatch(1);
        final Future<?> holding = PartitionStateWriter.SHARED.submit(() ->
        {
            held.countDown();
            release.await();
            return null;
        });
        held.await();
        return holding;
    }

    private PartitionState stateOnDisk()
    {
        return PartitionState.read(dir.resolve("topics").resolve("t").resolve("p-0"));
    }
}
