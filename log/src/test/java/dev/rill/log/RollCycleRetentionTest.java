package dev.rill.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rill.log.internal.RollCycleNames;

/**
 * Roll cycles and retention with a manual clock and Chronicle's one-second test roll cycle: offsets stay dense
 * across cycles, every offset and timestamp can be sought in every cycle, retention deletes whole old cycles by age
 * and by size, and the earliest offset moves forward and stays there after reopening.
 */
class RollCycleRetentionTest extends LogTestBase
{
    /** A whole second, so cycle c of the test starts at START_NS + c s. */
    private static final long START_NS = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;
    private static final int CYCLES = 6;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(START_NS);

    /** Records in cycle {@code cycle} of partition {@code partition}: partitions get different counts. */
    private static int recordsIn(final int partition, final int cycle)
    {
        return 40 + partition * 7 + cycle * 3;
    }

    /**
     * Timestamps out of order: about 1 ms apart within the cycle, with up to 25 ms of jitter either way.
     */
    private static long[] timestamps(final int partition, final long records)
    {
        final SplittableRandom random = new SplittableRandom(17 + partition);
        final long[] ts = new long[(int)records];
        long o = 0;
        for (int c = 0; o < records; c++)
        {
            for (int i = 0; i < recordsIn(partition, c) && o < records; i++, o++)
            {
                ts[(int)o] = START_NS + c * 1_000 * MS + (30 + i) * MS + random.nextLong(-25 * MS, 25 * MS + 1);
            }
        }
        return ts;
    }

    private static long total(final int partition, final int cycles)
    {
        long n = 0;
        for (int c = 0; c < cycles; c++)
        {
            n += recordsIn(partition, c);
        }
        return n;
    }

    /**
     * Write {@link #CYCLES} cycles, advancing the clock one second after each.
     */
    private Topic fill(final RillLog log, final String name, final TopicConfig.Builder config, final int partitions)
    {
        final Topic topic = log.createTopic(name, config.rollCycle("TEST_SECONDLY").blockSizeBytes(4 << 20).build());
        final long[][] ts = new long[partitions][];
        for (int p = 0; p < partitions; p++)
        {
            ts[p] = timestamps(p, total(p, CYCLES));
        }
        final long[] next = new long[partitions];
        for (int c = 0; c < CYCLES; c++)
        {
            for (int p = 0; p < partitions; p++)
            {
                for (int i = 0; i < recordsIn(p, c); i++)
                {
                    final long o = next[p]++;
                    assertEquals(o, topic.producer().append(p, ts[p][(int)o], TestRecords.key(p, o),
                        TestRecords.value(p, o)));
                }
            }
            clock.advanceMs(1_000);
        }
        return topic;
    }

    private static List<String> fileNames(final Path partitionDir) throws IOException
    {
        final List<String> names = new ArrayList<>();
        for (final Path f : new QueueFiles(partitionDir, RollCycleNames.byName("TEST_SECONDLY")).list())
        {
            names.add(f.getFileName().toString());
        }
        return names;
    }

    private List<String> cycleFileNames(final int fromCycle, final int toCycle)
    {
        final QueueFiles files = new QueueFiles(dir, RollCycleNames.byName("TEST_SECONDLY"));
        final List<String> names = new ArrayList<>();
        for (int c = fromCycle; c < toCycle; c++)
        {
            names.add(files.fileName((int)(START_NS / 1_000_000_000L) + c));
        }
        return names;
    }

    private Path partitionDir(final String topic, final int partition)
    {
        return dir.resolve("topics").resolve(topic).resolve("p-" + partition);
    }

    /**
     * Read a partition from {@code from} to its end, checking every record's offset and content.
     *
     * @return the next offset after the last record read.
     */
    private static long readAll(final Consumer consumer, final int partition, final long from, final long[] ts)
    {
        final long[] expected = {from};
        final String[] error = new String[1];
        while (consumer.poll(r ->
        {
            final long o = expected[0]++;
            final String problem = TestRecords.check(r, partition, o, ts[(int)o]);
            if (problem != null && error[0] == null)
            {
                error[0] = "partition " + partition + " offset " + o + ": " + problem;
            }
        }, 64) > 0)
        {
            if (error[0] != null)
            {
                fail(error[0]);
            }
        }
        assertNull(error[0]);
        return expected[0];
    }

