package dev.rill.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Consumer groups: a committed offset is durable when {@link Consumer#commit()} returns (it survives SIGKILL of
 * the process right after), and a new consumer of the group resumes exactly there.
 */
class ConsumerGroupCommitTest extends LogTestBase
{
    private static final int PARTITIONS = 3;
    private static final int PER_PARTITION = 1_000;

    @TempDir
    Path dir;

    private void fill(final RillLog log, final String name)
    {
        final Topic topic = log.createTopic(name, TopicConfig.builder(PARTITIONS).build());
        for (int p = 0; p < PARTITIONS; p++)
        {
            for (long o = 0; o < PER_PARTITION; o++)
            {
                topic.producer().append(p, TestRecords.timestampNs(p, o), TestRecords.key(p, o),
                    TestRecords.value(p, o));
            }
        }
    }

    @Test
    void commitSurvivesSigkillRightAfterItReturnsAndTheGroupResumesThere() throws Exception
    {
        try (RillLog log = RillLog.open(dir))
        {
            fill(log, "orders");
        }
        long totalRead = 0;
        for (final int count : new int[] {1_234, 700, 66})
        {
            final long[] positions = new long[PARTITIONS];
            try (ChildJvm child = ChildJvm.start(dir, "commit-" + count, ChildMain.class, "commit", dir.toString(),
                "orders", "billing", Integer.toString(count)))
            {
                final String line = child.awaitLine("committed ");
                // No grace: SIGKILL as soon as commit() has returned in the child.
                child.kill();
                final String[] fields = line.split(" ");
                assertEquals(count, Integer.parseInt(fields[1]), line);
                for (int p = 0; p < PARTITIONS; p++)
                {
                    positions[p] = Long.parseLong(fields[2 + p]);
                }
            }
            totalRead += count;
            long sum = 0;
            for (final long position : positions)
            {
                sum += position;
            }
            assertEquals(totalRead, sum, "each run resumes where the last one committed, so positions add up");
            try (RillLog log = RillLog.open(dir))
            {
                for (int p = 0; p < PARTITIONS; p++)
                {
                    assertEquals(positions[p], log.offsets().committed("billing", "orders", p), "partition " + p);
                }
                final Topic topic = log.topic("orders");
                try (Consumer consumer = topic.consumer(ConsumerOptions.from(StartPosition.LATEST)
                    .withGroup("billing")))
                {
                    final long[] expected = positions.clone();
                    for (int p = 0; p < PARTITIONS; p++)
                    {
                        assertEquals(positions[p], consumer.position(p), "resumed position of partition " + p);
                    }
                    final String[] error = new String[1];
                    long read = 0;
                    int n;
                    while ((n = consumer.poll(r ->
                    {
                        final String problem = TestRecords.check(r, r.partition(), expected[r.partition()]++);
                        if (problem != null && error[0] == null)
                        {
                            error[0] = "partition " + r.partition() + ": " + problem;
                        }
                    }, 500)) > 0)
                    {
                        read += n;
                    }
                    assertNull(error[0]);
                    assertEquals((long)PARTITIONS * PER_PARTITION - totalRead, read);
                    // Not committed: the next child resumes from the committed offsets, not from here.
                }
            }
        }
    }

    @Test
    void groupsCommitIndependentlyAndOnlyWhatWasRead() throws Exception
    {
        try (RillLog log = RillLog.open(dir))
        {
            fill(log, "t");
            final Topic topic = log.topic("t");
            try (Consumer a = topic.consumer(ConsumerOptions.fromEarliest().withGroup("a").withPartitions(1));
                Consumer b = topic.consumer(ConsumerOptions.fromEarliest().withGroup("b")))
            {
                assertEquals(10, a.poll(r -> { }, 10));
                a.commit();
                assertEquals(25, b.poll(r -> { }, 25));
                b.commit();
                // A failing handler does not consume its record: the position stays on it.
                assertThrows(IllegalStateException.class, () -> a.poll(r ->
                {
                    if (r.offset() == 13)
                    {
                        throw new IllegalStateException("handler failed at 13");
                    }
                }, 100));
                assertEquals(13, a.position(1));
                a.commit();
            }
            assertEquals(13, log.offsets().committed("a", "t", 1));
            assertEquals(-1, log.offsets().committed("a", "t", 0));
            long committedB = 0;
            for (int p = 0; p < PARTITIONS; p++)
            {
                committedB += log.offsets().committed("b", "t", p);
            }
            assertEquals(25, committedB);
            try (Consumer c = topic.consumer(ConsumerOptions.fromEarliest()))
            {
                final IllegalStateException ex = assertThrows(IllegalStateException.class, c::commit);
                assertEquals("consumer of topic t has no group to commit for", ex.getMessage());
            }
        }
        try (RillLog log = RillLog.open(dir))
        {
            try (Consumer a = log.topic("t").consumer(ConsumerOptions.fromEarliest().withGroup("a").withPartitions(1)))
            {
                assertEquals(13, a.position(1));
                a.poll(r -> assertEquals(13, r.offset()), 1);
            }
            // A damaged offset file is an error naming group, topic, partition and file.
            final Path file = dir.resolve("groups").resolve("a").resolve("t").resolve("p-1");
            Files.writeString(file, "12x\n");
            final LogException ex = assertThrows(LogException.class, () -> log.topic("t").consumer(
                ConsumerOptions.fromEarliest().withGroup("a").withPartitions(1)));
            assertEquals("damaged committed offset: group=a, topic=t, partition=1, file=" + file + ": '12x'",
                ex.getMessage());
            assertTrue(assertThrows(IllegalArgumentException.class, () -> ConsumerOptions.fromEarliest()
                .withGroup("../etc")).getMessage().contains("invalid group name '../etc'"));
        }
    }
}
