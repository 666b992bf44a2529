package dev.rill.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Producer#touchAhead}: one page past the writer at a time, once per page, and never a byte of a record
 * changed.
 */
class TouchAheadTest extends LogTestBase
{
    private static final int RECORDS = 2_000;
    private static final int VALUE_BYTES = 100;

    @TempDir
    Path dir;

    @Test
    void touchesEachNextPageOnceAndLeavesEveryRecordAsWritten()
    {
        try (RillLog log = RillLog.open(dir))
        {
            final Topic topic = log.createTopic("t", TopicConfig.builder(2).build());
            final Producer producer = topic.producer();
            assertFalse(producer.touchAhead(0), "nothing written yet: no page to touch");
            int touched = 0;
            for (int i = 0; i < RECORDS; i++)
            {
                assertEquals(i, producer.append(0, i, key(i), value(i)));
                final boolean first = producer.touchAhead(0);
                touched += first ? 1 : 0;
                assertFalse(producer.touchAhead(0), "record " + i + ": that page is touched already");
                assertTrue(i > 0 || first, "the first record's next page");
            }
            // about 140 B a record: RECORDS records cross about 68 pages, each touched once when the writer got
            // into the page before it
            final int pages = (int)(RECORDS * (VALUE_BYTES + 40L) / 4096);
            assertTrue(touched >= pages / 2 && touched <= 2 * pages, "pages touched: " + touched + ", about " + pages);
            assertFalse(producer.touchAhead(1), "the other partition has no records");
        }
        try (RillLog log = RillLog.open(dir);
            Consumer consumer = log.topic("t").consumer(ConsumerOptions.fromEarliest().withPartitions(0)))
        {
            final List<long[]> seen = new ArrayList<>();
            while (consumer.poll(r ->
            {
                final byte[] v = new byte[r.valueLength()];
                r.buffer().getBytes(r.valueOffset(), v);
                assertArrayEquals(value((int)r.offset()), v, "record " + r.offset());
                seen.add(new long[] {r.offset(), r.timestampNs()});
            }, 500) > 0)
            {
                // read on
            }
            assertEquals(RECORDS, seen.size());
            for (int i = 0; i < RECORDS; i++)
            {
                assertEquals(i, seen.get(i)[0]);
                assertEquals(i, seen.get(i)[1]);
            }
        }
    }

    private static byte[] key(final int i)
    {
        return new byte[] {(byte)i, (byte)(i >> 8)};
    }

    private static byte[] value(final int i)
    {
        final byte[] v = new byte[VALUE_BYTES];
        for (int k = 0; k < v.length; k++)
        {
            v[k] = (byte)(i * 31 + k + 1);
        }
        return v;
    }
}