    private static long firstAtOrAfter(final long[] ts, final long from, final long timestampNs)
    {
        for (long o = from; o < ts.length; o++)
        {
            if (ts[(int)o] >= timestampNs)
            {
                return o;
            }
        }
        return ts.length;
    }

    @Test
    void offsetsStayDenseAndSeekableByOffsetAndTimestampAcrossCycles() throws IOException
    {
        final int partitions = 2;
        try (RillLog log = RillLog.open(dir, clock))
        {
            final Topic topic = fill(log, "cycles", TopicConfig.builder(partitions), partitions);
            for (int p = 0; p < partitions; p++)
            {
                assertEquals(cycleFileNames(0, CYCLES), fileNames(partitionDir("cycles", p)), "files of partition " + p);
            }
            checkSeeks(topic, partitions);
        }
        // And again from disk, as a reader that did not write the records.
        try (RillLog log = RillLog.open(dir, clock))
        {
            checkSeeks(log.topic("cycles"), partitions);
        }
    }

    private static void checkSeeks(final Topic topic, final int partitions)
    {
        for (int p = 0; p < partitions; p++)
        {
            final long next = total(p, CYCLES);
            final long[] ts = timestamps(p, next);
            assertEquals(0, topic.earliestOffset(p));
            assertEquals(next, topic.nextOffset(p));
            try (Consumer consumer = topic.consumer(ConsumerOptions.fromEarliest().withPartitions(p)))
            {
                assertEquals(next, readAll(consumer, p, 0, ts), "records of partition " + p);
                // Every offset, in every cycle, first and last of each included.
                for (long o = 0; o <= next; o++)
                {
                    consumer.seek(p, o);
                    final long offset = o;
                    final int n = consumer.poll(r -> assertEquals(offset, r.offset()), 1);
                    assertEquals(o < next ? 1 : 0, n, "records at offset " + o);
                }
            }
            long checked = 0;
            for (long t = ts[0] - 40 * MS; t < START_NS + (CYCLES + 1) * 1_000 * MS; t += 3 * MS + 17)
            {
                final long expected = firstAtOrAfter(ts, 0, t);
                assertEquals(expected, topic.offsetForTimestamp(p, t), "partition " + p + ", timestamp " + t);
                checked++;
            }
            for (int i = 0; i < ts.length; i += 7)
            {
                assertEquals(firstAtOrAfter(ts, 0, ts[i]), topic.offsetForTimestamp(p, ts[i]));
                assertEquals(firstAtOrAfter(ts, 0, ts[i] + 1), topic.offsetForTimestamp(p, ts[i] + 1));
            }
            assertEquals(0, topic.offsetForTimestamp(p, Long.MIN_VALUE));
            assertEquals(next, topic.offsetForTimestamp(p, Long.MAX_VALUE));
            assertTrue(checked > 2_000);
            final long t = START_NS + 2_500 * MS;
            try (Consumer consumer = topic.consumer(ConsumerOptions.from(StartPosition.timestamp(t))
                .withPartitions(p)))
            {
                assertEquals(firstAtOrAfter(ts, 0, t), consumer.position(p));
                assertEquals(next, readAll(consumer, p, firstAtOrAfter(ts, 0, t), ts));
                consumer.seekToTimestamp(p, ts[3]);
                assertEquals(firstAtOrAfter(ts, 0, ts[3]), consumer.position(p));
            }
        }
    }

    @Test
    void aConsumerFollowsTheWriterIntoNewCycles()
    {
        try (RillLog log = RillLog.open(dir, clock))
        {
            final Topic topic = log.createTopic("follow", TopicConfig.builder(1).rollCycle("TEST_SECONDLY")
                .blockSizeBytes(4 << 20).build());
            final Producer producer = topic.producer();
            try (Consumer consumer = topic.consumer(ConsumerOptions.from(StartPosition.LATEST)))
            {
                long next = 0;
                for (int c = 0; c < 5; c++)
                {
                    assertEquals(0, consumer.poll(r -> fail("nothing to read yet: " + r), 10));
                    for (int i = 0; i < 3; i++)
                    {
                        producer.append(0, TestRecords.timestampNs(0, next + i), TestRecords.key(0, next + i),
                            TestRecords.value(0, next + i));
                    }
                    final long[] expected = {next};
                    assertEquals(3, consumer.poll(r -> assertNull(TestRecords.check(r, 0, expected[0]++)), 10));
                    next += 3;
                    assertTrue(consumer.isAtEnd());
                    // The next cycle starts one second later, with one second of no records in between.
                    clock.advanceMs(c % 2 == 0 ? 1_000 : 2_000);
                }
                assertEquals(15, topic.nextOffset(0));
            }
        }
    }

