package dev.rill.log;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Record batches (topic format 3, {@link RecordDescriptor}): records appended one by one and in batches of many
 * sizes, across roll cycles, with timestamps out of order, read back record for record; seeks to every offset and
 * to timestamps against a brute-force answer; polls that end inside a batch; a handler that throws inside one; the
 * bytes a batch takes; a damaged batch.
 */
class RecordBatchTest extends LogTestBase
{
    private static final long START_NS = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(START_NS);

    /** Timestamps of the records written, by offset. */
    private final List<Long> timestamps = new ArrayList<>();

    private static final class Record
    {
        final long offset;
        final long timestampNs;
        final int flags;
        final int keyOffset;

        Record(final RecordView view)
        {
            offset = view.offset();
            timestampNs = view.timestampNs();
            flags = view.flags();
            keyOffset = view.keyOffset();
        }
    }

    private List<Record> readAll(final Consumer consumer, final int pollSize)
    {
        final List<Record> seen = new ArrayList<>();
        while (consumer.poll(r ->
        {
            final String problem = TestRecords.check(r, 0, r.offset(), timestamps.get((int)r.offset()));
            assertNull(problem, () -> "offset " + r.offset() + ": " + problem);
            seen.add(new Record(r));
        }, pollSize) > 0)
        {
            // keep polling
        }
        return seen;
    }

    /**
     * Single records, some late: only a late one stores the running max timestamp; its header is then 8 B longer.
     */
    @Test
    void aSingleRecordIsABatchOfOneAndOnlyALateOneStoresTheMaxTimestamp()
    {
        try (RillLog log = RillLog.open(dir, clock))
        {
            final Topic topic = log.createTopic("t", TopicConfig.builder(1).build());
            final long[] ts = {START_NS + MS, START_NS + 20 * MS, START_NS + 10 * MS, START_NS + 30 * MS};
            for (int o = 0; o < ts.length; o++)
            {
                assertEquals(o, topic.producer().append(0, ts[o], TestRecords.key(0, o), TestRecords.value(0, o)));
                timestamps.add(ts[o]);
            }
            try (Consumer consumer = topic.consumer(ConsumerOptions.fromEarliest()))
            {
                final List<Record> seen = readAll(consumer, 10);
                assertEquals(4, seen.size());
                for (int o = 0; o < 4; o++)
                {
                    final boolean late = o == 2;
                    assertEquals(late ? RecordDescriptor.FLAG_MAX_TIMESTAMP : 0, seen.get(o).flags, "flags of " + o);
                    // batch header, then 3 one-byte varints (key length, value length, timestamp delta 0)
                    assertEquals((late ? 32 : 24) + 3, seen.get(o).keyOffset, "key offset of " + o);
                }
            }
        }
    }

