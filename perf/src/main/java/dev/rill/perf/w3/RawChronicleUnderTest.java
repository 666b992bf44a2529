package dev.rill.perf.w3;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.NavigableSet;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;

import dev.rill.log.internal.RollCycleNames;

/**
 * The baseline: the same 32 bytes per record through Chronicle Queue directly, with the same roll cycle and block
 * size as the Rill topic. Append: {@code writingDocument()} and {@code bytes.write} of the 32 payload bytes; read:
 * a tailer's {@code readingDocument()}; seek: {@code moveToIndex}. No record header, no checksum, no lock.
 * <p>
 * To seek by dense offset it keeps what Rill keeps: the first offset of every roll cycle, found after the append
 * with {@code countExcerpts}, so an offset maps to a Chronicle index in O(cycles).
 */
final class RawChronicleUnderTest implements LogUnderTest
{
    private final RollCycle rollCycle;
    private final long blockSizeBytes;
    private final int padBytes;
    private final ByteBuffer payload = ByteBuffer.allocateDirect(W3Record.PAYLOAD_LENGTH);
    private final UnsafeBuffer payloadBuffer = new UnsafeBuffer(payload);
    private final BytesStore<?, ByteBuffer> payloadStore = BytesStore.wrap(payload);
    private SingleChronicleQueue queue;
    private ExcerptAppender appender;
    private int[] cycles;
    private long[] cycleBaseOffsets;

    /**
     * @param padBytes zero bytes written after the payload of each excerpt: 0 for the W3 baseline, 32 to give
     *                 raw excerpts the size of Rill's records and so separate Rill's byte volume from its code.
     */
    RawChronicleUnderTest(final String rollCycle, final long blockSizeBytes, final int padBytes)
    {
        this.rollCycle = RollCycleNames.byName(rollCycle);
        this.blockSizeBytes = blockSizeBytes;
        this.padBytes = padBytes;
    }

    @Override
    public String name()
    {
        return "raw";
    }

    @Override
    public void open(final Path dir)
    {
        queue = SingleChronicleQueueBuilder.binary(dir).rollCycle(rollCycle).blockSize(blockSizeBytes).build();
        appender = queue.createAppender();
    }

    @Override
    public void append(final long records, final Tally tally)
    {
        final ExcerptAppender appender = this.appender;
        final UnsafeBuffer source = payloadBuffer;
        final BytesStore<?, ByteBuffer> store = payloadStore;
        final int pad = padBytes;
        for (long i = 0; i < records; i++)
        {
            final long term = W3Record.fill(source, 0, i);
            try (DocumentContext dc = appender.writingDocument())
            {
                final Bytes<?> bytes = dc.wire().bytes();
                bytes.write(store, 0L, (long)W3Record.PAYLOAD_LENGTH);
                if (pad > 0)
                {
                    bytes.writeSkip(pad);
                }
            }
            tally.add(term);
        }
    }

    @Override
    public void replayAll(final long records, final Tally tally)
    {
        try (ExcerptTailer tailer = queue.createTailer())
        {
            tailer.toStart();
            for (long i = 0; i < records; i++)
            {
                if (!readOne(tailer, tally, padBytes))
                {
                    throw new IllegalStateException("raw: queue ended after " + i + " of " + records + " records");
                }
            }
        }
    }

    @Override
    public void replayFrom(final long[] offsets, final int length, final Tally tally)
    {
        if (cycles == null)
        {
            mapCycles();
        }
        try (ExcerptTailer tailer = queue.createTailer())
        {
            for (final long offset : offsets)
            {
                if (!tailer.moveToIndex(indexOf(offset)))
                {
                    throw new IllegalStateException("raw: moveToIndex failed for offset " + offset);
                }
                for (int i = 0; i < length; i++)
                {
                    if (!readOne(tailer, tally, padBytes))
                    {
                        throw new IllegalStateException("raw: queue ended after " + i + " of " + length +
                            " records read from offset " + offset);
                    }
                }
            }
        }
    }

    private static boolean readOne(final ExcerptTailer tailer, final Tally tally, final int padBytes)
    {
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return false;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final long p = bytes.readPosition();
            if (bytes.readRemaining() != W3Record.PAYLOAD_LENGTH + padBytes)
            {
                throw new IllegalStateException("raw: excerpt at index " + Long.toHexString(tailer.index()) +
                    " has " + bytes.readRemaining() + " bytes, expected " + (W3Record.PAYLOAD_LENGTH + padBytes));
            }
            tally.add(W3Record.term(bytes.readLong(p + W3Record.KEY_OFFSET), bytes.readLong(p + W3Record.PRICE_OFFSET),
                bytes.readLong(p + W3Record.QTY_OFFSET), bytes.readLong(p + W3Record.EVENT_TIME_OFFSET)));
            return true;
        }
    }

    private void mapCycles()
    {
        final NavigableSet<Long> list = queue.listCyclesBetween(queue.firstCycle(), queue.lastCycle());
        cycles = new int[list.size()];
        cycleBaseOffsets = new long[list.size()];
        int i = 0;
        long base = 0;
        for (final Long c : list)
        {
            cycles[i] = c.intValue();
            if (i > 0)
            {
                base += queue.countExcerpts(rollCycle.toIndex(cycles[i - 1], 0), rollCycle.toIndex(cycles[i], 0));
            }
            cycleBaseOffsets[i] = base;
            i++;
        }
    }

    private long indexOf(final long offset)
    {
        int i = cycles.length - 1;
        while (i > 0 && cycleBaseOffsets[i] > offset)
        {
            i--;
        }
        return rollCycle.toIndex(cycles[i], offset - cycleBaseOffsets[i]);
    }

    @Override
    public void close()
    {
        if (appender != null)
        {
            appender.close();
            appender = null;
        }
        if (queue != null)
        {
            queue.close();
            queue = null;
        }
    }
}
