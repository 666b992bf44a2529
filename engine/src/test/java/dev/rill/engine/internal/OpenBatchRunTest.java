package dev.rill.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;

import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;

import dev.rill.engine.BatchTime;
import dev.rill.engine.Event;
import dev.rill.engine.EventKind;
import dev.rill.engine.PipelineConfig;
import dev.rill.engine.PipelineException;
import dev.rill.engine.internal.keyed.ResultEmitter;
import dev.rill.engine.internal.keyed.ShardBatchNode;
import dev.rill.engine.internal.keyed.ShardOperator;
import dev.rill.engine.internal.keyed.ShardOperatorFactory;

/**
 * A ring-fed stage whose head is an event-time batch node with an operator that emits only at batch ends hands the
 * records of the open batch to it in runs ({@link ShardBatchNode#takeRun}), skipping the output's per-input start:
 * every record must still reach the operator exactly once and in order, with markers and records of other batches
 * between runs going the general way, the multi-producer ring read only as far as it is published, and a failing
 * record named while the slots before it count as consumed.
 */
class OpenBatchRunTest
{
    private static final long BATCH_MS = 100;
    private static final long MS = 1_000_000L;

    /** Records every record it is given (key, value); throws on {@link #failOnKey}; emits a count per batch. */
    private static final class RecordingOperator implements ShardOperator
    {
        final List<String> records = new ArrayList<>();
        final ResultEmitterHolder out;
        long failOnKey = -1;
        int inBatch;

        RecordingOperator(final ResultEmitterHolder out)
        {
            this.out = out;
        }

        @Override
        public void onRecord(final Event event)
        {
            if (event.key() == failOnKey)
            {
                throw new IllegalStateException("key " + failOnKey + " refused");
            }
            records.add(event.key() + "=" + event.long0());
            inBatch++;
        }

        @Override
        public void endBatch()
        {
            out.emitter.emit(-1, inBatch, 0);
            inBatch = 0;
        }

        @Override
        public long batchAlignment()
        {
            return 1;
        }

        @Override
        public long trailingBatches()
        {
            return 0;
        }

        @Override
        public void close()
        {
        }
    }

    private static final class ResultEmitterHolder
    {
        ResultEmitter emitter;
    }

    /** The stage's output: counts input starts and keeps every batch count and watermark it is given. */
    private static final class CountingOutput implements Output
    {
        int inputsBegun;
        final List<Long> batchCounts = new ArrayList<>();
        final List<Long> watermarksNs = new ArrayList<>();
        boolean ended;

        @Override
        public int inputsAvailable(final int reserve)
        {
            return 1_000;
        }

        @Override
        public boolean canEnd()
        {
            return true;
        }

        @Override
        public void beginInput()
        {
            inputsBegun++;
        }

        @Override
        public String describe()
        {
            return "counting";
        }

        @Override
        public void onEvent(final Event event)
        {
            batchCounts.add(event.long0());
        }

        @Override
        public void onWatermark(final long watermarkNs)
        {
            watermarksNs.add(watermarkNs);
        }

        @Override
        public void onBatchEnd(final long batchTimeMs)
        {
        }

        @Override
        public void onEndOfStream()
        {
            ended = true;
        }
    }

    private final CachedEpochClock clock = new CachedEpochClock();
    private final PipelineRuntime runtime = new PipelineRuntime(1);
    private final CountingOutput output = new CountingOutput();
    private final ResultEmitterHolder emitter = new ResultEmitterHolder();
    private final RingBuffer<Event> ring = RingBuffer.createSingleProducer(Event::new, 64,
        new BusySpinWaitStrategy());
    private final RingInput input = new RingInput("in", ring, 1);
    private RecordingOperator operator;
    private ShardBatchNode node;

    /**
     * A stage reading {@code input} whose chain is {@code maps} (each built on the next) then the recording batch
     * node; in runs if the operator says it emits only at batch ends.
     */
    @SafeVarargs
    private StageAgent stage(final RingInput input, final boolean emitsOnlyAtBatchEnd,
        final Function<EventSink, MapNode>... maps)
    {
        final ShardOperatorFactory recording = (intervalMs, out) ->
        {
            emitter.emitter = out;
            operator = new RecordingOperator(emitter);
            return operator;
        };
        node = new ShardBatchNode("recorder", emitsOnlyAtBatchEnd ?
            ShardOperatorFactory.emittingOnlyAtBatchEnd(recording) : recording, true, BATCH_MS, clock, runtime, 0, 1,
            output);
        final MapNode[] chain = new MapNode[maps.length];
        EventSink head = node;
        for (int i = maps.length - 1; i >= 0; i--)
        {
            chain[i] = maps[i].apply(head);
            head = chain[i];
        }
        final PipelineConfig config = PipelineConfig.builder().clock(clock).batchSize(1_000)
            .batchInterval(BatchTime.EVENT_TIME, BATCH_MS).build();
        final StageAgent stage = new StageAgent("stage", runtime, null, new RingInput[] {input}, head, output, 1,
            1_000, -1, config, true);
        if (node.takesRuns())
        {
            stage.batchRuns(chain, node);
        }
        return stage;
    }

