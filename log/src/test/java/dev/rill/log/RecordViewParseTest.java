package dev.rill.log;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RecordView} parsing record headers of a hand-made batch in off-heap memory, the general way
 * ({@link RecordView#nextRecord()}): one-byte lengths with timestamp steps of one and several bytes, a timestamp
 * varint cut off by the batch end, and one longer than ten bytes. And {@link RecordView#handRecordsTo}, the
 * consumer's loop, whose fast path reads a header's four bytes at once without bounds checks, against the general
 * way on every kind of header, at the batch end, up to an index, and with a handler that throws.
 */
class RecordViewParseTest
{
    private static final long BASE_OFFSET = 500;
    private static final long BASE_TIMESTAMP_NS = 1_700_000_000_000_000_000L;

    /** Room after the batch, filled with bytes that would complete a varint: a parser reading on would succeed. */
    private final UnsafeBuffer memory = new UnsafeBuffer(ByteBuffer.allocateDirect(16384));

    private int header(final int count)
    {
        memory.setMemory(0, 4096, (byte)0x01);
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

        final RecordView handing = view(second + 3);
        final List<Long> times = new ArrayList<>();
        assertFalse(handing.handRecordsTo(r -> times.add(r.timestampNs()), 1), "nor does the fast path read on");
        assertEquals(List.of(BASE_TIMESTAMP_NS + 1_000), times);
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

    /** Headers of every kind in one batch: lengths of one and two bytes, steps of one to ten bytes, empty records. */
    private int mixedBatch(final int count)
    {
        final int[] keyLengths = {8, 0, 127, 128, 3, 200, 0};
        final int[] valueLengths = {16, 0, 1, 300, 127, 0, 2};
        final long[] deltasNs = {1_000, 5, -3, 0, 70_000, 1L << 40, -1_000, 8_191, 8_192, -4_096};
        int at = header(count);
        for (int r = 0; r < count; r++)
        {
            final int kl = keyLengths[r % keyLengths.length];
            final int vl = valueLengths[r % valueLengths.length];
            final int i = RecordDescriptor.putRecordHeader(memory, at, kl, vl,
                RecordDescriptor.zigZag(deltasNs[r % deltasNs.length]));
            for (int b = 0; b < kl + vl; b++)
            {
                memory.putByte(i + b, (byte)(r + b));
            }
            at = i + kl + vl;
        }
        return at;
    }

    /** What a handler sees of a record: where it is, its lengths, offset, time and first payload byte. */
    private static String seen(final RecordView view)
    {
        final int payload = view.keyLength() + view.valueLength() == 0 ? -1 : view.buffer().getByte(view.keyOffset());
        return view.indexInBatch() + "@" + view.offset() + ":" + view.timestampNs() + " k" + view.keyOffset() + "/" +
            view.keyLength() + " v" + view.valueOffset() + "/" + view.valueLength() + " start " +
            view.recordStart() + " next " + view.cursor() + " first " + payload;
    }

    private List<String> byNextRecord(final int batchLength)
    {
        final RecordView view = view(batchLength);
        final List<String> records = new ArrayList<>();
        while (view.nextRecord())
        {
            records.add(seen(view));
        }
        return records;
    }

    @Test
    void handingRecordsOverSeesWhatNextRecordSeesOnEveryKindOfHeader()
    {
        final int count = 70;
        final int length = mixedBatch(count);
        final List<String> expected = byNextRecord(length);
        assertEquals(count, expected.size());
        final RecordView view = view(length);
        final List<String> handed = new ArrayList<>();
        assertTrue(view.handRecordsTo(r ->
        {
            assertSame(view, r);
            handed.add(seen(r));
        }, count - 1));
        assertEquals(expected, handed);
        assertFalse(view.hasNext());
        assertEquals(length, view.cursor());
    }

    @Test
    void handingRecordsOverStopsAtTheLastIndexAskedAndGoesOnFromThere()
    {
        final int count = 20;
        final int length = mixedBatch(count);
        final RecordView view = view(length);
        final List<String> handed = new ArrayList<>();
        assertTrue(view.handRecordsTo(r -> handed.add(seen(r)), 6));
        assertEquals(6, view.indexInBatch());
        assertEquals(7, handed.size());
        assertTrue(view.handRecordsTo(r -> handed.add(seen(r)), 6), "nothing more up to the same index");
        assertEquals(7, handed.size());
        assertTrue(view.handRecordsTo(r -> handed.add(seen(r)), count - 1));
        assertEquals(byNextRecord(length), handed);
    }

    @Test
    void handingRecordsOverStopsBeforeARecordThatRunsPastTheBatchEnd()
    {
        final int count = 10;
        final int length = mixedBatch(count);
        final List<String> whole = byNextRecord(length);
        final RecordView parsed = view(length);
        for (int r = 0; r < count; r++)
        {
            assertTrue(parsed.nextRecord());
        }
        final int lastStart = parsed.recordStart();
        // The last record's payload running past the batch end by one byte, by all but one; its header cut off.
        for (final int cut : new int[] {length - 1, lastStart + 5, lastStart + 2})
        {
            final RecordView view = view(cut);
            final List<String> handed = new ArrayList<>();
            assertFalse(view.handRecordsTo(r -> handed.add(seen(r)), count - 1), "cut at " + cut);
            assertEquals(whole.subList(0, count - 1), handed, "cut at " + cut);
            assertEquals(count - 2, view.indexInBatch(), "the view stays on the last record that fits");
            assertTrue(view.hasNext(), "by its count the batch has another record: damaged, not ended");
        }
    }

    @Test
    void aHandlerThatThrowsLeavesTheViewOnItsRecord()
    {
        final int count = 12;
        final int length = mixedBatch(count);
        final List<String> whole = byNextRecord(length);
        final RecordView view = view(length);
        final IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> view.handRecordsTo(r ->
        {
            if (r.indexInBatch() == 8)
            {
                throw new IllegalStateException("refused");
            }
        }, count - 1));
        assertEquals("refused", thrown.getMessage());
        assertEquals(whole.get(8), seen(view));
        final List<String> rest = new ArrayList<>();
        assertTrue(view.handRecordsTo(r -> rest.add(seen(r)), count - 1));
        assertEquals(whole.subList(9, count), rest);
    }
}
