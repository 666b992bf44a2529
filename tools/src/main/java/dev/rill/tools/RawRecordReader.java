package dev.rill.tools;

import java.nio.file.Path;
import java.util.NavigableSet;

import dev.rill.log.RecordDescriptor;
import dev.rill.log.Topic;
import dev.rill.log.TopicConfig;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Reads the bytes of a record the log refuses to hand over (bad checksum), so that {@code rill dump} can show
 * them. The log's {@link dev.rill.log.Consumer} never passes a damaged record to a handler, and its API has no
 * raw read, so this opens the partition's Chronicle queue read-only and finds the record the way the log does:
 * the first record of each roll cycle stores its offset ({@link RecordDescriptor#OFFSET_OFFSET}) and offsets are
 * dense within a cycle, so the record is at index {@code offset - firstOffsetOfCycle} of its cycle.
 * Diagnostics only: slow, allocates, and opens the queue per call.
 */
final class RawRecordReader
{
    private RawRecordReader()
    {
    }

    /**
     * @param topic     the topic.
     * @param partition the partition.
     * @param offset    the record's offset.
     * @return the record's bytes (header, key, value) as stored.
     * @throws IllegalStateException saying why if the bytes cannot be found.
     */
    static byte[] read(final Topic topic, final int partition, final long offset)
    {
        final TopicConfig config = topic.config();
        final RollCycle rollCycle = rollCycle(config.rollCycle());
        final Path dir = topic.dir().resolve("p-" + partition);
        try (SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir)
            .readOnly(true)
            .rollCycle(rollCycle)
            .blockSize(config.blockSizeBytes())
            .build();
            ExcerptTailer tailer = queue.createTailer())
        {
            final int first = queue.firstCycle();
            final int last = queue.lastCycle();
            if (first > last)
            {
                throw new IllegalStateException("no queue files in " + dir);
            }
            final NavigableSet<Long> cycles = queue.listCyclesBetween(first, last);
            int cycle = Integer.MIN_VALUE;
            long base = 0;
            for (final Long c : cycles)
            {
                final byte[] head = document(tailer, rollCycle.toIndex(c.intValue(), 0));
                if (head == null || head.length < RecordDescriptor.HEADER_LENGTH)
                {
                    continue;
                }
                final long firstOffset = littleEndianLong(head, RecordDescriptor.OFFSET_OFFSET);
                if (firstOffset > offset)
                {
                    break;
                }
                cycle = c.intValue();
                base = firstOffset;
            }
            if (cycle == Integer.MIN_VALUE)
            {
                throw new IllegalStateException("no roll cycle in " + dir + " holds offset " + offset);
            }
            final byte[] record = document(tailer, rollCycle.toIndex(cycle, offset - base));
            if (record == null)
            {
                throw new IllegalStateException("no record at index " + (offset - base) + " of cycle " + cycle +
                    " in " + dir);
            }
            return record;
        }
    }

    private static byte[] document(final ExcerptTailer tailer, final long index)
    {
        if (!tailer.moveToIndex(index))
        {
            return null;
        }
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return null;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final long start = bytes.readPosition();
            final byte[] copy = new byte[(int)bytes.readRemaining()];
            for (int i = 0; i < copy.length; i++)
            {
                copy[i] = bytes.readByte(start + i);
            }
            return copy;
        }
    }

    static long littleEndianLong(final byte[] bytes, final int at)
    {
        long v = 0;
        for (int i = 7; i >= 0; i--)
        {
            v = (v << 8) | (bytes[at + i] & 0xFF);
        }
        return v;
    }

    static int littleEndianInt(final byte[] bytes, final int at)
    {
        return (int)(littleEndianLong(new byte[] {bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3], 0, 0, 0,
            0}, 0));
    }

    private static RollCycle rollCycle(final String name)
    {
        for (final RollCycles rc : RollCycles.values())
        {
            if (rc.name().equals(name))
            {
                return rc;
            }
        }
        for (final TestRollCycles rc : TestRollCycles.values())
        {
            if (rc.name().equals(name))
            {
                return rc;
            }
        }
        throw new IllegalStateException("unknown roll cycle " + name);
    }
}