    /** Starts the stage on {@link #input} and runs a cycle over a watermark at 0: batch 0 is open. */
    private StageAgent startedAtBatchZero(final StageAgent stage) throws Exception
    {
        stage.onStart();
        publish(ring, watermark(0));
        stage.doWork();
        return stage;
    }

    private static void data(final RingBuffer<Event> ring, final long sequence, final long key, final long timeMs)
    {
        ring.get(sequence).clear("in", 0, sequence).key(key).long0(key * 10).eventTimeNs(timeMs * MS);
    }

    private static void marker(final RingBuffer<Event> ring, final long sequence, final EventKind kind,
        final long timeNs)
    {
        ring.get(sequence).clear().kind(kind).eventTimeNs(timeNs).key(0);
    }

    /** A watermark at {@code timeMs} in {@link #publish}'s list. */
    private static long watermark(final long timeMs)
    {
        return -timeMs - 1;
    }

    /** Writes and publishes, one slot at a time, data at the given times (ms) and {@link #watermark}s. */
    private static void publish(final RingBuffer<Event> ring, final long... timesMs)
    {
        for (final long timeMs : timesMs)
        {
            final long sequence = ring.next();
            if (timeMs < 0)
            {
                marker(ring, sequence, EventKind.WATERMARK, (-timeMs - 1) * MS);
            }
            else
            {
                data(ring, sequence, sequence, timeMs);
            }
            ring.publish(sequence);
        }
    }

    @Test
    void recordsOfTheOpenBatchGoInRunsWithoutAnInputStartEachAndOthersTheGeneralWay() throws Exception
    {
        final StageAgent stage = stage(input, true);
        stage.onStart();
        // cycle 1: slots 0-1 before the first watermark (waiting), 2 the watermark: batch 0 starts at the cycle's end
        publish(ring, 10, 20, watermark(0));
        stage.doWork();
        // cycle 2: 3-5 of batch 0 (a run), 6 of batch 1 read ahead (waiting), 7 of batch 0 again (a run of one),
        // 8 a watermark: batch 0 ends at the cycle's end
        publish(ring, 30, 40, 50, 150, 60, watermark(100));
        stage.doWork();
        // cycle 3: 9-11 of batch 1 (a run), 12 late (batch 0, already ended: dropped and counted)
        publish(ring, 110, 120, 130, 70);
        stage.doWork();

        assertEquals(12, ring.getCursor());
        assertEquals(12, input.consumed().get(), "every slot handled");
        assertEquals(List.of("0=0", "1=10", "3=30", "4=40", "5=50", "7=70", "6=60", "9=90", "10=100", "11=110"),
            operator.records, "every record of batches 0 and 1 once, each batch in arrival order");
        assertEquals(List.of(6L), output.batchCounts, "batch 0 ended with its 6 records");
        assertEquals(1, runtime.lateEvents());
        // with no maps ahead, the records outside the open batch (0, 1 and 6 waiting, the late one) go the general
        // way, each opening an input; the seven in runs open none
        assertEquals(4, output.inputsBegun);
        assertEquals(11, stage.eventsIn(), "data records counted, markers not");
    }

    @Test
    void theEndOfTheStreamEndsABatchWhoseRecordsAllCameInRuns() throws Exception
    {
        final StageAgent stage = startedAtBatchZero(stage(input, true));
        publish(ring, watermark(200)); // batches 0 and 1 end empty: batch 2 is open before any record of it came
        stage.doWork();
        publish(ring, 210, 220);
        final long end = ring.next();
        marker(ring, end, EventKind.END_OF_STREAM, Long.MAX_VALUE);
        ring.publish(end);

        assertThrows(AgentTerminationException.class, stage::doWork, "ends with its input");
        assertEquals(List.of("2=20", "3=30"), operator.records);
        assertEquals(0, output.inputsBegun, "both in a run");
        assertEquals(List.of(0L, 0L, 2L), output.batchCounts, "batch 2 ended at the end of time, with both records");
        assertTrue(output.ended);
    }

