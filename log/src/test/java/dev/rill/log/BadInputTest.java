package dev.rill.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input gets an exception that names what was wrong, and damages nothing: the next good call works.
 */
class BadInputTest extends LogTestBase
{
    @TempDir
    Path dir;

    @Test
    void unknownTopicAndTopicCreatedTwice()
    {
        try (RillLog log = RillLog.open(dir))
        {
            final UnknownTopicException unknown = assertThrows(UnknownTopicException.class, () -> log.topic("nope"));
            assertEquals("unknown topic: nope (in " + dir + ")", unknown.getMessage());
            assertThrows(UnknownTopicException.class, () -> log.deleteTopic("nope"));
            assertFalse(log.hasTopic("nope"));
            log.createTopic("t", TopicConfig.builder(2).build());
            final TopicExistsException twice = assertThrows(TopicExistsException.class,
                () -> log.createTopic("t", TopicConfig.builder(5).build()));
            assertEquals("topic already exists: t (in " + dir + ")", twice.getMessage());
            assertEquals(2, log.topic("t").partitionCount(), "the first topic is untouched");
            assertEquals(List.of("t"), log.topicNames());
        }
        try (RillLog log = RillLog.open(dir))
        {
            assertThrows(TopicExistsException.class, () -> log.createTopic("t", TopicConfig.builder(2).build()));
            log.deleteTopic("t");
            assertThrows(UnknownTopicException.class, () -> log.topic("t"));
            assertEquals(3, log.createTopic("t", TopicConfig.builder(3).build()).partitionCount());
        }
    }

