package dev.rill.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import net.openhft.chronicle.core.Jvm;
import net.openhft.chronicle.core.onoes.ExceptionKey;
import net.openhft.chronicle.core.onoes.LogLevel;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rill.log.internal.RollCycleNames;

/**
 * A process killed with SIGKILL while appending leaves a log that reopens at once, reads every whole record with
 * a valid checksum and the right content, has dense offsets with no gap or duplicate, has lost no append that
 * returned, and takes new appends at the next offset.
 * <p>
 * A child JVM ({@link ChildMain} {@code append}) appends {@link TestRecords} round robin to two topics: one with
 * an hourly roll cycle (byte[] appends) and one rolling every second (DirectBuffer appends), so kills also land
 * around roll cycles and the parent reopens a cycle the dead writer left without its end-of-file marker. The
 * parent waits for a random number of appended records (read from the child's stdout), sends SIGKILL, then
 * reopens and checks everything.
 * <p>
 * Iterations: 20 by default; run longer with {@code -Drill.crash.iterations=N}, passed to the test JVM by
 * {@code mvn -pl log install -Drill.test.props=-Drill.crash.iterations=200}.
 */
class CrashSafetyTest extends LogTestBase
{
    private static final String[] TOPICS = {"hourly", "secondly"};
    private static final int PARTITIONS = 2;
    private static final int MAX_RECORDS_BEFORE_KILL = 30_000;

    @TempDir
    Path dir;

    @Test
    void killedAppenderLeavesAReadableDenseLogThatTakesTheNextOffset() throws Exception
    {
        final int iterations = Integer.getInteger("rill.crash.iterations", 20);
        try (RillLog log = RillLog.open(dir))
        {
            log.createTopic(TOPICS[0], TopicConfig.builder(PARTITIONS).rollCycle("FAST_HOURLY")
                .blockSizeBytes(4 << 20).build());
            log.createTopic(TOPICS[1], TopicConfig.builder(PARTITIONS).rollCycle("TEST_SECONDLY")
                .blockSizeBytes(4 << 20).build());
        }
        final List<Long> recoveryMs = new ArrayList<>();
        final long[] acknowledged = new long[TOPICS.length * PARTITIONS];
        // Chronicle reports, as a warning, each write lock it takes over from a dead process: a kill that landed
        // inside a document. Recorded here rather than logged, to count them and to fail on any other warning.
        final Map<ExceptionKey, Integer> chronicleWarnings = Jvm.recordExceptions();
        try
        {
            runKills(iterations, recoveryMs, acknowledged);
        }
        finally
        {
            Jvm.resetExceptionHandlers();
        }
        int insideDocument = 0;
        final List<String> unexpected = new ArrayList<>();
        for (final ExceptionKey key : chronicleWarnings.keySet())
        {
            if (String.valueOf(key.message()).startsWith("Forced unlocking `chronicle.write.lock`"))
            {
                insideDocument++;
            }
            else if (key.level() == LogLevel.WARN || key.level() == LogLevel.ERROR)
            {
                unexpected.add(key.toString());
            }
        }
        Collections.sort(recoveryMs);
        System.out.println("crash recovery over " + iterations + " kills (" + insideDocument + " inside a document, " +
            "the dead writer holding Chronicle's write lock): reopen + first append median " +
            recoveryMs.get(recoveryMs.size() / 2) + " ms, max " + recoveryMs.get(recoveryMs.size() - 1) + " ms");
        assertEquals(List.of(), unexpected, "Chronicle warned during recovery");
        assertTrue(recoveryMs.get(recoveryMs.size() - 1) < 5_000,
            "reopening after a kill must not wait for Chronicle's lock timeout: " + recoveryMs);
    }

    private void runKills(final int iterations, final List<Long> recoveryMs, final long[] acknowledged)
        throws Exception
    {
        for (int iteration = 0; iteration < iterations; iteration++)
        {
            final long target = ThreadLocalRandom.current().nextLong(1, MAX_RECORDS_BEFORE_KILL);
            try (ChildJvm child = ChildJvm.start(dir, "appender-" + iteration, ChildMain.class, "append",
                dir.toString(), TOPICS[0], TOPICS[1]))
            {
                String line;
                long appended = 0;
                while (appended < target)
                {
                    line = child.awaitLine("appended ");
                    final String[] fields = line.split(" ");
                    appended = Long.parseLong(fields[1]);
                    for (int s = 0; s < acknowledged.length; s++)
                    {
                        acknowledged[s] = Long.parseLong(fields[2 + s]);
                    }
                }
                child.kill();
                final String stderr = child.stderr();
                assertTrue(!stderr.contains("Exception"), "iteration " + iteration + ": child stderr: " + stderr);
            }
            recoveryMs.add(verifyAndAppend(iteration, acknowledged));
        }
    }

