package dev.rill.engine.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.EpochClock;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;

import net.openhft.affinity.Affinity;

import dev.rill.engine.BatchTime;
import dev.rill.engine.Event;
import dev.rill.engine.EventKind;
import dev.rill.engine.PipelineConfig;
import dev.rill.engine.internal.keyed.ShardBatchNode;

/**
 * One shard of one stage, as an Agrona {@link Agent}: each duty cycle reads its source (if it has one) and polls
 * each input ring in turn, adding up the work, and runs the fused chain on every event it takes. It takes an
 * input only when its output has room for everything that input may produce, so a full downstream ring makes this
 * stage (and through it the source) wait instead of dropping; the duty cycle simply retries.
 * <p>
 * When every producer of every input has sent its end marker (or the source is exhausted, or a drain was asked
 * for) the stage passes the end on and terminates. A failure is recorded in the {@link PipelineRuntime}, which
 * aborts every other stage. All state is owned by the stage's thread.
 * <p>
 * Time: when the pipeline needs watermarks (it has a batch operator), a source stage computes its source's
 * watermark each duty cycle (event time: a {@link WatermarkTracker} over the source's partitions; processing time:
 * the clock), and a ring-fed stage keeps the last watermark of every producer of every input (an end marker counts
 * as the end of time). The stage forwards the minimum over all of them down its chain when it rises, once its output
 * has room for the marker; an exhausted source forwards {@link Long#MAX_VALUE} before its end marker.
 * <p>
 * A source stage whose operators are all maps (or updates), ending in a single-producer ring, may take the slot-run
 * path ({@link #slotRuns}) instead of passing each record down the fused chain.
 */