    @Test
    void mapsAheadOfTheNodeRewriteEachSlotOnceInPlaceBeforeItsBatchIsFound() throws Exception
    {
        final StageAgent stage = startedAtBatchZero(stage(input, true,
            next -> new MapNode("plusOne", (in, out) -> out.long0(in.long0() + 1), next),
            next -> new MapNode("keyThreeLater", e ->
            {
                if (e.key() == 3)
                {
                    e.eventTimeNs(e.eventTimeNs() + BATCH_MS * MS);
                }
            }, next)));
        publish(ring, 10, 20, 30, 40, watermark(100));
        stage.doWork();

        assertEquals(List.of("1=11", "2=21", "4=41", "3=31"), operator.records,
            "each value mapped once; record 3 moved into batch 1 by the map, so it waited for it");
        assertEquals(List.of(3L), output.batchCounts);
        assertEquals(31, ring.get(3).long0(), "the slot itself was rewritten");
        assertEquals(0, output.inputsBegun);
        assertEquals(4, stage.eventsIn());
    }

    @Test
    void aMapFailingInARunIsNamedAndTheSlotsBeforeItAreConsumed() throws Exception
    {
        final StageAgent stage = startedAtBatchZero(stage(input, true, next -> new MapNode("refuseFour", (in, out) ->
        {
            if (in.key() == 4)
            {
                throw new IllegalArgumentException("four refused");
            }
        }, next)));
        publish(ring, 10, 20, 30, 40, 50);

        final AgentTerminationException ex = assertThrows(AgentTerminationException.class, stage::doWork);
        final PipelineException failure = assertInstanceOf(PipelineException.class, ex.getCause());
        assertEquals("refuseFour", failure.operatorName());
        assertTrue(failure.getMessage().contains("offset=4") && failure.getMessage().contains("four refused"),
            failure.getMessage());
        assertEquals(List.of("1=10", "2=20", "3=30"), operator.records);
        assertEquals(3, input.consumed().get());
    }

    @Test
    void runsAreRefusedForANodeThatDoesNotTakeThem()
    {
        final StageAgent stage = stage(input, false);
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> stage.batchRuns(new MapNode[0], node));
        assertTrue(ex.getMessage().contains("recorder"), ex.getMessage());
    }

    @Test
    void anOperatorThatMayEmitPerRecordGetsEveryRecordTheGeneralWay() throws Exception
    {
        final StageAgent stage = startedAtBatchZero(stage(input, false));
        publish(ring, 10, 20, 30, 40);
        stage.doWork();
        assertEquals(List.of("1=10", "2=20", "3=30", "4=40"), operator.records);
        assertEquals(4, output.inputsBegun, "one input start per record");
    }

    @Test
    void aMultiProducerRingIsReadUpToItsFirstUnpublishedSlotOnly() throws Exception
    {
        final RingBuffer<Event> shared = RingBuffer.createMultiProducer(Event::new, 64, new BusySpinWaitStrategy());
        final RingInput sharedInput = new RingInput("in", shared, 2);
        final StageAgent stage = stage(sharedInput, true);
        stage.onStart();
        for (int producer = 0; producer < 2; producer++)
        {
            final long sequence = shared.next();
            marker(shared, sequence, EventKind.WATERMARK, 0);
            shared.get(sequence).key(producer);
            shared.publish(sequence);
        }
        stage.doWork(); // both producers' watermarks: batch 0 starts
        for (long s = 2; s <= 4; s++)
        {
            data(shared, shared.next(), s, s);
            shared.publish(s);
        }
        final long unpublished = shared.next(); // claimed by one producer, not published yet
        data(shared, shared.next(), 6, 6);
        shared.publish(6);

        stage.doWork();
        assertEquals(4, sharedInput.consumed().get(), "stopped before the unpublished slot 5");
        assertEquals(List.of("2=20", "3=30", "4=40"), operator.records);

        data(shared, unpublished, 5, 5);
        shared.publish(unpublished);
        stage.doWork();
        assertEquals(6, sharedInput.consumed().get());
        assertEquals(List.of("2=20", "3=30", "4=40", "5=50", "6=60"), operator.records);
        assertEquals(0, output.inputsBegun, "all in runs");
    }

    @Test
    void aRecordTheOperatorRefusesInARunIsNamedAndTheSlotsBeforeItAreConsumed() throws Exception
    {
        final StageAgent stage = startedAtBatchZero(stage(input, true));
        publish(ring, 10, 20, 30, 40, 50);
        operator.failOnKey = 4;

        final AgentTerminationException ex = assertThrows(AgentTerminationException.class, stage::doWork);
        final PipelineException failure = assertInstanceOf(PipelineException.class, ex.getCause());
        assertEquals("recorder", failure.operatorName());
        assertTrue(failure.getMessage().contains("source=in") && failure.getMessage().contains("offset=4") &&
            failure.getMessage().contains("key 4 refused"), failure.getMessage());
        assertEquals(List.of("1=10", "2=20", "3=30"), operator.records);
        assertEquals(3, input.consumed().get(), "the watermark and the three records before the refused one");
        assertFalse(output.ended);
        assertTrue(runtime.isAborted());
    }
}