    /**
     * A cycle file with a header and no record (Chronicle creates one when a document is opened and rolled back,
     * or a writer dies right after creating it) is not the end of the partition: the last record is in an older
     * cycle.
     */
    @Test
    void anEmptyNewestCycleFileDoesNotHideTheLastRecord() throws IOException
    {
        try (RillLog log = RillLog.open(dir, clock))
        {
            final Topic topic = log.createTopic("gap", TopicConfig.builder(1).rollCycle("TEST_SECONDLY")
                .blockSizeBytes(4 << 20).build());
            for (long o = 0; o < 5; o++)
            {
                topic.producer().append(0, TestRecords.timestampNs(0, o), TestRecords.key(0, o),
                    TestRecords.value(0, o));
            }
        }
        clock.advanceMs(3_000);
        try (net.openhft.chronicle.queue.impl.single.SingleChronicleQueue queue =
            net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder.binary(partitionDir("gap", 0))
                .rollCycle(RollCycleNames.byName("TEST_SECONDLY")).blockSize(4 << 20)
                .timeProvider(() -> clock.epochNanos() / MS).build();
            net.openhft.chronicle.queue.ExcerptAppender appender = queue.createAppender())
        {
            try (net.openhft.chronicle.wire.DocumentContext dc = appender.writingDocument())
            {
                dc.rollbackOnClose();
            }
        }
        assertEquals(2, fileNames(partitionDir("gap", 0)).size());
        clock.advanceMs(3_000);
        for (final boolean asWriter : new boolean[] {false, true})
        {
            try (RillLog log = RillLog.open(dir, clock))
            {
                final Topic topic = log.topic("gap");
                assertEquals(5, topic.nextOffset(0));
                assertEquals(0, topic.earliestOffset(0));
                if (asWriter)
                {
                    assertEquals(5, topic.producer().append(0, TestRecords.timestampNs(0, 5), TestRecords.key(0, 5),
                        TestRecords.value(0, 5)));
                }
                final long next = asWriter ? 6 : 5;
                final long[] ts = new long[(int)next];
                for (int o = 0; o < next; o++)
                {
                    ts[o] = TestRecords.timestampNs(0, o);
                }
                try (Consumer consumer = topic.consumer(ConsumerOptions.fromEarliest()))
                {
                    assertEquals(next, readAll(consumer, 0, 0, ts));
                }
                assertEquals(next, topic.offsetForTimestamp(0, Long.MAX_VALUE));
            }
        }
    }