    @Test
    void invalidConfigurationIsRejectedWhenBuilt()
    {
        for (final int partitions : new int[] {0, -1, Integer.MIN_VALUE, 4097})
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> TopicConfig.builder(partitions));
            assertEquals("partitions must be in 1..4096: " + partitions, ex.getMessage());
        }
        assertEquals(4096, TopicConfig.builder(4096).build().partitions());
        assertEquals("retention age must be > 0 ms or unlimited: 0", assertThrows(IllegalArgumentException.class,
            () -> TopicConfig.builder(1).retentionAgeMs(0)).getMessage());
        assertEquals("retention bytes must be > 0 or unlimited: -7", assertThrows(IllegalArgumentException.class,
            () -> TopicConfig.builder(1).retentionBytes(-7)).getMessage());
        assertEquals("unknown roll cycle: HOURLYISH", assertThrows(IllegalArgumentException.class,
            () -> TopicConfig.builder(1).rollCycle("HOURLYISH")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TopicConfig.builder(1).maxRecordBytes(8))
            .getMessage().startsWith("max record bytes must be in 52.."));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TopicConfig.builder(1)
            .blockSizeBytes(1 << 20).build()).getMessage().contains("at most a quarter of the block size"));
        assertEquals("offset must be >= 0: -1", assertThrows(IllegalArgumentException.class,
            () -> StartPosition.offset(-1)).getMessage());
    }

    @Test
    void invalidTopicNamesAreRejected()
    {
        final String tooLong = "x".repeat(201);
        try (RillLog log = RillLog.open(dir))
        {
            for (final String name : new String[] {"", ".hidden", "-dash", "a/b", "..", "a b", "tab\t", "ü", tooLong,
                "a\\b", "x:y"})
            {
                final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                    () -> log.createTopic(name, TopicConfig.builder(1).build()), name);
                assertEquals("invalid topic name '" + name + "': use 1-200 of [A-Za-z0-9._-], starting with a " +
                    "letter or digit", ex.getMessage());
                assertThrows(IllegalArgumentException.class, () -> log.topic(name));
            }
            assertThrows(IllegalArgumentException.class, () -> log.createTopic(null, TopicConfig.builder(1).build()));
            for (final String name : new String[] {"a", "A.b-c_9", "9", "x".repeat(200)})
            {
                log.createTopic(name, TopicConfig.builder(1).build());
                assertTrue(log.hasTopic(name));
            }
            assertEquals(4, log.topicNames().size());
        }
    }

    @Test
    void recordOverTheSizeLimitIsRejectedAndTakesNoOffset()
    {
        try (RillLog log = RillLog.open(dir))
        {
            final Topic topic = log.createTopic("big", TopicConfig.builder(2).maxRecordBytes(1024).build());
            final Producer producer = topic.producer();
            // Exactly at the limit: headers 52 + key 10 + value 962 = 1024.
            assertEquals(0, producer.append(1, 1, new byte[10], new byte[962]));
            RecordTooLargeException ex = assertThrows(RecordTooLargeException.class,
                () -> producer.append(1, 2, new byte[10], new byte[963]));
            assertEquals("record too large: topic=big, partition=1, size=1025 bytes (headers 52 + key + value), " +
                "max=1024 bytes", ex.getMessage());
            final UnsafeBuffer large = new UnsafeBuffer(new byte[5000]);
            ex = assertThrows(RecordTooLargeException.class,
                () -> producer.append(1, 3, large, 0, 0, large, 0, 5000));
            assertEquals("record too large: topic=big, partition=1, size=5052 bytes (headers 52 + key + value), " +
                "max=1024 bytes", ex.getMessage());
            final byte[] bigKey = new byte[2000];
            ex = assertThrows(RecordTooLargeException.class, () -> producer.send(bigKey, new byte[1]));
            assertTrue(ex.getMessage().contains("size=2053 bytes"), ex.getMessage());
            // Key or value outside its buffer: rejected before anything is written.
            assertThrows(IllegalArgumentException.class, () -> producer.append(1, 4, large, 4990, 20, large, 0, 1));
            assertThrows(IllegalArgumentException.class, () -> producer.append(1, 4, large, 0, -1, large, 0, 1));
            assertThrows(IllegalArgumentException.class, () -> producer.append(1, 4, large, 0, 1, large, -3, 10));
            final IllegalArgumentException noPartition = assertThrows(IllegalArgumentException.class,
                () -> producer.append(2, 5, new byte[0], new byte[1]));
            assertEquals("no such partition: topic=big, partition=2, partitions=2", noPartition.getMessage());
            assertThrows(IllegalArgumentException.class, () -> topic.nextOffset(-1));
            assertThrows(IllegalArgumentException.class,
                () -> topic.consumer(ConsumerOptions.fromEarliest().withPartitions(7)));
            // Nothing was damaged: the next record gets offset 1, and both read back.
            assertEquals(1, producer.append(1, 6, new byte[0], "ok".getBytes(UTF_8)));
            try (Consumer consumer = topic.consumer(ConsumerOptions.fromEarliest().withPartitions(1)))
            {
                final List<Long> offsets = new ArrayList<>();
                consumer.poll(r ->
                {
                    assertTrue(r.isChecksumValid());
                    offsets.add(r.offset());
                }, 10);
                assertEquals(List.of(0L, 1L), offsets);
            }
        }
    }

    @Test
    void offsetsPastTheEndOrBeforeTheStartAreOutOfRange()
    {
        try (RillLog log = RillLog.open(dir))
        {
            final Topic topic = log.createTopic("t", TopicConfig.builder(1).build());
            // An empty partition: 0 is both earliest and next.
            try (Consumer consumer = topic.consumer(ConsumerOptions.from(StartPosition.offset(0))))
            {
                assertEquals(0, consumer.poll(r -> { }, 1));
            }
            OffsetOutOfRangeException ex = assertThrows(OffsetOutOfRangeException.class,
                () -> topic.consumer(ConsumerOptions.from(StartPosition.offset(1))));
            assertEquals("offset out of range: topic=t, partition=0, offset=1, earliest=0, next=0", ex.getMessage());
            for (int i = 0; i < 5; i++)
            {
                topic.producer().append(0, i, new byte[0], new byte[] {(byte)i});
            }
            try (Consumer consumer = topic.consumer(ConsumerOptions.fromEarliest()))
            {
                ex = assertThrows(OffsetOutOfRangeException.class, () -> consumer.seek(0, 6));
                assertEquals("offset out of range: topic=t, partition=0, offset=6, earliest=0, next=5", ex.getMessage());
                assertEquals(6, ex.requestedOffset());
                assertEquals(5, ex.nextOffset());
                assertThrows(OffsetOutOfRangeException.class, () -> consumer.seek(0, Long.MAX_VALUE));
                assertThrows(OffsetOutOfRangeException.class, () -> consumer.seek(0, -1));
                // The failed seeks did not move the consumer.
                consumer.poll(r -> assertEquals(0, r.offset()), 1);
                consumer.seek(0, 5);
                assertEquals(0, consumer.poll(r -> { }, 1));
                topic.producer().append(0, 5, new byte[0], new byte[1]);
                consumer.poll(r -> assertEquals(5, r.offset()), 1);
            }
        }
    }

    @Test
    void closedLogAndLogDirectoryThatIsAFile() throws IOException
    {
        final RillLog log = RillLog.open(dir.resolve("a"));
        log.createTopic("t", TopicConfig.builder(1).build());
        log.close();
        log.close();
        assertEquals("log is closed: " + dir.resolve("a"), assertThrows(IllegalStateException.class,
            () -> log.topic("t")).getMessage());
        final Path file = Files.writeString(dir.resolve("file"), "x");
        final LogException ex = assertThrows(LogException.class, () -> RillLog.open(file));
        assertEquals("log directory is not a directory: " + file, ex.getMessage());
    }

    @Test
    void twoLogInstancesCannotBothWriteATopic()
    {
        try (RillLog first = RillLog.open(dir); RillLog second = RillLog.open(dir))
        {
            first.createTopic("t", TopicConfig.builder(1).build()).producer().append(0, 0, new byte[0], new byte[1]);
            final LogException ex = assertThrows(LogException.class, () -> second.topic("t").producer());
            assertEquals("topic is being written by another log instance of this process: topic=t, lock=" +
                dir.resolve("topics").resolve("t").resolve("writer.lock"), ex.getMessage());
            // Reading is fine.
            try (Consumer consumer = second.topic("t").consumer(ConsumerOptions.fromEarliest()))
            {
                assertEquals(1, consumer.poll(r -> { }, 10));
            }
        }
        try (RillLog again = RillLog.open(dir))
        {
            assertEquals(1, again.topic("t").producer().append(0, 1, new byte[0], new byte[1]));
        }
    }

    @Test
    void aSecondWriterProcessGetsAClearError() throws Exception
    {
        try (RillLog log = RillLog.open(dir))
        {
            log.createTopic("t", TopicConfig.builder(1).build());
        }
        try (ChildJvm child = ChildJvm.start(dir, "writer", ChildMain.class, "hold-writer", dir.toString(), "t"))
        {
            assertEquals("writing 0", child.awaitLine("writing"));
            try (RillLog log = RillLog.open(dir))
            {
                final Topic topic = log.topic("t");
                final LogException ex = assertThrows(LogException.class, topic::producer);
                assertEquals("topic is being written by another process: topic=t, lock=" +
                    dir.resolve("topics").resolve("t").resolve("writer.lock"), ex.getMessage());
                assertThrows(LogException.class, topic::applyRetention);
                // Reading what the other process wrote works meanwhile.
                assertEquals(1, topic.nextOffset(0));
                try (Consumer consumer = topic.consumer(ConsumerOptions.fromEarliest()))
                {
                    consumer.poll(r -> assertEquals(null, TestRecords.check(r, 0, 0)), 10);
                }
                child.kill();
                // The dead writer's lock went with it.
                assertEquals(1, topic.producer().append(0, TestRecords.timestampNs(0, 1), TestRecords.key(0, 1),
                    TestRecords.value(0, 1)));
            }
        }
    }

    /**
     * Two processes create the same topic at the same moment: exactly one succeeds, the other gets
     * {@link TopicExistsException}, and the topic is whole. Each child waits on stdin, so both are released at once.
     */
    @Test
    void twoProcessesCreatingOneTopicAtOnce() throws Exception
    {
        for (int round = 0; round < 3; round++)
        {
            final String name = "race-" + round;
            final List<ChildJvm> children = new ArrayList<>();
            try
            {
                for (int c = 0; c < 2; c++)
                {
                    children.add(ChildJvm.start(dir, name + "-" + c, ChildMain.class, "create-topic", dir.toString(),
                        name, Integer.toString(3)));
                }
                for (final ChildJvm child : children)
                {
                    child.awaitLine("ready");
                }
                for (final ChildJvm child : children)
                {
                    final OutputStream in = child.process().getOutputStream();
                    in.write('\n');
                    in.flush();
                }
                int created = 0;
                int exists = 0;
                for (final ChildJvm child : children)
                {
                    final String line = child.readLine();
                    if ("created".equals(line))
                    {
                        created++;
                    }
                    else if (line != null && line.startsWith("exists topic already exists: " + name))
                    {
                        exists++;
                    }
                    else
                    {
                        throw new AssertionError("unexpected: " + line + "; " + child.stderr());
                    }
                    assertEquals(0, child.waitFor(), child.stderr());
                }
                assertEquals(1, created, "exactly one process creates the topic");
                assertEquals(1, exists);
            }
            finally
            {
                for (final ChildJvm child : children)
                {
                    child.close();
                }
            }
            checkWholeTopic(name, 3);
        }
    }

    /** The same race between threads, many times: one winner per topic, no leftovers, every topic whole. */
    @Test
    void threadsCreatingOneTopicAtOnce() throws Exception
    {
        final int topics = 30;
        final int racers = 3;
        final AtomicInteger created = new AtomicInteger();
        final AtomicInteger exists = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final CyclicBarrier barrier = new CyclicBarrier(racers);
        final List<Thread> threads = new ArrayList<>();
        final List<RillLog> logs = new ArrayList<>();
        try
        {
            for (int r = 0; r < racers; r++)
            {
                final RillLog log = RillLog.open(dir);
                logs.add(log);
                threads.add(new Thread(() ->
                {
                    try
                    {
                        for (int t = 0; t < topics; t++)
                        {
                            barrier.await(30, TimeUnit.SECONDS);
                            try
                            {
                                log.createTopic("many-" + t, TopicConfig.builder(2).build());
                                created.incrementAndGet();
                            }
                            catch (final TopicExistsException ex)
                            {
                                exists.incrementAndGet();
                            }
                        }
                    }
                    catch (final Throwable t)
                    {
                        failure.compareAndSet(null, t);
                    }
                }, "create-racer-" + r));
            }
            threads.forEach(Thread::start);
            for (final Thread t : threads)
            {
                t.join(60_000);
            }
        }
        finally
        {
            logs.forEach(RillLog::close);
        }
        assertEquals(null, failure.get());
        assertEquals(topics, created.get());
        assertEquals(topics * (racers - 1), exists.get());
        for (int t = 0; t < topics; t++)
        {
            checkWholeTopic("many-" + t, 2);
        }
    }

    private void checkWholeTopic(final String name, final int partitions) throws IOException
    {
        try (RillLog log = RillLog.open(dir))
        {
            final Topic topic = log.topic(name);
            assertEquals(partitions, topic.partitionCount());
            for (int p = 0; p < partitions; p++)
            {
                assertEquals(0, topic.producer().append(p, 1, new byte[0], new byte[1]));
            }
            assertTrue(log.topicNames().contains(name));
        }
        try (var leftovers = Files.list(dir.resolve("topics")))
        {
            assertEquals(List.of(), leftovers.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("."))
                .toList(), "no half-created topic directories left");
        }
    }
}
