package dev.rill.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;

import dev.rill.engine.Event;
import dev.rill.engine.EventKind;
import dev.rill.engine.PipelineException;

/**
 * A single-producer {@link RingWriter} publishes a run of claimed slots once per flush; a map before it writes
 * into the claimed slot. What a consumer may see: complete slots only, in claim order, markers after the run
 * before them. Sequences taken from the ring ahead of use are never published unfilled and still count as room.
 */
class RingWriterRunTest
{
    private final RingBuffer<Event> ring = RingBuffer.createSingleProducer(Event::new, 16);
    private final EventPoller<Event> poller = ring.newPoller();
    private final List<String> seen = new ArrayList<>();

    RingWriterRunTest()
    {
        ring.addGatingSequences(poller.getSequence());
    }

    private RingWriter writer(final boolean isSingleProducer)
    {
        return new RingWriter(ring, "r", new PipelineRuntime(1), Integer.MAX_VALUE, "op", 0, isSingleProducer);
    }

    private List<String> poll() throws Exception
    {
        seen.clear();
        poller.poll((e, seq, end) ->
        {
            seen.add(e.kind() == EventKind.DATA ? e.kind() + ":" + e.key() + ":" + e.long0() + ":" + e.long1() :
                e.kind() + ":" + (e.kind() == EventKind.BARRIER ? e.long0() : e.eventTimeNs()));
            return true;
        });
        return List.copyOf(seen);
    }

    private static Event data(final long key)
    {
        return new Event().key(key).long0(key * 10).source("src", 0, key);
    }

    @Test
    void aRunIsPublishedByFlushOnlyAndAMarkerPublishesTheRunBeforeIt() throws Exception
    {
        final RingWriter writer = writer(true);
        for (int k = 0; k < 3; k++)
        {
            writer.beginInput();
            writer.onEvent(data(k));
        }
        assertEquals(List.of(), poll(), "nothing before the flush");
        writer.publishBarrier(7);
        writer.beginInput();
        writer.onEvent(data(3));
        assertEquals(List.of("DATA:0:0:0", "DATA:1:10:0", "DATA:2:20:0", "BARRIER:7"), poll(),
            "the barrier goes out after the run claimed before it, and nothing claimed after it");
        writer.onWatermark(99);
        writer.beginInput();
        writer.onEvent(data(4));
        writer.flush();
        assertEquals(List.of("DATA:3:30:0", "WATERMARK:99", "DATA:4:40:0"), poll());
        writer.flush();
        assertEquals(List.of(), poll(), "a second flush publishes nothing again");
    }

    @Test
    void aMultiProducerRingPublishesEachEventAtOnce() throws Exception
    {
        final RingWriter writer = writer(false);
        writer.beginInput();
        writer.onEvent(data(5));
        assertEquals(List.of("DATA:5:50:0"), poll());
        assertTrue(!writer.lendsSlots(), "no slots lent on a multi-producer ring");
    }

    @Test
    void aMapFailingInItsClaimedSlotNeverPublishesItAndTheNextClaimReusesIt() throws Exception
    {
        final RingWriter writer = writer(true);
        final OutputMeter meter = new OutputMeter(writer, new StageMeter());
        final MapNode map = new MapNode("explode", (in, out) ->
        {
            out.long1(-1); // written into the ring slot before failing
            if (in.key() == 2)
            {
                throw new IllegalStateException("boom");
            }
            out.long1(in.key() + 100);
        }, meter);
        for (int k = 0; k < 2; k++)
        {
            writer.beginInput();
            map.onEvent(data(k));
        }
        writer.beginInput();
        final PipelineException ex = assertThrows(PipelineException.class, () -> map.onEvent(data(2)));
        assertEquals("explode", ex.operatorName());
        writer.flush(); // as the stage does after a failed duty cycle
        assertEquals(List.of("DATA:0:0:100", "DATA:1:10:101"), poll(),
            "the complete slots before the failure, never the half-written one");
        writer.onWatermark(5);
        assertEquals(List.of("WATERMARK:5"), poll(), "the marker took the uncommitted slot, so it is never exposed");
        writer.beginInput();
        map.onEvent(data(3));
        writer.flush();
        assertEquals(List.of("DATA:3:30:103"), poll());
    }

    @Test
    void mappedSlotsHoldExactlyTheMapOutputAcrossRingLaps() throws Exception
    {
        final RingWriter writer = writer(true);
        final StageMeter stageMeter = new StageMeter();
        final MapNode map = new MapNode("m", (in, out) -> out.long1(in.key() % 3 == 0 ? 7 : out.long1()),
            new OutputMeter(writer, stageMeter));
        final List<String> expected = new ArrayList<>();
        final List<String> all = new ArrayList<>();
        for (int lap = 0; lap < 10; lap++)
        {
            for (int k = lap * 11; k < lap * 11 + 11; k++)
            {
                writer.beginInput();
                map.onEvent(data(k)); // long1 of the input is 0: a slot's old long1 must not leak through
                expected.add("DATA:" + k + ":" + k * 10 + ":" + (k % 3 == 0 ? 7 : 0));
            }
            writer.flush();
            all.addAll(poll());
        }
        assertEquals(expected, all);
        assertEquals(110, stageMeter.eventsOut(), "each committed slot counts as an output");
    }