    /**
     * The worst moment made certain: a writer killed inside an open Chronicle document (a header marked "not
     * complete", the queue's write lock held by a dead PID). The reopened log must not wait for Chronicle's lock
     * timeout, must not show the half record, and must continue at the next offset, in the same roll cycle and in
     * a later one (the dead writer's cycle then has no end-of-file marker).
     */
    @Test
    void writerKilledInsideADocumentLeavesNoHalfRecord() throws Exception
    {
        for (final String rollCycle : new String[] {"FAST_HOURLY", "TEST_SECONDLY"})
        {
            final String name = "half-" + rollCycle.toLowerCase(java.util.Locale.ROOT).replace('_', '-');
            final ManualClock clock = new ManualClock(System.currentTimeMillis() * 1_000_000L);
            try (RillLog log = RillLog.open(dir, clock))
            {
                final Topic topic = log.createTopic(name, TopicConfig.builder(1).rollCycle(rollCycle)
                    .blockSizeBytes(4 << 20).build());
                for (long o = 0; o < 10; o++)
                {
                    topic.producer().append(0, TestRecords.timestampNs(0, o), TestRecords.key(0, o),
                        TestRecords.value(0, o));
                }
            }
            try (ChildJvm child = ChildJvm.start(dir, name, ChildMain.class, "half-write", dir.toString(), name,
                "0"))
            {
                child.awaitLine("in-document");
                child.kill();
            }
            // Reopen a minute later: a new roll cycle for TEST_SECONDLY, the same one for FAST_HOURLY most times.
            clock.set(System.currentTimeMillis() * 1_000_000L + 60_000_000_000L);
            // First as a reader only: the half record is not there, the end is where the last whole record ends.
            try (RillLog log = RillLog.open(dir, clock))
            {
                final Topic topic = log.topic(name);
                assertEquals(10, topic.nextOffset(0), rollCycle);
                readAll(0, topic, new long[] {10}, 0);
            }
            final long startNs = System.nanoTime();
            try (RillLog log = RillLog.open(dir, clock))
            {
                final Topic topic = log.topic(name);
                assertEquals(10, topic.nextOffset(0), rollCycle);
                assertEquals(10, topic.producer().append(0, TestRecords.timestampNs(0, 10), TestRecords.key(0, 10),
                    TestRecords.value(0, 10)), rollCycle);
                final long recoveryMs = (System.nanoTime() - startNs) / 1_000_000;
                System.out.println("reopen + append after a kill inside a document (" + rollCycle + "): " +
                    recoveryMs + " ms");
                assertTrue(recoveryMs < 5_000, rollCycle + ": recovery took " + recoveryMs + " ms");
                readAll(0, topic, new long[] {11}, 0);
            }
            // And once more, as a reader that is not the writer.
            try (RillLog log = RillLog.open(dir, clock))
            {
                final Topic topic = log.topic(name);
                assertEquals(11, topic.nextOffset(0), rollCycle);
                readAll(0, topic, new long[] {11}, 0);
            }
        }
    }

