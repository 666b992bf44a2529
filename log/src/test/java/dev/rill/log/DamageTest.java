package dev.rill.log;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged files: a flipped byte is a {@link CorruptRecordException} naming topic, partition and offset, and the
 * other records and partitions stay readable; truncated, missing or foreign files give a {@link LogException} that
 * names topic, partition and directory, never a raw Chronicle exception or a silent loss of records.
 */
class DamageTest extends LogTestBase
{
    private static final int RECORDS = 100;

    @TempDir
    Path dir;

    private static byte[] marker(final int partition, final long offset)
    {
        return ("<rec p=" + partition + " o=" + offset + ">").getBytes(US_ASCII);
    }

    private static byte[] value(final int partition, final long offset)
    {
        final byte[] marker = marker(partition, offset);
        final byte[] value = new byte[marker.length + 24];
        System.arraycopy(marker, 0, value, 0, marker.length);
        for (int i = marker.length; i < value.length; i++)
        {
            value[i] = (byte)('a' + (i + offset) % 26);
        }
        return value;
    }

    private static void checkValue(final RecordView record)
    {
        assertTrue(record.isChecksumValid());
        assertEquals(new String(value(record.partition(), record.offset()), US_ASCII),
            new String(record.valueBytes(), US_ASCII), "value of offset " + record.offset());
    }

    private Topic createFilled(final RillLog log, final String name, final TopicConfig config)
    {
        final Topic topic = log.createTopic(name, config);
        for (int p = 0; p < config.partitions(); p++)
        {
            for (long o = 0; o < RECORDS; o++)
            {
                assertEquals(o, topic.producer().append(p, o, new byte[] {(byte)o}, value(p, o)));
            }
        }
        return topic;
    }

    private Path partitionDir(final String topic, final int partition)
    {
        return dir.resolve("topics").resolve(topic).resolve("p-" + partition);
    }

    private static List<Path> queueFiles(final Path partitionDir) throws IOException
    {
        try (Stream<Path> files = Files.list(partitionDir))
        {
            return files.filter(f -> f.getFileName().toString().endsWith(".cq4")).sorted()
                .collect(Collectors.toList());
        }
    }

    private static long find(final Path file, final byte[] pattern) throws IOException
    {
        final byte[] bytes = Files.readAllBytes(file);
        long found = -1;
        outer:
        for (int i = 0; i + pattern.length <= bytes.length; i++)
        {
            for (int j = 0; j < pattern.length; j++)
            {
                if (bytes[i + j] != pattern[j])
                {
                    continue outer;
                }
            }
            assertEquals(-1, found, "pattern is not unique in " + file);
            found = i;
        }
        assertTrue(found >= 0, "pattern not found in " + file);
        return found;
    }

