package dev.rill.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.lmax.disruptor.RingBuffer;

import dev.rill.engine.Event;
import dev.rill.engine.EventKind;
import dev.rill.engine.PipelineException;

/**
 * A {@link RingWriter} into a packed ring ({@link RingInput#packed()}): records go eight to a slot, in order, each with
 * its key, long0, event time and source; a slot closes when full, when the source or partition changes, before a
 * marker, and at the second flush it stays open through; the writer counts room in records and keeps a slot for a
 * marker; the slots it lends (one, or a run for a source) are staging events packed when committed.
 */
class PackedRingTest
{
    private static final int SLOTS = 8;
    private final PackedRecords packs = new PackedRecords(SLOTS);
    private final RingBuffer<Event> ring = RingBuffer.createSingleProducer(Event::new, SLOTS);
    private final RingInput input = new RingInput("r", ring, 1, packs);
    private final RingWriter writer = new RingWriter(ring, "r", new PipelineRuntime(1), Integer.MAX_VALUE, "op", 0,
        true, packs);

    /** What a consumer sees from the last consumed slot to the cursor: one line per record or marker, "|" between slots. */
    private String poll()
    {
        final StringBuilder sb = new StringBuilder();
        final long last = ring.getCursor();
        long sequence = input.consumed().get() + 1;
        for (; sequence <= last; sequence++)
        {
            final Event slot = ring.get(sequence);
            sb.append(sb.length() == 0 ? "" : " | ");
            if (slot.kind() == EventKind.DATA)
            {
                for (int j = 0; j < slot.long0(); j++)
                {
                    final long at = packs.slotAddress(sequence) + (long)j * PackedRecords.RECORD_LENGTH;
                    sb.append(j == 0 ? "" : " ").append(PackedRecords.key(at)).append('/')
                        .append(PackedRecords.long0(at)).append('/').append(PackedRecords.eventTimeNs(at)).append('@')
                        .append(slot.sourceName()).append(':').append(slot.sourcePartition()).append(':')
                        .append(PackedRecords.sourceOffset(at));
                }
            }
            else
            {
                sb.append(slot.kind()).append(' ').append(slot.kind() == EventKind.BARRIER ? slot.long0() :
                    slot.eventTimeNs());
            }
        }
        input.consumed().set(last);
        return sb.toString();
    }

    private static Event data(final long key, final String source, final int partition)
    {
        return new Event().key(key).long0(key * 10).eventTimeNs(key * 100).long1(-1).source(source, partition, key + 1);
    }

    private void write(final long from, final long to)
    {
        write(from, to, "src", 0);
    }

    private void write(final long from, final long to, final String source, final int partition)
    {
        for (long k = from; k < to; k++)
        {
            writer.beginInput();
            writer.onEvent(data(k, source, partition));
        }
    }

    private static String records(final long from, final long to)
    {
        return records(from, to, "src", 0);
    }

    private static String records(final long from, final long to, final String source, final int partition)
    {
        final StringBuilder sb = new StringBuilder();
        for (long k = from; k < to; k++)
        {
            sb.append(k == from ? "" : " ").append(k).append('/').append(k * 10).append('/').append(k * 100)
                .append('@').append(source).append(':').append(partition).append(':').append(k + 1);
        }
        return sb.toString();
    }

    @Test
    void recordsGoEightToASlotAndAPartSlotAtTheSecondFlushItStaysOpenThrough()
    {
        write(0, 11);
        writer.flush();
        assertEquals(records(0, 8), poll(), "the full slot at the first flush; the three after it wait");
        writer.flush();
        assertEquals(records(8, 11), poll(), "the part slot at the second flush");
        writer.flush();
        assertEquals("", poll(), "nothing again");
    }

    @Test
    void aMarkerGoesAfterTheRecordsBeforeItAndASourceOrPartitionChangeClosesTheSlot()
    {
        write(0, 3);
        writer.onWatermark(250);
        assertEquals(records(0, 3) + " | WATERMARK 250", poll());
        writer.beginInput();
        writer.onEvent(data(3, "src", 0));
        writer.beginInput();
        writer.onEvent(data(4, "src", 1));
        writer.beginInput();
        writer.onEvent(data(5, "other", 1));
        writer.publishBarrier(7);
        assertEquals(records(3, 4) + " | 4/40/400@src:1:5 | 5/50/500@other:1:6 | BARRIER 7", poll());
        writer.onEndOfStream();
        assertEquals("END_OF_STREAM " + Long.MAX_VALUE, poll());
    }