    @Test
    void retentionByAgeDeletesWholeOldCyclesAndTheEarliestOffsetMovesForward() throws IOException
    {
        final int partitions = 2;
        // Cycle c's newest record is at about c s + 80 ms; after the 6 cycles the clock reads 6 s.
        final TopicConfig.Builder config = TopicConfig.builder(partitions).retentionAgeMs(2_500);
        final long[] earliest = new long[partitions];
        try (RillLog log = RillLog.open(dir, clock))
        {
            final Topic topic = fill(log, "aged", config, partitions);
            try (Consumer early = topic.consumer(ConsumerOptions.fromEarliest().withPartitions(1).withGroup("g"));
                Consumer resetting = topic.consumer(ConsumerOptions.fromEarliest().withPartitions(0)
                    .withReset(OffsetReset.EARLIEST)))
            {
                early.poll(r -> { }, 10);
                early.commit();
                resetting.poll(r -> { }, 10);
                // Anything older than 3.5 s goes: cycles 0 to 3 (newest records at 0.08 s to 3.08 s).
                assertEquals(4 * partitions, topic.applyRetention());
                assertEquals(0, topic.applyRetention(), "nothing more to delete");
                for (int p = 0; p < partitions; p++)
                {
                    earliest[p] = total(p, 4);
                    assertEquals(cycleFileNames(4, CYCLES), fileNames(partitionDir("aged", p)));
                    assertEquals(earliest[p], topic.earliestOffset(p));
                    assertEquals(total(p, CYCLES), topic.nextOffset(p));
                }
                // A consumer that was reading before retention gets the out-of-range error when it reaches the gap.
                final OffsetOutOfRangeException ex = assertThrows(OffsetOutOfRangeException.class, () ->
                {
                    while (early.poll(r -> { }, 100) > 0)
                    {
                        // read on
                    }
                });
                assertEquals(earliest[1], ex.earliestOffset());
                // With a reset policy, a consumer overtaken by retention moves on to the earliest kept offset. It
                // may first read the rest of a deleted file it still has mapped.
                final List<Long> offsets = new ArrayList<>();
                while (resetting.poll(r -> offsets.add(r.offset()), 100) > 0)
                {
                    // read on
                }
                final long next = total(0, CYCLES);
                final int jump = offsets.indexOf(earliest[0]);
                assertTrue(jump >= 0, "reset to the earliest offset " + earliest[0] + ": " + offsets);
                for (int k = 0; k < offsets.size(); k++)
                {
                    assertEquals(k < jump ? 10 + k : earliest[0] + k - jump, offsets.get(k), "record " + k);
                }
                assertEquals(next - 1, offsets.get(offsets.size() - 1));
                assertTrue(resetting.isAtEnd());
            }

            checkAfterRetention(topic, earliest, partitions);
        }
        try (RillLog log = RillLog.open(dir, clock))
        {
            final Topic topic = log.topic("aged");
            checkAfterRetention(topic, earliest, partitions);
            // New records go on at the next offset; with the clock an hour on, all but the newest cycle go.
            final long next = total(0, CYCLES);
            assertEquals(next, topic.producer().append(0, clock.epochNanos(), new byte[0], new byte[1]));
            clock.advanceMs(3_600_000);
            assertEquals(3, topic.applyRetention(), "cycles 4, 5 of partition 0, cycle 4 of partition 1");
            assertEquals(next, topic.earliestOffset(0));
            assertEquals(total(1, CYCLES - 1), topic.earliestOffset(1));
            assertEquals(1, fileNames(partitionDir("aged", 0)).size());
        }
        try (RillLog log = RillLog.open(dir, clock))
        {
            final Topic topic = log.topic("aged");
            assertEquals(total(0, CYCLES), topic.earliestOffset(0));
            assertEquals(total(0, CYCLES) + 1, topic.nextOffset(0));
            assertEquals(total(1, CYCLES - 1), topic.earliestOffset(1));
        }
    }

    private void checkAfterRetention(final Topic topic, final long[] earliest, final int partitions)
    {
        for (int p = 0; p < partitions; p++)
        {
            final long next = total(p, CYCLES);
            final long[] ts = timestamps(p, next);
            assertEquals(earliest[p], topic.earliestOffset(p));
            assertEquals(next, topic.nextOffset(p));
            try (Consumer consumer = topic.consumer(ConsumerOptions.fromEarliest().withPartitions(p)))
            {
                assertEquals(earliest[p], consumer.position(p));
                assertEquals(next, readAll(consumer, p, earliest[p], ts));
                final int partition = p;
                final OffsetOutOfRangeException ex = assertThrows(OffsetOutOfRangeException.class,
                    () -> consumer.seek(partition, earliest[partition] - 1));
                assertEquals("offset out of range: topic=aged, partition=" + p + ", offset=" + (earliest[p] - 1) +
                    ", earliest=" + earliest[p] + ", next=" + next, ex.getMessage());
                assertEquals(earliest[p] - 1, ex.requestedOffset());
                assertEquals(earliest[p], ex.earliestOffset());
                assertThrows(OffsetOutOfRangeException.class, () -> consumer.seek(partition, next + 1));
            }
            final StartPosition before = StartPosition.offset(3);
            final int partition = p;
            assertThrows(OffsetOutOfRangeException.class,
                () -> topic.consumer(ConsumerOptions.from(before).withPartitions(partition)).close());
            try (Consumer c = topic.consumer(ConsumerOptions.from(before).withReset(OffsetReset.EARLIEST)
                .withPartitions(p)))
            {
                assertEquals(earliest[p], c.position(p));
            }
            try (Consumer c = topic.consumer(ConsumerOptions.from(before).withReset(OffsetReset.LATEST)
                .withPartitions(p)))
            {
                assertEquals(next, c.position(p));
            }
            // A timestamp before every kept record starts at the earliest kept one.
            assertEquals(earliest[p], topic.offsetForTimestamp(p, START_NS));
            assertEquals(firstAtOrAfter(ts, earliest[p], START_NS + 5_000 * MS),
                topic.offsetForTimestamp(p, START_NS + 5_000 * MS));
        }
        // The group committed offset 10 of partition 1, now gone: the reset policy applies, or the error.
        assertEquals(10, topic.log().offsets().committed("g", "aged", 1));
        assertThrows(OffsetOutOfRangeException.class, () -> topic.consumer(ConsumerOptions.fromEarliest()
            .withGroup("g").withPartitions(1)).close());
        try (Consumer c = topic.consumer(ConsumerOptions.fromEarliest().withGroup("g").withPartitions(1)
            .withReset(OffsetReset.EARLIEST)))
        {
            assertEquals(earliest[1], c.position(1));
        }
    }