    @Test
    void sequencesClaimedAheadInARunAreNeitherPublishedNorLostAsRoom() throws Exception
    {
        final RingWriter writer = writer(true);
        writer.beginInput();
        writer.onEvent(data(0)); // takes a run of sequences (the whole ring of 16 here) and uses one
        assertTrue(writer.canEnd(), "the run's unused sequences are room for an end marker");
        writer.flush();
        assertEquals(0, ring.getCursor(), "only the filled slot is published, not the run claimed ahead");
        assertEquals(List.of("DATA:0:0:0"), poll());
        assertEquals(16, writer.inputsAvailable(1), "with the consumer caught up the whole ring is room");
        int written = 0;
        while (writer.inputsAvailable(1) > 0)
        {
            writer.beginInput();
            writer.onEvent(data(++written)); // the rest of the run, then single sequences as the ring fills
        }
        assertEquals(16, written, "exactly the ring's capacity fits, no more, no less");
        assertTrue(!writer.canEnd(), "a full ring has no room for a marker");
        writer.flush();
        final List<String> expected = new ArrayList<>();
        for (int k = 1; k <= 16; k++)
        {
            expected.add("DATA:" + k + ":" + k * 10 + ":0");
        }
        assertEquals(expected, poll());
        assertEquals(16, ring.getCursor());
    }

    @Test
    void slotRunsArePublishedOnlyAsCommittedAndWhatIsNotCommittedIsHandedOutAgain() throws Exception
    {
        final RingWriter writer = writer(true);
        final StageMeter stageMeter = new StageMeter();
        final OutputMeter out = new OutputMeter(writer, stageMeter);
        assertTrue(out.lendsSlotRuns());
        final int claimed = out.claimRun(5);
        assertEquals(5, claimed, "a run of up to the wanted number from the sequences taken ahead");
        final long first = out.runFirstSequence();
        assertEquals(0, first);
        for (int i = 0; i < claimed; i++)
        {
            out.runRing().get(first + i).copyFrom(data(i));
        }
        out.commitRun(3); // say the fourth slot's operator failed
        writer.flush();
        assertEquals(List.of("DATA:0:0:0", "DATA:1:10:0", "DATA:2:20:0"), poll(), "committed slots only");
        assertEquals(3, stageMeter.eventsOut());
        assertEquals(2, out.claimRun(2));
        assertEquals(3, out.runFirstSequence(), "the slots not committed come first in the next run");
        out.runRing().get(3).copyFrom(data(3));
        out.runRing().get(4).copyFrom(data(4));
        out.commitRun(2);
        // single slots and runs interleave: a map's slot claimed and never committed is the next run's first
        writer.beginInput();
        writer.onEvent(data(5));
        final MapNode failing = new MapNode("explode", (in, o) ->
        {
            throw new IllegalStateException("boom");
        }, out);
        writer.beginInput();
        assertThrows(PipelineException.class, () -> failing.onEvent(data(99)));
        assertEquals(1, out.claimRun(1));
        assertEquals(6, out.runFirstSequence(), "the uncommitted slot of the failed map");
        out.runRing().get(6).copyFrom(data(6));
        out.commitRun(1);
        writer.flush();
        assertEquals(List.of("DATA:3:30:0", "DATA:4:40:0", "DATA:5:50:0", "DATA:6:60:0"), poll());
        assertEquals(6, ring.getCursor(), "published up to the seventh slot");
    }

    @Test
    void slotRunsFillExactlyTheRingsCapacityAcrossLaps() throws Exception
    {
        final RingWriter writer = writer(true);
        final List<String> expected = new ArrayList<>();
        final List<String> all = new ArrayList<>();
        int next = 0;
        for (int lap = 0; lap < 5; lap++)
        {
            int room = writer.inputsAvailable(1);
            assertEquals(16, room, "with the consumer caught up the whole ring is room");
            while (room > 0)
            {
                final int claimed = writer.claimRun(Math.min(room, 7));
                assertTrue(claimed >= 1 && claimed <= Math.min(room, 7), "claimed " + claimed);
                for (int i = 0; i < claimed; i++)
                {
                    writer.runRing().get(writer.runFirstSequence() + i).copyFrom(data(next));
                    expected.add("DATA:" + next + ":" + next * 10 + ":0");
                    next++;
                }
                writer.commitRun(claimed);
                room -= claimed;
            }
            assertEquals(0, writer.inputsAvailable(1), "a full ring has no room left");
            assertTrue(!writer.canEnd());
            writer.flush();
            all.addAll(poll());
        }
        assertEquals(expected, all, "every slot once, in order, no lap overwriting an unread one");
    }

    @Test
    void theRoomCountedIsNeverMoreThanIsFreeAndCatchesUpWithTheConsumerOnceLow() throws Exception
    {
        final RingBuffer<Event> big = RingBuffer.createSingleProducer(Event::new, 256);
        final EventPoller<Event> consumer = big.newPoller();
        big.addGatingSequences(consumer.getSequence());
        final RingWriter writer = new RingWriter(big, "big", new PipelineRuntime(1), Integer.MAX_VALUE, "op", 0, true);
        final java.util.Random random = new java.util.Random(42);
        final long[] read = {0};
        long written = 0;
        boolean sawFull = false;
        while (written < 20_000)
        {
            final int room = writer.inputsAvailable(1);
            assertTrue(room <= 256 - (written - read[0]), "room " + room + " with " + (written - read[0]) +
                " of 256 slots unread");
            final int n = Math.min(room, 1 + random.nextInt(100));
            for (int i = 0; i < n; i++)
            {
                writer.beginInput();
                writer.onEvent(data(written++));
            }
            writer.flush();
            sawFull |= room == 0;
            if (random.nextInt(3) == 0 || room == 0)
            {
                consumer.poll((e, seq, end) ->
                {
                    assertEquals(read[0]++, e.key(), "every event once, in order");
                    return true;
                });
                if (room == 0)
                {
                    assertEquals(256, writer.inputsAvailable(1), "a consumer caught up frees the whole ring");
                }
            }
        }
        assertTrue(sawFull, "the ring filled up on the way");
    }
}