    /**
     * A writer killed while Chronicle creates a new cycle's file (it sizes the file, then writes the header) leaves
     * a file without a whole header: empty, all zeros, or a header marked incomplete. No record can be in it.
     * Chronicle itself waits for such a header for its whole timeout and then fails deep inside; the log must
     * remove the file and go on, whether it is reopened by a reader or a writer. While a live writer holds the
     * topic, the file may be one it is creating right now: then it is left alone and, after a short wait, reported.
     */
    @Test
    void writerKilledWhileCreatingACycleFileLeavesNothingThatBlocksReopening() throws Exception
    {
        final long startNs = 1_700_000_000_000_000_000L;
        final ManualClock clock = new ManualClock(startNs);
        final int cycle = (int)(startNs / 1_000_000_000L);
        try (RillLog log = RillLog.open(dir, clock))
        {
            final Topic topic = log.createTopic("roll", TopicConfig.builder(3).rollCycle("TEST_SECONDLY")
                .blockSizeBytes(4 << 20).build());
            for (int p = 0; p < 3; p++)
            {
                for (long o = 0; o < 10; o++)
                {
                    topic.producer().append(p, TestRecords.timestampNs(p, o), TestRecords.key(p, o),
                        TestRecords.value(p, o));
                }
            }
        }
        clock.set(startNs + 2_000_000_000L);
        for (final boolean asWriter : new boolean[] {false, true})
        {
            final List<Path> unfinished = new ArrayList<>();
            for (int p = 0; p < 3; p++)
            {
                final Path partitionDir = dir.resolve("topics").resolve("roll").resolve("p-" + p);
                final Path file = partitionDir.resolve(new QueueFiles(partitionDir,
                    RollCycleNames.byName("TEST_SECONDLY")).fileName(cycle + 1));
                try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
                {
                    if (p > 0)
                    {
                        raf.setLength(5 << 20);
                    }
                    if (p == 2)
                    {
                        raf.write(new byte[] {100, 0, 0, (byte)0xC0});
                    }
                }
                unfinished.add(file);
            }
            final long openNs = System.nanoTime();
            try (RillLog log = RillLog.open(dir, clock))
            {
                final Topic topic = log.topic("roll");
                for (final Path file : unfinished)
                {
                    assertTrue(!Files.exists(file), file + " should have been removed");
                }
                for (int p = 0; p < 3; p++)
                {
                    final long next = asWriter ? 11 : 10;
                    if (asWriter)
                    {
                        assertEquals(10, topic.producer().append(p, TestRecords.timestampNs(p, 10),
                            TestRecords.key(p, 10), TestRecords.value(p, 10)));
                    }
                    assertEquals(next, topic.nextOffset(p));
                }
                readAll(0, topic, new long[] {asWriter ? 11 : 10, asWriter ? 11 : 10, asWriter ? 11 : 10}, 0);
            }
            final long ms = (System.nanoTime() - openNs) / 1_000_000;
            System.out.println("reopen as " + (asWriter ? "writer" : "reader") + " past unfinished cycle files: " +
                ms + " ms");
            assertTrue(ms < 5_000, "took " + ms + " ms");
        }

        // A live writer in another process: a header-less file may be one it is creating; it is not removed.
        try (RillLog log = RillLog.open(dir))
        {
            log.createTopic("live", TopicConfig.builder(1).build());
        }
        final Path liveDir = dir.resolve("topics").resolve("live").resolve("p-0");
        final Path future = liveDir.resolve(new QueueFiles(liveDir, RollCycleNames.byName("FAST_HOURLY"))
            .fileName((int)(System.currentTimeMillis() / 3_600_000L) + 5));
        try (ChildJvm child = ChildJvm.start(dir, "live-writer", ChildMain.class, "hold-writer", dir.toString(),
            "live"))
        {
            child.awaitLine("writing");
            Files.write(future, new byte[0]);
            final long openNs = System.nanoTime();
            try (RillLog log = RillLog.open(dir))
            {
                final LogException ex = assertThrows(LogException.class, () -> log.topic("live").nextOffset(0));
                assertTrue(ex.getMessage().contains("has no header (0 bytes), and the topic's live writer has not " +
                    "finished creating it"), ex.getMessage());
                assertTrue(Files.exists(future));
            }
            assertTrue(System.nanoTime() - openNs >= 2_000_000_000L);
            child.kill();
        }
        try (RillLog log = RillLog.open(dir))
        {
            assertEquals(1, log.topic("live").nextOffset(0));
            assertTrue(!Files.exists(future));
        }
    }