    /**
     * Batches of 1 to 300 records and single appends, interleaved, over several roll cycles, with some timestamps
     * going backwards: every record reads back in place, whatever the poll size; seeking any offset reads it
     * next; seeking a timestamp finds the first record at or after it; a reopened log continues at the next offset.
     */
    @Test
    void batchesOfManySizesReadBackAndSeekExactly()
    {
        final Random random = new Random(42);
        final List<Integer> batchSizes = new ArrayList<>();
        try (RillLog log = RillLog.open(dir, clock))
        {
            final Topic topic = log.createTopic("t", TopicConfig.builder(1).rollCycle("TEST_SECONDLY")
                .blockSizeBytes(4 << 20).build());
            final Producer producer = topic.producer();
            final ProducerBatch batch = producer.batch(0);
            final UnsafeBuffer key = new UnsafeBuffer(new byte[TestRecords.MAX_KEY]);
            final UnsafeBuffer value = new UnsafeBuffer(new byte[TestRecords.MAX_VALUE]);
            long o = 0;
            for (int cycle = 0; cycle < 4; cycle++)
            {
                for (int b = 0; b < 12; b++)
                {
                    final int n = b % 4 == 0 ? 1 : 1 + random.nextInt(b % 3 == 0 ? 300 : 20);
                    for (int k = 0; k < n; k++)
                    {
                        // Mostly 1 µs apart, now and then 5 ms back in time (a multi-byte zig-zag delta).
                        final long ts = clock.epochNanos() + o * 1_000 - (random.nextInt(10) == 0 ? 5 * MS : 0);
                        timestamps.add(ts);
                        if (n == 1)
                        {
                            assertEquals(o, producer.append(0, ts, TestRecords.key(0, o), TestRecords.value(0, o)));
                        }
                        else
                        {
                            assertTrue(batch.add(ts, key, 0, TestRecords.fillKey(key, 0, o), value, 0,
                                TestRecords.fillValue(value, 0, o)));
                        }
                        o++;
                    }
                    if (n > 1)
                    {
                        assertEquals(n, batch.size());
                        assertEquals(o - n, batch.commit());
                        assertEquals(0, batch.size());
                        assertEquals(-1, batch.commit(), "an empty batch appends nothing");
                    }
                    batchSizes.add(n);
                }
                clock.advanceMs(1_000);
            }
            final long total = o;
            assertEquals(total, topic.nextOffset(0));
            assertTrue(log.topic("t").partition(0).bytesByCycle().length >= 8, "records span several cycles");
            for (final int pollSize : new int[] {1, 7, 256, 10_000})
            {
                try (Consumer consumer = topic.consumer(ConsumerOptions.fromEarliest()))
                {
                    final List<Record> seen = readAll(consumer, pollSize);
                    assertEquals(total, seen.size(), "poll size " + pollSize);
                    for (int i = 0; i < total; i++)
                    {
                        assertEquals(i, seen.get(i).offset);
                    }
                }
            }
            try (Consumer consumer = topic.consumer(ConsumerOptions.fromEarliest()))
            {
                final long[] read = new long[1];
                for (long seek = 0; seek < total; seek++)
                {
                    consumer.seek(0, seek);
                    assertEquals(1, consumer.poll(r -> read[0] = r.offset(), 1), "seek " + seek);
                    assertEquals(seek, read[0], "seek " + seek);
                    if (seek + 1 < total)
                    {
                        assertEquals(1, consumer.poll(r -> read[0] = r.offset(), 1), "after seek " + seek);
                        assertEquals(seek + 1, read[0], "after seek " + seek);
                    }
                }
                consumer.seek(0, total);
                assertEquals(0, consumer.poll(r -> { }, 10));
                assertThrows(OffsetOutOfRangeException.class, () -> consumer.seek(0, total + 1));
                for (long t = START_NS - MS; t < START_NS + 4_000 * MS + total * 1_000; t += 7_777_777L)
                {
                    consumer.seekToTimestamp(0, t);
                    assertEquals(firstAtOrAfter(t), consumer.position(0), "timestamp " + t);
                }
                for (int i = 0; i < total; i += 13)
                {
                    final long t = timestamps.get(i);
                    consumer.seekToTimestamp(0, t);
                    assertEquals(firstAtOrAfter(t), consumer.position(0), "timestamp of offset " + i);
                }
            }
        }
        // A reopened writer continues after the last batch.
        try (RillLog log = RillLog.open(dir, clock))
        {
            final long next = timestamps.size();
            assertEquals(next, log.topic("t").nextOffset(0));
            timestamps.add(clock.epochNanos());
            assertEquals(next, log.topic("t").producer().append(0, clock.epochNanos(), TestRecords.key(0, next),
                TestRecords.value(0, next)));
            try (Consumer consumer = log.topic("t").consumer(ConsumerOptions.fromEarliest()))
            {
                assertEquals(next + 1, readAll(consumer, 100).size());
            }
        }
    }

    /** First offset whose timestamp is at or after t (the running maximum first reaches t there). */
    private long firstAtOrAfter(final long t)
    {
        for (int i = 0; i < timestamps.size(); i++)
        {
            if (timestamps.get(i) >= t)
            {
                return i;
            }
        }
        return timestamps.size();
    }

    /** A one-partition topic "t" holding {@code records} test records in one batch, their timestamps noted. */
    private Topic oneBatch(final RillLog log, final int records)
    {
        final Topic topic = log.createTopic("t", TopicConfig.builder(1).build());
        final ProducerBatch batch = topic.producer().batch(0);
        for (int o = 0; o < records; o++)
        {
            final byte[] value = TestRecords.value(0, o);
            final byte[] key = TestRecords.key(0, o);
            timestamps.add(TestRecords.timestampNs(0, o));
            assertTrue(batch.add(TestRecords.timestampNs(0, o), new UnsafeBuffer(key), 0, key.length,
                new UnsafeBuffer(value), 0, value.length));
        }
        assertEquals(0, batch.commit());
        return topic;
    }