public final class StageAgent implements Agent
{
    // Written by the stage's thread with release stores, read by any thread with acquire loads: a volatile store
    // is a full fence on x86 (lock addl), which waits for every store of the duty cycle to leave the core; with a
    // ring's lines on their way to the consumer's core that stall held a tenth of W1's source stage's samples.
    private static final VarHandle PUBLISHED_WATERMARK_NS;
    private static final VarHandle EVENTS_IN_PUBLISHED;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            PUBLISHED_WATERMARK_NS = lookup.findVarHandle(StageAgent.class, "publishedWatermarkNs", long.class);
            EVENTS_IN_PUBLISHED = lookup.findVarHandle(StageAgent.class, "eventsInPublished", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final String roleName;
    private final PipelineRuntime runtime;
    private final SourceReader source;
    private final RingInput[] inputs;
    private final EventSink head;
    /** A batch node taking runs of records from the ring loop ({@link #batchRuns}), or null. */
    private ShardBatchNode runHead;
    /** The maps fused ahead of {@link #runHead}, applied to each slot in the run. */
    private MapNode[] runHeadMaps;
    private final Output output;
    private final int reserve;
    private final int batchSize;
    private final int cpu;
    private final EventSink sourceInto;
    private final EpochClock clock;
    private final PipelineConfig config;
    private final boolean needsWatermarks;
    private final long[][] inputWatermarksNs;
    private WatermarkTracker tracker;
    /**
     * The run of source records from one partition in the current poll: the tracker sees its first record (which
     * checks the partition) and, after the poll, its greatest event time; nothing else reads it in between.
     */
    private boolean isRunOpen;
    private int runPartition;
    private long runMaxEventTimeNs;
    private long nowMs;
    private long emittedWatermarkNs = Long.MIN_VALUE;
    private long publishedWatermarkNs = Long.MIN_VALUE;
    private int currentInput;
    private int endsPending;
    private boolean sourceEnded;
    private long eventsIn;
    private long eventsInPublished;
    private dev.rill.engine.internal.checkpoint.StageCheckpoint checkpoint;
    private SlotRunSource runSource;
    private MapNode[] runMaps;
    private SlotRunOutput runOutput;
    /** The slot-run source's event times into {@link #track}; null without an event-time tracker. */
    private EventTimeSink runTimes;
    /** Each slot the slot-run source fills, through the maps; null when there is no map. */
    private FilledSlotSink runFilled;
    /** Slots of the current run every map has rewritten: the ones to commit if a map throws. */
    private int runMapped;

    /**
     * Takes the source through the slot-run path: the source writes straight into runs of slots of the output's
     * ring and the operators, all maps, rewrite each slot in place; the same events as the fused chain makes, with
     * a counted loop per run instead of one call down the chain per record. Set before start.
     *
     * @param source the stage's source.
     * @param maps   the stage's operators, in order, all of them.
     * @param output the end of the chain, lending runs of slots.
     */
    public void slotRuns(final SlotRunSource source, final MapNode[] maps, final SlotRunOutput output)
    {
        if (source != this.source)
        {
            throw new IllegalArgumentException("not this stage's source: " + source);
        }
        this.runSource = source;
        this.runMaps = maps.clone();
        this.runOutput = output;
        this.runFilled = maps.length == 0 ? null : maps.length == 1 ? this::mapFilledSlotByOne : this::mapFilledSlot;
    }

    /**
     * Hands the ring-fed stage's records to a batch node in runs ({@link ShardBatchNode#takeRun}) instead of one call
     * down the chain per record: the stage's chain is {@code maps}, then {@code node}, which
     * {@link ShardBatchNode#takesRuns() takes runs}. Set before start.
     *
     * @param maps the maps (or updates) fused ahead of the node, in order, all of them; empty if none.
     * @param node the stage's batch node.
     */
    public void batchRuns(final MapNode[] maps, final ShardBatchNode node)
    {
        if (source != null || !node.takesRuns())
        {
            throw new IllegalArgumentException("runs need a ring-fed stage and a batch node that takes them: " +
                node.name());
        }
        this.runHeadMaps = maps.clone();
        this.runHead = node;
    }

    /**
     * @param checkpoint this shard's checkpointing, set before start (null: no checkpoints).
     */
    public void checkpoint(final dev.rill.engine.internal.checkpoint.StageCheckpoint checkpoint)
    {
        this.checkpoint = checkpoint;
    }

    /**
     * @param roleName  thread and agent name.
     * @param runtime   shared run state.
     * @param source    the source, or null for a stage fed by rings.
     * @param inputs    input rings (empty for a source stage).
     * @param head      first link of the fused chain (the output itself if there are no operators).
     * @param output    the chain's end.
     * @param reserve   ring slots one input may need downstream.
     * @param batchSize the most inputs per duty cycle.
     * @param cpu       CPU to pin the thread to in {@link #onStart()}, or -1.
     * @param config    the pipeline's config: clock, batch time, watermark settings.
     * @param needsWatermarks true if some stage consumes watermarks: otherwise none are made or forwarded.
     */
    public StageAgent(
        final String roleName,
        final PipelineRuntime runtime,
        final SourceReader source,
        final RingInput[] inputs,
        final EventSink head,
        final Output output,
        final int reserve,
        final int batchSize,
        final int cpu,
        final PipelineConfig config,
        final boolean needsWatermarks)
    {
        this.config = config;
        this.clock = config.clock();
        this.needsWatermarks = needsWatermarks;
        this.inputWatermarksNs = new long[inputs.length][];
        for (int i = 0; i < inputs.length; i++)
        {
            inputWatermarksNs[i] = new long[inputs[i].producers()];
            Arrays.fill(inputWatermarksNs[i], Long.MIN_VALUE);
        }
        this.roleName = roleName;
        this.runtime = runtime;
        this.source = source;
        this.inputs = inputs.clone();
        this.head = head;
        this.output = output;
        this.reserve = reserve;
        this.batchSize = batchSize;
        this.cpu = cpu;
        int ends = source == null ? 0 : 1;
        for (final RingInput input : inputs)
        {
            ends += input.producers();
        }
        this.endsPending = ends;
        this.sourceInto = new EventSink()
        {
            @Override
            public void onEvent(final Event event)
            {
                if (tracker != null)
                {
                    track(event.sourcePartition(), event.eventTimeNs());
                }
                countIn();
                output.beginInput();
                head.onEvent(event);
            }

            @Override
            public void onWatermark(final long watermarkNs)
            {
                // the stage makes the source's watermark itself
            }

            @Override
            public void onBatchEnd(final long batchTimeMs)
            {
                // sources do not batch
            }

            @Override
            public void onEndOfStream()
            {
                // the stage ends the stream itself when the source is exhausted
            }
        };
    }

    @Override
    public void onStart()
    {
        if (cpu >= 0)
        {
            Affinity.setAffinity(cpu);
        }
        if (source != null)
        {
            source.onStart();
            if (needsWatermarks && config.batchTime() == BatchTime.EVENT_TIME)
            {
                tracker = new WatermarkTracker(source.partitions(), config.maxOutOfOrdernessMs(),
                    config.idleTimeoutMs(), clock.time());
                runTimes = this::track;
            }
        }
        if (checkpoint != null)
        {
            checkpoint.restore();
        }
    }

    @Override
    public int doWork() throws Exception
    {
        if (runtime.isAborted())
        {
            throw new AgentTerminationException("pipeline aborted");
        }
        try
        {
            return work();
        }
        catch (final AgentTerminationException ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            runtime.fail(roleName, ex);
            throw new AgentTerminationException(ex);
        }
        finally
        {
            // single-producer rings publish the cycle's outputs here, once; after a failure only the complete ones
            output.flush();
        }
    }

    private int work() throws Exception
    {
        int work = 0;
        if (checkpoint != null && checkpoint.pausedForDownstream())
        {
            return 0; // forwarded a barrier into a multi-producer ring: nothing more until its consumer aligned it
        }
        if (needsWatermarks)
        {
            nowMs = clock.time();
        }
        if (source != null && !sourceEnded)
        {
            if (runtime.isDrainRequested())
            {
                endSource();
                work++;
            }
            else
            {
                if (checkpoint != null && inputsAvailable() > 0)
                {
                    work += checkpoint.injectDue(clock.time());
                }
                final int max = Math.min(batchSize, inputsAvailable());
                if (max > 0)
                {
                    final int read;
                    try
                    {
                        read = runOutput != null ? pollSlotRuns(max) : source.poll(sourceInto, max);
                    }
                    finally
                    {
                        endRun();
                    }
                    work += read;
                    // only a short read can mean the end: keeps the end check (a log index lookup) off busy cycles
                    if (read < max && source.isExhausted())
                    {
                        endSource();
                        work++;
                    }
                }
            }
        }
        for (int i = 0; i < inputs.length; i++)
        {
            final int max = Math.min(batchSize, inputsAvailable());
            if (max == 0)
            {
                break;
            }
            if (checkpoint != null && checkpoint.isBlocked(i))
            {
                continue;
            }
            currentInput = i;
            work += pollInput(inputs[i], max);
        }
        if (checkpoint != null)
        {
            work += checkpoint.completeIfAligned(output.inputsAvailable(reserve) > 0);
        }
        if (needsWatermarks)
        {
            work += advanceWatermark();
        }
        EVENTS_IN_PUBLISHED.setRelease(this, eventsIn);
        // with watermarks, the end of time goes down the chain (flushing every pending batch) before the end marker
        if (endsPending == 0 && (!needsWatermarks || emittedWatermarkNs == Long.MAX_VALUE) && output.canEnd())
        {
            head.onEndOfStream();
            throw new AgentTerminationException("end of stream");
        }
        return work;
    }

    /** A source event for the watermark tracker: the partition run it extends, or a new run. */
    private void track(final int partition, final long eventTimeNs)
    {
        if (isRunOpen && partition == runPartition)
        {
            if (eventTimeNs > runMaxEventTimeNs)
            {
                runMaxEventTimeNs = eventTimeNs;
            }
        }
        else
        {
            endRun();
            tracker.onEvent(partition, eventTimeNs, nowMs);
            isRunOpen = true;
            runPartition = partition;
            runMaxEventTimeNs = eventTimeNs;
        }
    }

    /**
     * The slot-run path: runs of ring slots claimed from the output, the source writing its records straight into
     * them and reporting their event times, every operator mapping each slot in place as soon as it is filled, then
     * the run committed: all of it, or if an operator throws, the slots before the one it failed on.
     *
     * @param max the most inputs to take.
     * @return records read.
     */
    private int pollSlotRuns(final int max)
    {
        int read = 0;
        while (read < max)
        {
            final int claimed = runOutput.claimRun(max - read);
            final RingBuffer<Event> ring = runOutput.runRing();
            final long first = runOutput.runFirstSequence();
            runMapped = 0;
            int filled = 0;
            try
            {
                filled = runSource.pollIntoSlots(ring, first, claimed, runTimes, runFilled);
            }
            finally
            {
                runOutput.commitRun(runFilled == null ? filled : runMapped);
            }
            read += filled;
            if (filled < claimed)
            {
                break;
            }
        }
        eventsIn += read;
        return read;
    }

    /** Every map, in order, rewrites a slot the source has just filled. */
    private void mapFilledSlot(final Event slot)
    {
        for (final MapNode map : runMaps)
        {
            map.mapSlot(slot);
        }
        runMapped++;
    }

    /** {@link #mapFilledSlot} for a stage of one map, without the loop. */
    private void mapFilledSlotByOne(final Event slot)
    {
        runMaps[0].mapSlot(slot);
        runMapped++;
    }

    /** Hands the tracker the greatest event time of the current partition run (the clock is the same all cycle). */
    private void endRun()
    {
        if (isRunOpen)
        {
            isRunOpen = false;
            tracker.onEvent(runPartition, runMaxEventTimeNs, nowMs);
        }
    }

    private int advanceWatermark()
    {
        long watermarkNs = Long.MAX_VALUE;
        if (source != null && !sourceEnded)
        {
            watermarkNs = tracker != null ? tracker.watermarkNs(nowMs) : nowMs * 1_000_000L;
        }
        for (final long[] producers : inputWatermarksNs)
        {
            for (final long producerWatermarkNs : producers)
            {
                watermarkNs = Math.min(watermarkNs, producerWatermarkNs);
            }
        }
        if (watermarkNs > emittedWatermarkNs && output.canEnd())
        {
            emittedWatermarkNs = watermarkNs;
            PUBLISHED_WATERMARK_NS.setRelease(this, watermarkNs);
            head.onWatermark(watermarkNs);
            return 1;
        }
        return 0;
    }

    /**
     * @return the last watermark this shard forwarded, nanoseconds ({@link Long#MIN_VALUE} before the first);
     * readable from any thread.
     */
    public long watermarkNs()
    {
        return (long)PUBLISHED_WATERMARK_NS.getAcquire(this);
    }

    /**
     * Inputs the stage may take now. With watermarks, one input's room is kept back: otherwise a consumer that is just
     * keeping up leaves the ring full after every cycle, the watermark never fits, and downstream time stands still
     * (events pile up ahead of it in the batch operators).
     */
    private int inputsAvailable()
    {
        final int available = output.inputsAvailable(reserve);
        return needsWatermarks && available > 0 ? available - 1 : available;
    }

    private void endSource()
    {
        if (checkpoint != null)
        {
            checkpoint.sourceEnded();
        }
        sourceEnded = true;
        endsPending--;
    }

    /**
     * An end marker, a barrier or a watermark from the current input.
     *
     * @return false if the stage must take nothing more from this input in this cycle (a barrier, when
     * checkpointing: the input is blocked until the others align).
     */
    private boolean onMarker(final Event event)
    {
        final EventKind kind = event.kind();
        if (kind == EventKind.END_OF_STREAM)
        {
            endsPending--;
            inputWatermarksNs[currentInput][(int)event.key()] = Long.MAX_VALUE;
            if (checkpoint != null)
            {
                checkpoint.onInputEnded(currentInput, (int)event.key());
            }
        }
        else if (kind == EventKind.BARRIER)
        {
            if (checkpoint != null)
            {
                checkpoint.onBarrier(currentInput, (int)event.key(), event.long0());
                return false;
            }
        }
        else if (kind == EventKind.WATERMARK)
        {
            final long[] producers = inputWatermarksNs[currentInput];
            final int producer = (int)event.key();
            producers[producer] = Math.max(producers[producer], event.eventTimeNs());
        }
        return true;
    }

    /**
     * Takes up to {@code max} slots of one input ring, in order, with its counts in locals (not in fields updated per
     * event). The ring's cursor is read once. On a single-producer ring every slot up to it is complete
     * ({@link RingWriter} lets the sequencer expose committed slots only); on a multi-producer ring the cursor is the
     * highest slot claimed, so the turn ends before the first slot not yet published ({@link RingBuffer#isAvailable}).
     * With {@link #batchRuns}, the records go to the batch node in counted loops ({@link ShardBatchNode#takeRun}:
     * those of its open batch; {@link ShardBatchNode#takeMappedRun}, with maps ahead: every record up to the next
     * marker, the maps applied there); any other record goes down the chain. Markers go to {@link #onMarker}. The
     * consumed sequence moves past the last slot handled, also when one fails.
     *
     * @return slots handled (events and markers).
     */
    private int pollInput(final RingInput input, final int max)
    {
        if (input.packed() != null)
        {
            return pollPacked(input, max);
        }
        final Sequence consumed = input.consumed();
        final RingBuffer<Event> ring = input.ring();
        final ShardBatchNode runHead = this.runHead;
        final MapNode[] runHeadMaps = this.runHeadMaps;
        final long current = consumed.get();
        long last = Math.min(ring.getCursor(), current + max);
        if (input.producers() > 1)
        {
            last = lastPublished(ring, current + 1, last);
        }
        long sequence = current + 1;
        int data = 0;
        try
        {
            while (sequence <= last)
            {
                if (runHead != null)
                {
                    try
                    {
                        if (runHeadMaps.length == 0)
                        {
                            runHead.takeRun(ring, sequence, last);
                        }
                        else
                        {
                            runHead.takeMappedRun(ring, sequence, last, runHeadMaps);
                        }
                    }
                    finally
                    {
                        final long end = runHead.runEnd();
                        data += (int)(end - sequence);
                        sequence = end;
                    }
                    if (sequence > last)
                    {
                        break;
                    }
                }
                final Event event = ring.get(sequence);
                if (event.kind() == EventKind.DATA)
                {
                    data++;
                    output.beginInput();
                    head.onEvent(event);
                }
                else if (!onMarker(event))
                {
                    sequence++;
                    break;
                }
                sequence++;
            }
        }
        finally
        {
            endPoll(consumed, current, sequence, data);
        }
        return (int)(sequence - 1 - current);
    }

    /**
     * The end of a ring poll, also one that failed: counts the data records taken and moves the consumed sequence past
     * the last slot handled ({@code sequence - 1}), if any.
     */
    private void endPoll(final Sequence consumed, final long current, final long sequence, final int data)
    {
        eventsIn += data;
        if (sequence - 1 > current)
        {
            consumed.set(sequence - 1);
        }
    }

    /**
     * A packed ring ({@link RingInput}): each DATA slot's records go down the chain one by one in the input's scratch
     * event, whole slots at a time until {@code max} records have gone (the operators a packed ring feeds emit only at
     * batch ends, so the few records past {@code max} open no outputs); markers as from any ring. The consumed
     * sequence moves past the last slot handled, also when a record fails (then its slot stays unconsumed, as a
     * failing event's does).
     *
     * @return records and markers taken.
     */
    private int pollPacked(final RingInput input, final int max)
    {
        final Sequence consumed = input.consumed();
        final RingBuffer<Event> ring = input.ring();
        final PackedRecords packed = input.packed();
        final Event record = input.record();
        final ShardBatchNode runHead = this.runHead;
        final long current = consumed.get();
        final long last = ring.getCursor();
        long sequence = current + 1;
        int data = 0;
        int markers = 0;
        try
        {
            while (sequence <= last && data < max)
            {
                final Event slot = ring.get(sequence);
                if (slot.kind() == EventKind.DATA)
                {
                    final long records = packed.slotAddress(sequence);
                    final int n = (int)slot.long0();
                    final String sourceName = slot.sourceName();
                    final int partition = slot.sourcePartition();
                    int j = 0;
                    if (runHead != null)
                    {
                        j = runHead.takePacked(records, n, record, sourceName, partition);
                        data += j;
                    }
                    for (long at = records + (long)j * PackedRecords.RECORD_LENGTH; j < n;
                        j++, at += PackedRecords.RECORD_LENGTH)
                    {
                        record.key(PackedRecords.key(at)).long0(PackedRecords.long0(at))
                            .eventTimeNs(PackedRecords.eventTimeNs(at))
                            .source(sourceName, partition, PackedRecords.sourceOffset(at));
                        data++;
                        output.beginInput();
                        head.onEvent(record);
                    }
                }
                else
                {
                    markers++;
                    if (!onMarker(slot))
                    {
                        sequence++;
                        break;
                    }
                }
                sequence++;
            }
        }
        finally
        {
            endPoll(consumed, current, sequence, data);
        }
        return data + markers;
    }

    /**
     * @return the last of the slots {@code from..upTo} of a multi-producer ring before the first one not yet published
     * ({@code from - 1} if that is {@code from}).
     */
    private static long lastPublished(final RingBuffer<Event> ring, final long from, final long upTo)
    {
        long sequence = from;
        while (sequence <= upTo && ring.isAvailable(sequence))
        {
            sequence++;
        }
        return sequence - 1;
    }

    private void countIn()
    {
        eventsIn++;
    }

    /**
     * @return data events taken from the source or input rings, as of the end of the last duty cycle; readable
     * from any thread (released once per duty cycle, not per event, and never with a fence).
     */
    public long eventsIn()
    {
        return (long)EVENTS_IN_PUBLISHED.getAcquire(this);
    }

    @Override
    public void onClose()
    {
        try
        {
            if (source != null)
            {
                source.close();
            }
        }
        finally
        {
            runtime.stageClosed();
        }
    }

    @Override
    public String roleName()
    {
        return roleName;
    }
}
