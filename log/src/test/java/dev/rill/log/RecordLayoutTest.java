package dev.rill.log;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The record layout of topic format 2 ({@link RecordDescriptor}): a 16 B header for an in-order record, the offset
 * stored only by the first record of each roll cycle, the running max timestamp only where it differs from the
 * record's own, and the 24-bit key length limit.
 */
class RecordLayoutTest extends LogTestBase
{
    private static final long START_NS = 1_700_000_000_000_000_000L;
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    private final ManualClock clock = new ManualClock(START_NS);

    /** What a consumer saw of one record's header. */
    private record Seen(long offset, int flags, int headerLength, long storedOffset, long timestampNs)
    {
    }

    @Test
    void onlyCycleStartsStoreTheOffsetAndOnlyLateRecordsTheMaxTimestamp()
    {
        // Per cycle: 5 records, the 4th one 10 ms older than the 3rd (out of order), so it and the 5th (still below
        // the running max) carry the max timestamp.
        final long[][] offsetsByCycle = new long[3][];
        try (RillLog log = RillLog.open(dir, clock))
        {
            final Topic topic = log.createTopic("t", TopicConfig.builder(1).rollCycle("TEST_SECONDLY")
                .blockSizeBytes(4 << 20).build());
            long o = 0;
            for (int c = 0; c < 3; c++)
            {
                offsetsByCycle[c] = new long[5];
                final long base = clock.epochNanos();
                final long[] ts = {base + MS, base + 2 * MS, base + 20 * MS, base + 10 * MS, base + 15 * MS};
                for (int i = 0; i < 5; i++)
                {
                    offsetsByCycle[c][i] = topic.producer().append(0, ts[i], TestRecords.key(0, o),
                        TestRecords.value(0, o));
                    assertEquals(o++, offsetsByCycle[c][i]);
                }
                clock.advanceMs(1_000);
            }
        }
        final List<Seen> seen = new ArrayList<>();
        try (RillLog log = RillLog.open(dir, clock);
            Consumer consumer = log.topic("t").consumer(ConsumerOptions.fromEarliest()))
        {
            while (consumer.poll(r ->
            {
                assertArrayEquals(TestRecords.key(0, r.offset()), r.keyBytes());
                assertArrayEquals(TestRecords.value(0, r.offset()), r.valueBytes());
                seen.add(new Seen(r.offset(), r.flags(), r.keyOffset(), r.storedOffset(), r.timestampNs()));
            }, 100) > 0)
            {
                // keep polling
            }
            assertEquals(15, seen.size());
            for (int i = 0; i < 15; i++)
            {
                final Seen s = seen.get(i);
                assertEquals(i, s.offset());
                final boolean first = i % 5 == 0;
                final boolean late = i % 5 >= 3;
                final int flags = (first ? RecordDescriptor.FLAG_OFFSET : 0) |
                    (late ? RecordDescriptor.FLAG_MAX_TIMESTAMP : 0);
                assertEquals(flags, s.flags(), "flags of offset " + i);
                assertEquals(16 + (first ? 8 : 0) + (late ? 8 : 0), s.headerLength(), "header of offset " + i);
                assertEquals(first ? i : -1, s.storedOffset(), "stored offset of offset " + i);
            }

            // Time seeks use the stored max timestamps: the first record at or after 15 ms into cycle 1 is its 3rd
            // (20 ms); the late 4th and 5th (10 and 15 ms) come after it in offset order.
            consumer.seekToTimestamp(0, START_NS + 1_000 * MS + 15 * MS);
            assertEquals(7, consumer.position(0));
            consumer.seekToTimestamp(0, START_NS + 2_000 * MS);
            assertEquals(10, consumer.position(0));

            // Seeking into the middle of a cycle finds offsets from the cycle's first record.
            consumer.seek(0, 13);
            final long[] read = new long[1];
            assertEquals(1, consumer.poll(r -> read[0] = r.offset(), 1));
            assertEquals(13, read[0]);
        }
        // A reopened writer continues at the next offset in the newest cycle, without storing the offset again.
        try (RillLog log = RillLog.open(dir, clock))
        {
            clock.advanceMs(-1_000);
            assertEquals(15, log.topic("t").producer().append(0, clock.epochNanos() + 500 * MS, TestRecords.key(0, 15),
                TestRecords.value(0, 15)));
            try (Consumer consumer = log.topic("t").consumer(ConsumerOptions.from(StartPosition.offset(15))))
            {
                final int[] flags = {-1};
                assertEquals(1, consumer.poll(r -> flags[0] = r.flags(), 1));
                assertEquals(0, flags[0]);
            }
        }
    }

    @Test
    void aKeyOverTheLimitIsRefusedAndTakesNoOffset()
    {
        try (RillLog log = RillLog.open(dir, clock))
        {
            final Topic topic = log.createTopic("big", TopicConfig.builder(1).blockSizeBytes(256 << 20)
                .maxRecordBytes(64 << 20).build());
            final UnsafeBuffer key = new UnsafeBuffer(new byte[RecordDescriptor.MAX_KEY_LENGTH + 1]);
            final UnsafeBuffer value = new UnsafeBuffer(new byte[1]);
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () ->
                topic.producer().append(0, START_NS, key, 0, key.capacity(), value, 0, 1));
            assertTrue(ex.getMessage().startsWith("key of 16777216 bytes is longer than the maximum of 16777215 " +
                "bytes: topic=big, partition=0"), ex.getMessage());
            assertEquals(0, topic.nextOffset(0));
            assertEquals(0, topic.producer().append(0, START_NS, key, 0, RecordDescriptor.MAX_KEY_LENGTH, value, 0, 1));
            assertEquals(1, topic.nextOffset(0));
        }
    }
}