    @Test
    void aHandlerThatThrowsInsideABatchLeavesThePositionOnItsRecord()
    {
        try (RillLog log = RillLog.open(dir, clock))
        {
            final Topic topic = oneBatch(log, 10);
            try (Consumer consumer = topic.consumer(ConsumerOptions.fromEarliest()))
            {
                final List<Long> seen = new ArrayList<>();
                assertThrows(IllegalStateException.class, () -> consumer.poll(r ->
                {
                    if (r.offset() == 6)
                    {
                        throw new IllegalStateException("handler refuses 6");
                    }
                    seen.add(r.offset());
                }, 100));
                assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L), seen);
                assertEquals(6, consumer.position(0));
                assertEquals(3, consumer.poll(r -> seen.add(r.offset()), 3));
                assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L), seen);
                assertEquals(1, consumer.poll(r -> seen.add(r.offset()), 3));
                assertEquals(9L, seen.get(seen.size() - 1));
            }
        }
    }

    /**
     * A handler that throws in a batch a poll before left part-read: the next poll must not resume from where the
     * earlier poll stopped, but at the record the handler threw on, with its own time and payload.
     */
    @Test
    void aHandlerThatThrowsInABatchReadInPartsResumesAtItsRecord()
    {
        try (RillLog log = RillLog.open(dir, clock))
        {
            final Topic topic = oneBatch(log, 12);
            try (Consumer consumer = topic.consumer(ConsumerOptions.fromEarliest()))
            {
                final List<Long> seen = new ArrayList<>();
                final RecordHandler checked = r ->
                {
                    final String problem = TestRecords.check(r, 0, r.offset(), timestamps.get((int)r.offset()));
                    assertNull(problem, () -> "offset " + r.offset() + ": " + problem);
                    seen.add(r.offset());
                };
                assertEquals(3, consumer.poll(checked, 3));
                assertThrows(IllegalStateException.class, () -> consumer.poll(r ->
                {
                    if (r.offset() == 7)
                    {
                        throw new IllegalStateException("handler refuses 7");
                    }
                    checked.onRecord(r);
                }, 100));
                assertEquals(7, consumer.position(0));
                assertEquals(2, consumer.poll(checked, 2));
                assertEquals(3, consumer.poll(checked, 100));
                assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L), seen);
            }
        }
    }

    /**
     * A W3 record (8 B key, 24 B value, timestamps 1 µs apart) in batches of 64 takes what {@link RecordDescriptor}
     * says: 4 B of record header, plus a 32 B batch header and Chronicle's 4 B document header per batch.
     */
    @Test
    void aBatchedW3RecordTakesItsPayloadPlusFourBytes()
    {
        try (RillLog log = RillLog.open(dir, clock))
        {
            final Topic topic = log.createTopic("w3", TopicConfig.builder(1).build());
            final ProducerBatch batch = topic.producer().batch(0);
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[32]);
            final long[] before = topic.partition(0).bytesByCycle();
            assertEquals(0, before.length);
            topic.producer().append(0, START_NS, payload, 0, 8, payload, 8, 24);
            final long single = topic.partition(0).bytesByCycle()[1];
            final int batches = 100;
            for (int b = 0; b < batches; b++)
            {
                for (int k = 0; k < 64; k++)
                {
                    assertTrue(batch.add(START_NS + (1 + b * 64 + k) * 1_000L, payload, 0, 8, payload, 8, 24));
                }
                batch.commit();
            }
            final long after = topic.partition(0).bytesByCycle()[1];
            assertEquals(batches * (4 + 32 + 64 * (4 + 32)), after - single);
            assertEquals(1 + batches * 64, topic.nextOffset(0));
        }
    }

    @Test
    void aFullBatchSaysSoAndARecordThatCanNeverFitIsRefused()
    {
        try (RillLog log = RillLog.open(dir, clock))
        {
            final Topic topic = log.createTopic("t", TopicConfig.builder(1).maxRecordBytes(4096).build());
            final ProducerBatch batch = topic.producer().batch(0, 1000);
            final UnsafeBuffer value = new UnsafeBuffer(new byte[4096]);
            int added = 0;
            while (batch.add(START_NS, value, 0, 0, value, 0, 100))
            {
                added++;
            }
            assertEquals(1000 / 102, added);
            assertEquals(0, batch.commit());
            assertEquals(added, topic.nextOffset(0));
            final RecordTooLargeException tooLarge = assertThrows(RecordTooLargeException.class,
                () -> batch.add(START_NS, value, 0, 0, value, 0, 4096));
            assertTrue(tooLarge.getMessage().startsWith("record too large: topic=t, partition=0"), tooLarge.getMessage());
            assertThrows(RecordTooLargeException.class, () -> batch.add(START_NS, value, 0, 0, value, 0, 998));
            assertEquals(0, batch.size());
            final IllegalArgumentException capacity = assertThrows(IllegalArgumentException.class,
                () -> topic.producer().batch(0, 4096));
            assertTrue(capacity.getMessage().startsWith("batch capacity must be 20..4064 bytes"), capacity.getMessage());
            assertEquals(added, topic.nextOffset(0));
        }
    }

    /**
     * A flipped byte inside a batch of 50 records: the records before the batch read, the error names the first
     * offset wanted from the batch, and the batches after it read once the consumer seeks past it.
     */
    @Test
    void aDamagedBatchNamesTheOffsetWantedAndTheOtherBatchesStayReadable() throws IOException
    {
        try (RillLog log = RillLog.open(dir, clock))
        {
            final Topic topic = log.createTopic("t", TopicConfig.builder(1).build());
            final ProducerBatch batch = topic.producer().batch(0);
            final UnsafeBuffer key = new UnsafeBuffer(new byte[TestRecords.MAX_KEY]);
            final UnsafeBuffer value = new UnsafeBuffer(new byte[TestRecords.MAX_VALUE]);
            for (int b = 0; b < 3; b++)
            {
                for (int k = 0; k < 50; k++)
                {
                    final long o = b * 50L + k;
                    timestamps.add(TestRecords.timestampNs(0, o));
                    assertTrue(batch.add(TestRecords.timestampNs(0, o), key, 0, TestRecords.fillKey(key, 0, o),
                        value, 0, TestRecords.fillValue(value, 0, o)));
                }
                batch.commit();
            }
        }
        final Path file;
        try (Stream<Path> files = Files.list(dir.resolve("topics").resolve("t").resolve("p-0")))
        {
            file = files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        // The value of offset 70 starts with the long 70 and the int partition 0.
        final byte[] bytes = Files.readAllBytes(file);
        final byte[] marker = new byte[12];
        new UnsafeBuffer(marker).putLong(0, 70L);
        int at = -1;
        for (int i = 0; i + marker.length <= bytes.length && at < 0; i++)
        {
            if (java.util.Arrays.equals(bytes, i, i + marker.length, marker, 0, marker.length))
            {
                at = i;
            }
        }
        assertTrue(at > 0, "value of offset 70 found in " + file);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"))
        {
            raf.seek(at + 20);
            final int b = raf.read();
            raf.seek(at + 20);
            raf.write(b ^ 0x10);
        }
        try (RillLog log = RillLog.open(dir, clock);
            Consumer consumer = log.topic("t").consumer(ConsumerOptions.fromEarliest()))
        {
            assertEquals(150, log.topic("t").nextOffset(0));
            assertEquals(50, consumer.poll(r -> { }, 50));
            final CorruptRecordException ex = assertThrows(CorruptRecordException.class,
                () -> consumer.poll(r -> { }, 50));
            assertEquals(50, ex.offset());
            assertTrue(ex.getMessage().startsWith("corrupt record: topic=t, partition=0, offset=50: checksum mismatch"),
                ex.getMessage());
            assertEquals(50, consumer.position(0));
            consumer.seek(0, 60);
            assertThrows(CorruptRecordException.class, () -> consumer.poll(r -> { }, 1));
            consumer.seek(0, 100);
            final List<Record> rest = readAll(consumer, 1000);
            assertEquals(50, rest.size());
            assertEquals(100, rest.get(0).offset);
            assertFalse(rest.isEmpty());
        }
    }
}