    @Test
    void retentionBySizeDeletesTheOldestCyclesUntilThePartitionFits() throws IOException
    {
        final long limit;
        try (RillLog log = RillLog.open(dir, clock))
        {
            final Topic unlimited = fill(log, "sized", TopicConfig.builder(1), 1);
            final long[] sizes = writtenBytes(unlimited);
            assertEquals(CYCLES, sizes.length);
            long sum = 0;
            for (final long s : sizes)
            {
                sum += s;
            }
            assertEquals(sum, unlimited.sizeOnDiskBytes(0));
            assertEquals(0, unlimited.applyRetention(), "no limit, nothing deleted");
            // Room for the newest 2.5 cycles: the oldest 4 must go, the newest 2 stay.
            limit = sizes[CYCLES - 1] + sizes[CYCLES - 2] + sizes[CYCLES - 3] / 2;
        }
        // The same records in a topic with a size limit.
        final Path other = dir.resolve("other");
        try (RillLog log = RillLog.open(other, clock))
        {
            clock.set(START_NS);
            final Topic topic = log.createTopic("sized", TopicConfig.builder(1).retentionBytes(limit)
                .rollCycle("TEST_SECONDLY").blockSizeBytes(4 << 20).build());
            long o = 0;
            final long[] ts = timestamps(0, total(0, CYCLES));
            for (int c = 0; c < CYCLES; c++)
            {
                for (int i = 0; i < recordsIn(0, c); i++, o++)
                {
                    topic.producer().append(0, ts[(int)o], TestRecords.key(0, o), TestRecords.value(0, o));
                }
                clock.advanceMs(1_000);
            }
            final long[] sizes = writtenBytes(topic);
            long remaining = 0;
            for (final long s : sizes)
            {
                remaining += s;
            }
            int expectedDeleted = 0;
            while (expectedDeleted < CYCLES - 1 && remaining > limit)
            {
                remaining -= sizes[expectedDeleted++];
            }
            assertEquals(CYCLES - 2, expectedDeleted, "sizes " + java.util.Arrays.toString(sizes) + ", limit " + limit);
            assertEquals(expectedDeleted, topic.applyRetention());
            assertTrue(topic.sizeOnDiskBytes(0) <= limit, topic.sizeOnDiskBytes(0) + " > " + limit);
            assertEquals(total(0, expectedDeleted), topic.earliestOffset(0));
            try (Consumer consumer = topic.consumer(ConsumerOptions.fromEarliest()))
            {
                assertEquals(total(0, CYCLES), readAll(consumer, 0, total(0, expectedDeleted), ts));
            }
        }
    }

    /**
     * @return bytes written in each queue file of partition 0, oldest first, checked against the files' own
     * lengths: more than nothing, less than the sparse file.
     */
    private static long[] writtenBytes(final Topic topic) throws IOException
    {
        final long[] pairs = topic.partition(0).bytesByCycle();
        final List<Path> files = new QueueFiles(topic.dir().resolve("p-0"), RollCycleNames.byName("TEST_SECONDLY"))
            .list();
        assertEquals(files.size(), pairs.length / 2);
        final long[] sizes = new long[pairs.length / 2];
        for (int i = 0; i < sizes.length; i++)
        {
            sizes[i] = pairs[2 * i + 1];
            assertTrue(sizes[i] > 1_000 && sizes[i] < Files.size(files.get(i)), sizes[i] + " bytes in " + files.get(i));
        }
        return sizes;
    }
}