    @Test
    void roomIsCountedInRecordsKeepingASlotForAMarker()
    {
        assertEquals((SLOTS - 1) * PackedRecords.PACK, writer.inputsAvailable(1), "one slot kept for a marker");
        assertEquals((SLOTS - 1) * PackedRecords.PACK / 4, writer.inputsAvailable(4), "per input, as reserved");
        write(0, 3);
        assertEquals((SLOTS - 2) * PackedRecords.PACK + PackedRecords.PACK - 3, writer.inputsAvailable(1),
            "the open slot's room, and every free slot but the marker's");
        write(3, (SLOTS - 1) * PackedRecords.PACK);
        assertEquals(0, writer.inputsAvailable(1), "full but for the marker's slot");
        assertTrue(writer.canEnd(), "a marker still fits");
        writer.onWatermark(1);
        assertTrue(!writer.canEnd(), "now nothing fits");
        final String seen = poll();
        assertTrue(seen.endsWith("WATERMARK 1"), seen);
        assertEquals((SLOTS - 1) * PackedRecords.PACK, writer.inputsAvailable(1), "the consumer freed every slot");
    }

    @Test
    void lentSlotsAreStagedAndPackedWhenCommittedAndAFailedOneIsLentAgain()
    {
        final OutputMeter meter = new OutputMeter(writer, new StageMeter());
        assertTrue(meter.lendsSlots() && meter.lendsSlotRuns(), "a packed ring lends slots and runs of them");
        final MapNode map = new MapNode("m", (in, out) ->
        {
            out.long0(-5); // written into the lent event before failing
            if (in.key() == 2)
            {
                throw new IllegalStateException("boom");
            }
            out.long0(in.key() * 10);
        }, meter);
        for (int k = 0; k < 2; k++)
        {
            writer.beginInput();
            map.onEvent(data(k, "src", 0));
        }
        writer.beginInput();
        assertThrows(PipelineException.class, () -> map.onEvent(data(2, "src", 0)));
        writer.beginInput();
        map.onEvent(data(3, "src", 0));
        final int claimed = writer.claimRun(100);
        assertTrue(claimed > 0 && claimed <= 64, "a run within the staging ring: " + claimed);
        final RingBuffer<Event> run = writer.runRing();
        final long first = writer.runFirstSequence();
        for (int i = 0; i < 2; i++)
        {
            final Event e = run.get(first + i).copyFrom(data(4 + i, "src", 0));
            assertTrue(e != run.get(first + 1 - i), "distinct events");
        }
        writer.commitRun(2);
        writer.onWatermark(9);
        assertEquals(records(0, 2) + " " + records(3, 6) + " | WATERMARK 9", poll(),
            "the failed record never; the next one took its lent event; the run after them");
    }

    @Test
    void slotsKeepExactlyTheirRecordsAcrossRingLaps()
    {
        final List<String> expected = new ArrayList<>();
        final List<String> all = new ArrayList<>();
        for (int lap = 0; lap < 20; lap++)
        {
            final long from = lap * 13L;
            write(from, from + 13);
            writer.onWatermark(lap);
            expected.add(records(from, from + 8) + " | " + records(from + 8, from + 13) + " | WATERMARK " + lap);
            all.add(poll());
        }
        assertEquals(expected, all);
    }

    @Test
    void aSlotReusedALapLaterCarriesItsOwnCountSourceAndPartition()
    {
        // the writer stores a slot's count, source and partition only when they differ from the lap before
        final List<String> expected = new ArrayList<>();
        final List<String> all = new ArrayList<>();
        for (int lap = 0; lap < 24; lap++)
        {
            final String source = lap % 3 == 0 ? "a" : "b";
            final int partition = lap % 2;
            final long from = lap * 100L;
            final int count = 1 + lap % PackedRecords.PACK;
            write(from, from + count, source, partition);
            writer.flush();
            writer.flush();
            if (lap % 5 == 0)
            {
                writer.onWatermark(lap);
                expected.add(records(from, from + count, source, partition) + " | WATERMARK " + lap);
            }
            else
            {
                expected.add(records(from, from + count, source, partition));
            }
            all.add(poll());
        }
        assertEquals(expected, all);
    }

    @Test
    void aRunIsPackedASlotAtATimeClosingTheSlotWhereTheSourceOrPartitionChanges()
    {
        // 3 of src:0 after 2 written one by one, 10 of src:1, 1 of other:1, 4 of src:0, in one run
        write(0, 2);
        final int[] partitions = {0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0};
        final String[] sources = new String[partitions.length];
        java.util.Arrays.fill(sources, "src");
        sources[13] = "other";
        final int claimed = writer.claimRun(partitions.length);
        assertEquals(partitions.length, claimed, "the staging ring lends the whole run");
        final RingBuffer<Event> run = writer.runRing();
        final long first = writer.runFirstSequence();
        for (int i = 0; i < claimed; i++)
        {
            run.get(first + i).copyFrom(data(2 + i, sources[i], partitions[i]));
        }
        writer.commitRun(claimed);
        writer.onWatermark(3);
        assertEquals(records(0, 5) + " | " + records(5, 13, "src", 1) + " | " + records(13, 15, "src", 1) + " | " +
            records(15, 16, "other", 1) + " | " + records(16, 20) + " | WATERMARK 3", poll());
    }
}