    private static void flipByte(final Path file, final long position) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(position);
            final int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0x10);
        }
    }

    /** Reads a partition from offset {@code from} until an exception or the end; returns offsets read. */
    private static List<Long> readUntilError(final Consumer consumer, final List<Long> offsets)
    {
        while (consumer.poll(record ->
        {
            checkValue(record);
            offsets.add(record.offset());
        }, 7) > 0)
        {
            // keep polling
        }
        return offsets;
    }

    @Test
    void flippedByteIsACorruptRecordAndEverythingElseStaysReadable() throws IOException
    {
        final TopicConfig config = TopicConfig.builder(2).blockSizeBytes(4 << 20).build();
        try (RillLog log = RillLog.open(dir))
        {
            createFilled(log, "trades", config);
        }
        final Path file = queueFiles(partitionDir("trades", 1)).get(0);
        // In the value of offset 42, and in the header of 77 (its last byte, just before its 1-byte key).
        flipByte(file, find(file, marker(1, 42)) + 8);
        flipByte(file, find(file, marker(1, 77)) - 2);
        try (RillLog log = RillLog.open(dir))
        {
            final Topic topic = log.topic("trades");
            assertEquals(RECORDS, topic.nextOffset(1));
            try (Consumer consumer = topic.consumer(ConsumerOptions.fromEarliest().withPartitions(1)))
            {
                final List<Long> offsets = new ArrayList<>();
                final CorruptRecordException ex = assertThrows(CorruptRecordException.class,
                    () -> readUntilError(consumer, offsets));
                assertEquals(range(0, 42), offsets);
                assertEquals("trades", ex.topic());
                assertEquals(1, ex.partition());
                assertEquals(42, ex.offset());
                assertTrue(ex.getMessage().startsWith("corrupt record: topic=trades, partition=1, offset=42: " +
                    "checksum mismatch"), ex.getMessage());
                // The damaged record is not skipped silently: polling again reports it again.
                assertThrows(CorruptRecordException.class, () -> consumer.poll(r -> fail("read " + r), 10));
                assertEquals(42, consumer.position(1));

                consumer.seek(1, 43);
                offsets.clear();
                final CorruptRecordException second = assertThrows(CorruptRecordException.class,
                    () -> readUntilError(consumer, offsets));
                assertEquals(range(43, 77), offsets);
                assertEquals(77, second.offset(), second.getMessage());
                assertTrue(second.getMessage().contains("offset=77"), second.getMessage());

                consumer.seek(1, 78);
                offsets.clear();
                readUntilError(consumer, offsets);
                assertEquals(range(78, RECORDS), offsets);
            }
            try (Consumer consumer = topic.consumer(ConsumerOptions.fromEarliest().withPartitions(0)))
            {
                assertEquals(range(0, RECORDS), readUntilError(consumer, new ArrayList<>()));
            }
            // Without verification (for inspection tools) damaged records are handed over, flagged, in order.
            try (Consumer consumer = topic.consumer(ConsumerOptions.fromEarliest().withPartitions(1)
                .withoutChecksumVerification()))
            {
                final List<Long> invalid = new ArrayList<>();
                final long[] seen = {0};
                while (consumer.poll(r ->
                {
                    if (!r.isChecksumValid())
                    {
                        assertTrue(r.computeChecksum() != r.checksum());
                        invalid.add(seen[0]);
                    }
                    seen[0]++;
                }, 100) > 0)
                {
                    // keep polling
                }
                assertEquals(RECORDS, seen[0]);
                assertEquals(List.of(42L, 77L), invalid);
                assertEquals(RECORDS, consumer.position(1));
            }
            // Appends go on after the damage, at the next offset, and read back.
            assertEquals(RECORDS, topic.producer().append(1, RECORDS, new byte[0], value(1, RECORDS)));
            try (Consumer consumer = topic.consumer(ConsumerOptions.from(StartPosition.offset(78))
                .withPartitions(1)))
            {
                assertEquals(range(78, RECORDS + 1), readUntilError(consumer, new ArrayList<>()));
            }
        }
    }

    private static List<Long> range(final long from, final long to)
    {
        final List<Long> list = new ArrayList<>();
        for (long o = from; o < to; o++)
        {
            list.add(o);
        }
        return list;
    }

    /**
     * Runs everything a user would do with a partition: open, ask its offsets, read it all, append. The first
     * failure must be a {@link LogException} naming topic, partition and directory; reading fewer records than
     * were written without an error is a failure.
     */
    private LogException assertPartitionError(final String name, final int partition, final long written)
    {
        final Path partitionDir = partitionDir(name, partition);
        try (RillLog log = RillLog.open(dir))
        {
            try
            {
                final Topic topic = log.topic(name);
                final long next = topic.nextOffset(partition);
                final long earliest = topic.earliestOffset(partition);
                final List<Long> offsets = new ArrayList<>();
                try (Consumer consumer = topic.consumer(ConsumerOptions.fromEarliest().withPartitions(partition)))
                {
                    readUntilError(consumer, offsets);
                }
                topic.producer().append(partition, 0, new byte[0], new byte[1]);
                fail("no error for damaged partition " + partition + " of " + name + ": earliest " + earliest +
                    ", next " + next + ", read " + offsets.size() + " of " + written + " records written");
                return null;
            }
            catch (final LogException ex)
            {
                final String message = ex.getMessage();
                assertTrue(message.contains("topic=" + name) && message.contains("partition=" + partition) &&
                    message.contains(partitionDir.toString()), "message must name topic, partition and dir: " +
                    message);
                return ex;
            }
        }
    }

    private static void truncate(final Path file, final long length) throws IOException
    {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.setLength(length);
        }
    }

    @Test
    void truncatedQueueFileIsAClearErrorAndOtherPartitionsStayReadable() throws IOException
    {
        final TopicConfig config = TopicConfig.builder(2).blockSizeBytes(4 << 20).build();
        final String[] names = {"cut-0", "cut-100", "cut-index", "cut-middle", "cut-last-record"};
        try (RillLog log = RillLog.open(dir))
        {
            for (final String name : names)
            {
                createFilled(log, name, config);
            }
        }
        final long[] lengths = new long[names.length];
        for (int i = 0; i < names.length; i++)
        {
            final Path file = queueFiles(partitionDir(names[i], 1)).get(0);
            // Into the store header, into Chronicle's index (before the first record), between records, into the
            // last record.
            final long first = find(file, marker(1, 0));
            final long end = find(file, marker(1, RECORDS - 1));
            lengths[i] = i == 0 ? 0 : i == 1 ? 100 : i == 2 ? first / 2 : i == 3 ? find(file, marker(1, RECORDS / 2)) :
                end + 4;
            truncate(file, lengths[i]);
        }
        final String[] expected = {"has no header (0 bytes)", "is truncated inside its header (100 bytes",
            "is truncated: the last record Chronicle wrote in it", "is truncated: the last record Chronicle wrote in it",
            "offset=99: checksum mismatch"};
        for (int i = 0; i < names.length; i++)
        {
            final LogException ex = assertPartitionError(names[i], 1, RECORDS);
            System.out.println(names[i] + " (truncated to " + lengths[i] + " bytes): " + ex);
            assertTrue(ex.getMessage().contains(expected[i]), ex.getMessage());
            assertEquals(i == names.length - 1 ? CorruptRecordException.class : LogException.class, ex.getClass());
            try (RillLog log = RillLog.open(dir))
            {
                final Topic topic = log.topic(names[i]);
                try (Consumer consumer = topic.consumer(ConsumerOptions.fromEarliest().withPartitions(0)))
                {
                    assertEquals(range(0, RECORDS), readUntilError(consumer, new ArrayList<>()));
                }
            }
        }
    }

    @Test
    void missingQueueFilesAreAClearError() throws IOException
    {
        final ManualClock clock = new ManualClock(1_700_000_000_000_000_000L);
        final TopicConfig config = TopicConfig.builder(2).rollCycle("TEST_SECONDLY").blockSizeBytes(4 << 20).build();
        final String[] names = {"middle", "newest", "oldest", "only"};
        try (RillLog log = RillLog.open(dir, clock))
        {
            for (final String name : names)
            {
                log.createTopic(name, config);
            }
            for (int cycle = 0; cycle < 3; cycle++)
            {
                for (final String name : names)
                {
                    final Topic topic = log.topic(name);
                    for (int p = 0; p < 2; p++)
                    {
                        final int cycles = name.equals("only") ? 1 : 3;
                        for (long o = cycle * RECORDS; cycle < cycles && o < (cycle + 1) * RECORDS; o++)
                        {
                            assertEquals(o, topic.producer().append(p, o, new byte[] {(byte)o}, value(p, o)));
                        }
                    }
                }
                clock.advanceMs(1_000);
            }
        }
        for (int i = 0; i < names.length; i++)
        {
            final List<Path> files = queueFiles(partitionDir(names[i], 1));
            assertEquals(names[i].equals("only") ? 1 : 3, files.size(), names[i] + ": " + files);
            Files.delete(files.get(i == 0 ? 1 : i == 1 ? 2 : 0));
        }
        final String[] expected = {
            "offset=100: found offset 200 where 100 was expected: records missing or a queue file damaged",
            "which held the newest records (from offset 200): the queue file is missing",
            "records 0..99 are missing: the oldest queue file",
            "which held the newest records (from offset 0): the queue file is missing"};
        for (int i = 0; i < names.length; i++)
        {
            final String name = names[i];
            final LogException ex = assertPartitionError(name, 1, name.equals("only") ? RECORDS : 3 * RECORDS);
            System.out.println(name + ": " + ex);
            assertNotNull(ex);
            assertTrue(ex.getMessage().contains(expected[i]), ex.getMessage());
            try (RillLog log = RillLog.open(dir, clock))
            {
                final Topic topic = log.topic(name);
                try (Consumer consumer = topic.consumer(ConsumerOptions.fromEarliest().withPartitions(0)))
                {
                    assertEquals(range(0, name.equals("only") ? RECORDS : 3 * RECORDS),
                        readUntilError(consumer, new ArrayList<>()));
                }
            }
        }
    }

    @Test
    void aDirectoryThatIsNotATopicIsNotATopicException() throws IOException
    {
        try (RillLog log = RillLog.open(dir))
        {
            log.createTopic("good", TopicConfig.builder(2).build());
        }
        final Path topics = dir.resolve("topics");
        Files.createDirectories(topics.resolve("empty"));
        Files.createDirectories(topics.resolve("garbage"));
        Files.write(topics.resolve("garbage").resolve(TopicConfig.FILE_NAME), new byte[] {0, 1, 2, (byte)0xff, '\\'});
        Files.createDirectories(topics.resolve("text"));
        Files.writeString(topics.resolve("text").resolve(TopicConfig.FILE_NAME), "hello\n{ \"json\": true }\n");
        Files.createDirectories(topics.resolve("half"));
        Files.writeString(topics.resolve("half").resolve(TopicConfig.FILE_NAME), "format=3\npartitions=3\n");
        Files.createDirectories(topics.resolve("future"));
        Files.writeString(topics.resolve("future").resolve(TopicConfig.FILE_NAME),
            Files.readString(topics.resolve("good").resolve(TopicConfig.FILE_NAME)).replace("format=3", "format=9"));
        // Format 2 held one record per document: refused, not misread.
        Files.createDirectories(topics.resolve("format2"));
        Files.writeString(topics.resolve("format2").resolve(TopicConfig.FILE_NAME),
            Files.readString(topics.resolve("good").resolve(TopicConfig.FILE_NAME)).replace("format=3", "format=2"));
        Files.createDirectories(topics.resolve("nopartition"));
        Files.writeString(topics.resolve("nopartition").resolve(TopicConfig.FILE_NAME),
            Files.readString(topics.resolve("good").resolve(TopicConfig.FILE_NAME)).replace("partitions=2",
                "partitions=3"));
        Files.createDirectories(topics.resolve("badvalue"));
        Files.writeString(topics.resolve("badvalue").resolve(TopicConfig.FILE_NAME),
            Files.readString(topics.resolve("good").resolve(TopicConfig.FILE_NAME)).replace("partitions=2",
                "partitions=-4"));
        final String[][] cases = {
            {"empty", "no topic.properties"},
            {"garbage", "topic.properties is not UTF-8 text"},
            {"text", "missing 'format'"},
            {"half", "missing 'retention.age.ms'"},
            {"future", "has format 9, this version reads format 3"},
            {"format2", "has format 2, this version reads format 3"},
            {"nopartition", "missing directory of partition 0"},
            {"badvalue", "partitions must be in 1..4096: -4"}};
        try (RillLog log = RillLog.open(dir))
        {
            for (final String[] c : cases)
            {
                final NotATopicException ex = assertThrows(NotATopicException.class, () -> log.topic(c[0]), c[0]);
                assertTrue(ex.getMessage().startsWith("not a Rill topic: topic=" + c[0] + ", dir=" +
                    topics.resolve(c[0])), ex.getMessage());
                assertTrue(ex.getMessage().contains(c[1]), ex.getMessage());
            }
            // The good topic is not disturbed by its broken neighbours.
            assertEquals(0, log.topic("good").producer().append(1, 1, new byte[0], new byte[1]));
        }
    }

    @Test
    void queueFileFullOfGarbageIsAClearError() throws IOException
    {
        final TopicConfig config = TopicConfig.builder(2).blockSizeBytes(4 << 20).build();
        try (RillLog log = RillLog.open(dir))
        {
            createFilled(log, "noise", config);
        }
        final Path file = queueFiles(partitionDir("noise", 1)).get(0);
        final byte[] garbage = new byte[(int)Files.size(file)];
        new java.util.Random(42).nextBytes(garbage);
        Files.write(file, garbage);
        LogException ex = assertPartitionError("noise", 1, RECORDS);
        System.out.println("garbage: " + ex);
        assertEquals(LogException.class, ex.getClass());
        // Garbage behind a plausible header: a complete metadata document of 80 bytes, then noise.
        garbage[0] = 80;
        garbage[1] = 0;
        garbage[2] = 0;
        garbage[3] = 0x40;
        Files.write(file, garbage);
        ex = assertPartitionError("noise", 1, RECORDS);
        System.out.println("garbage behind a header: " + ex);
        assertEquals(LogException.class, ex.getClass());
        assertTrue(ex.getMessage().contains("does not start with a Chronicle queue store header"), ex.getMessage());
        try (RillLog log = RillLog.open(dir))
        {
            try (Consumer consumer = log.topic("noise").consumer(ConsumerOptions.fromEarliest().withPartitions(0)))
            {
                assertEquals(range(0, RECORDS), readUntilError(consumer, new ArrayList<>()));
            }
        }
    }
}