    /**
     * Chronicle frees a write lock whose holder PID is dead, but waits out its timeout and then fails if that PID
     * is alive: after a crash, the PID may well belong to another process (PIDs are reused; in a container the
     * restarted JVM may even get the same one). The topic's writer lock (an OS file lock, gone with the process)
     * already proves no other writer is alive, so the writer must take over Chronicle's lock at once.
     */
    @Test
    void chronicleWriteLockHeldByALiveProcessDoesNotBlockTheNextWriter() throws Exception
    {
        try (RillLog log = RillLog.open(dir))
        {
            final Topic topic = log.createTopic("reused", TopicConfig.builder(2).build());
            topic.producer().append(1, TestRecords.timestampNs(1, 0), TestRecords.key(1, 0), TestRecords.value(1, 0));
        }
        try (ChildJvm child = ChildJvm.start(dir, "chronicle-lock", ChildMain.class, "hold-chronicle-lock",
            dir.toString(), "reused", "1"))
        {
            child.awaitLine("locked");
            final long startNs = System.nanoTime();
            try (RillLog log = RillLog.open(dir))
            {
                final Topic topic = log.topic("reused");
                assertEquals(1, topic.producer().append(1, TestRecords.timestampNs(1, 1), TestRecords.key(1, 1),
                    TestRecords.value(1, 1)));
                final long ms = (System.nanoTime() - startNs) / 1_000_000;
                System.out.println("append with Chronicle's write lock held by a live, foreign PID: " + ms + " ms");
                assertTrue(ms < 5_000, "took " + ms + " ms");
                readAll(0, topic, new long[] {0, 2}, 0);
            }
        }
    }

    /**
     * Reopen after a kill: check every record of every partition, then append one record to each.
     *
     * @return ms from opening the log until the first append after the kill returned.
     */
    private long verifyAndAppend(final int iteration, final long[] acknowledged)
    {
        final long startNs = System.nanoTime();
        long recoveredNs = 0;
        try (RillLog log = RillLog.open(dir))
        {
            final long[] next = new long[acknowledged.length];
            for (int t = 0; t < TOPICS.length; t++)
            {
                final Topic topic = log.topic(TOPICS[t]);
                final Producer producer = topic.producer();
                for (int p = 0; p < PARTITIONS; p++)
                {
                    final int s = t * PARTITIONS + p;
                    next[s] = topic.nextOffset(p);
                    final long offset = producer.append(p, TestRecords.timestampNs(p, next[s]),
                        TestRecords.key(p, next[s]), TestRecords.value(p, next[s]));
                    if (recoveredNs == 0)
                    {
                        recoveredNs = System.nanoTime();
                    }
                    assertEquals(next[s], offset, "iteration " + iteration + ": first append after the kill, topic " +
                        TOPICS[t] + " partition " + p);
                    next[s]++;
                    assertEquals(next[s], topic.nextOffset(p));
                    assertTrue(next[s] > acknowledged[s], "iteration " + iteration + ": topic " + TOPICS[t] +
                        " partition " + p + " lost acknowledged records: next " + (next[s] - 1) +
                        " after the kill, the child had appended up to " + (acknowledged[s] - 1));
                }
                readAll(iteration, topic, next, t * PARTITIONS);
            }
            final UnsafeBuffer key = new UnsafeBuffer(new byte[TestRecords.MAX_KEY]);
            final UnsafeBuffer value = new UnsafeBuffer(new byte[TestRecords.MAX_VALUE]);
            final Topic topic = log.topic(TOPICS[1]);
            for (int p = 0; p < PARTITIONS; p++)
            {
                final long o = topic.nextOffset(p);
                assertEquals(o, topic.producer().append(p, TestRecords.timestampNs(p, o),
                    key, 0, TestRecords.fillKey(key, p, o), value, 0, TestRecords.fillValue(value, p, o)));
            }
        }
        return (recoveredNs - startNs) / 1_000_000;
    }

    private static void readAll(final int iteration, final Topic topic, final long[] next, final int firstStream)
    {
        final long[] expected = new long[topic.partitionCount()];
        final String[] error = new String[1];
        try (Consumer consumer = topic.consumer(ConsumerOptions.fromEarliest()))
        {
            while (consumer.poll(record ->
            {
                final int p = record.partition();
                final String problem = TestRecords.check(record, p, expected[p]);
                if (problem != null && error[0] == null)
                {
                    error[0] = "iteration " + iteration + ": topic " + topic.name() + " partition " + p +
                        " offset " + expected[p] + ": " + problem;
                }
                expected[p]++;
            }, 4096) > 0)
            {
                if (error[0] != null)
                {
                    fail(error[0]);
                }
            }
            if (error[0] != null)
            {
                fail(error[0]);
            }
        }
        for (int p = 0; p < expected.length; p++)
        {
            assertEquals(next[firstStream + p], expected[p], "iteration " + iteration + ": topic " + topic.name() +
                " partition " + p + ": records read from earliest");
        }
    }
}
