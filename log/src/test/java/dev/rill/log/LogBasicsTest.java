package dev.rill.log;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogBasicsTest extends LogTestBase
{
    @TempDir
    Path dir;

    @Test
    void appendsAndReadsBackEveryRecordWithDenseOffsets()
    {
        try (RillLog log = RillLog.open(dir))
        {
            final Topic topic = log.createTopic("t", TopicConfig.builder(3).build());
            final Producer producer = topic.producer();
            final long[] expectedNext = new long[3];
            for (int i = 0; i < 3000; i++)
            {
                final AppendResult r = producer.send(("k" + i).getBytes(UTF_8), ("v" + i).getBytes(UTF_8));
                assertEquals(expectedNext[r.partition()]++, r.offset(), "offset of record " + i);
                assertEquals(Murmur2Partitioner.partition(("k" + i).getBytes(UTF_8), 3), r.partition());
            }
            final List<String> seen = new ArrayList<>();
            final long[] next = new long[3];
            try (Consumer c = topic.consumer(ConsumerOptions.fromEarliest()))
            {
                int n;
                while ((n = c.poll(rec ->
                {
                    assertEquals(next[rec.partition()]++, rec.offset());
                    assertEquals("k" + rec.valueAsString().substring(1), rec.keyAsString());
                    seen.add(rec.valueAsString());
                }, 100)) > 0)
                {
                    assertTrue(n <= 100);
                }
                assertTrue(c.isAtEnd());
            }
            assertEquals(3000, seen.size());
            for (int p = 0; p < 3; p++)
            {
                assertEquals(expectedNext[p], topic.nextOffset(p));
                assertEquals(0, topic.earliestOffset(p));
            }
        }
    }

    @Test
    void reopensAndContinuesAtTheNextOffset()
    {
        try (RillLog log = RillLog.open(dir))
        {
            final Topic topic = log.createTopic("t", TopicConfig.builder(1).build());
            for (int i = 0; i < 10; i++)
            {
                topic.producer().append(0, i, new byte[0], ("v" + i).getBytes(UTF_8));
            }
        }
        try (RillLog log = RillLog.open(dir))
        {
            final Topic topic = log.topic("t");
            assertEquals(10, topic.nextOffset(0));
            assertEquals(10, topic.producer().append(0, 10, new byte[0], "v10".getBytes(UTF_8)));
            try (Consumer c = topic.consumer(ConsumerOptions.from(StartPosition.offset(7))))
            {
                final List<Long> offsets = new ArrayList<>();
                c.poll(rec -> offsets.add(rec.offset()), 100);
                assertEquals(List.of(7L, 8L, 9L, 10L), offsets);
            }
        }
    }

    @Test
    void seeksByTimestampWithBinarySearch()
    {
        try (RillLog log = RillLog.open(dir))
        {
            final Topic topic = log.createTopic("t", TopicConfig.builder(1).build());
            final Producer producer = topic.producer();
            for (int i = 0; i < 1000; i++)
            {
                producer.append(0, 1000L * i, new byte[0], new byte[8]);
            }
            assertEquals(0, topic.offsetForTimestamp(0, -5));
            assertEquals(0, topic.offsetForTimestamp(0, 0));
            assertEquals(1, topic.offsetForTimestamp(0, 1));
            assertEquals(500, topic.offsetForTimestamp(0, 500_000));
            assertEquals(501, topic.offsetForTimestamp(0, 500_001));
            assertEquals(1000, topic.offsetForTimestamp(0, 10_000_000));
        }
    }

    @Test
    void rejectsOffsetsOutOfRangeNamingTopicPartitionAndOffsets()
    {
        try (RillLog log = RillLog.open(dir))
        {
            final Topic topic = log.createTopic("trades", TopicConfig.builder(2).build());
            for (int i = 0; i < 5; i++)
            {
                topic.producer().append(1, i, new byte[0], new byte[1]);
            }
            final OffsetOutOfRangeException ex = assertThrows(OffsetOutOfRangeException.class,
                () -> topic.consumer(ConsumerOptions.from(StartPosition.offset(6)).withPartitions(1)));
            assertEquals("offset out of range: topic=trades, partition=1, offset=6, earliest=0, next=5",
                ex.getMessage());
            try (Consumer c = topic.consumer(ConsumerOptions.from(StartPosition.offset(6))
                .withReset(OffsetReset.LATEST).withPartitions(1)))
            {
                assertEquals(5, c.position(1));
            }
        }
    }

    @Test
    void murmur2MatchesKafka()
    {
        assertEquals(-973932308, Murmur2Partitioner.murmur2("21".getBytes(UTF_8), 0, 2));
        assertEquals(-790332482, Murmur2Partitioner.murmur2("foobar".getBytes(UTF_8), 0, 6));
        assertEquals(-985981536, Murmur2Partitioner.murmur2("a-little-bit-long-string".getBytes(UTF_8), 0, 24));
        assertEquals(-1486304829, Murmur2Partitioner.murmur2("a-little-bit-longer-string".getBytes(UTF_8), 0, 26));
        final byte[] lk = "lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8".getBytes(UTF_8);
        assertEquals(-58897971, Murmur2Partitioner.murmur2(lk, 0, lk.length));
        assertEquals(479470107, Murmur2Partitioner.murmur2("abc".getBytes(UTF_8), 0, 3));
        assertEquals(16, Murmur2Partitioner.partition("foobar".getBytes(UTF_8), 50));
        final org.agrona.concurrent.UnsafeBuffer b = new org.agrona.concurrent.UnsafeBuffer(lk);
        assertEquals(-58897971, Murmur2Partitioner.murmur2(b, 0, lk.length));
    }
}
