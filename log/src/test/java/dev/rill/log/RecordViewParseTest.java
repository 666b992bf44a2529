package dev.rill.log;

import java.nio.ByteBuffer;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RecordView} parsing record headers of a hand-made batch in off-heap memory: one-byte lengths with
 * timestamp steps of one and several bytes (the fast path reads them without bounds checks), a timestamp varint
 * cut off by the batch end, and one longer than ten bytes.
 */
class RecordViewParseTest
{
    private static final long BASE_OFFSET = 500;
    private static final long BASE_TIMESTAMP_NS = 1_700_000_000_000_000_000L;

    /** Room after the batch, filled with bytes that would complete a varint: a parser reading on would succeed. */
    private final UnsafeBuffer memory = new UnsafeBuffer(ByteBuffer.allocateDirect(256));

    private int header(final int count)
    {
        memory.setMemory(0, memory.capacity(), (byte)0x01);
        memory.putInt(RecordDescriptor.COUNT_AND_FLAGS_OFFSET, RecordDescriptor.countAndFlags(count, 0));
        memory.putLong(RecordDescriptor.BASE_OFFSET_OFFSET, BASE_OFFSET);
        memory.putLong(RecordDescriptor.BASE_TIMESTAMP_OFFSET, BASE_TIMESTAMP_NS);
        return RecordDescriptor.MIN_BATCH_HEADER_LENGTH;
    }

    private int record(final int at, final long deltaNs, final int valueLength)
    {
        final int i = RecordDescriptor.putRecordHeader(memory, at, 0, valueLength, RecordDescriptor.zigZag(deltaNs));
        memory.setMemory(i, valueLength, (byte)0x7F);
        return i + valueLength;
    }

    private RecordView view(final int batchLength)
    {
        final RecordView view = new RecordView();
        view.wrapBatch("t", 0, memory.addressOffset(), batchLength);
        return view;
    }

    @Test
    void oneByteLengthsWithTimestampStepsOfOneToTenBytes()
    {
        final long[] deltasNs = {0, 5, -3, 1_000, -1_000, 70_000, 1L << 40, Long.MIN_VALUE / 4, 2, Long.MAX_VALUE / 2};
        int at = header(deltasNs.length);
        for (final long delta : deltasNs)
        {
            at = record(at, delta, 16);
        }
        final RecordView view = view(at);
        long timestampNs = BASE_TIMESTAMP_NS;
        for (int i = 0; i < deltasNs.length; i++)
        {
            assertTrue(view.nextRecord(), "record " + i);
            timestampNs += deltasNs[i];
            assertEquals(BASE_OFFSET + i, view.offset());
            assertEquals(timestampNs, view.timestampNs(), "record " + i + ", step " + deltasNs[i]);
            assertEquals(0, view.keyLength());
            assertEquals(16, view.valueLength());
            assertEquals(0x7F7F7F7F7F7F7F7FL, view.buffer().getLong(view.valueOffset()));
        }
        assertFalse(view.nextRecord(), "the batch's count is reached");
    }

    @Test
    void aTimestampStepCutOffByTheBatchEndEndsTheBatchWithoutReadingPastIt()
    {
        final int first = header(2);
        final int second = record(first, 1_000, 0); // a whole record: lengths 0, 0 and a two-byte step
        record(second, 1_000, 0);
        // the batch ends inside the second record's step: its first byte says "more follows", the rest lies beyond
        final RecordView view = view(second + 3);
        assertTrue(view.nextRecord());
        assertEquals(BASE_TIMESTAMP_NS + 1_000, view.timestampNs());
        assertFalse(view.nextRecord(), "the step's varint runs past the batch end");
        assertTrue(view.hasNext(), "by its count the batch has another record: damaged, not ended");
    }

    @Test
    void aTimestampStepOfMoreThanTenBytesIsMalformed()
    {
        final int first = header(1);
        memory.putByte(first, (byte)0);
        memory.putByte(first + 1, (byte)0);
        for (int i = 0; i < 10; i++)
        {
            memory.putByte(first + 2 + i, (byte)0x80); // ten bytes all saying "more follows"
        }
        memory.putByte(first + 12, (byte)0x01);
        final RecordView view = view(first + 64);
        assertFalse(view.nextRecord(), "an eleven-byte varlong is malformed, however long the batch");
    }
}
