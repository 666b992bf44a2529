package dev.rill.engine.internal;

import org.agrona.concurrent.AgentTerminationException;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;

import dev.rill.engine.Event;
import dev.rill.engine.EventKind;
import dev.rill.engine.PipelineException;

/**
 * Writes a stage's outputs into one downstream ring.
 * <p>
 * On a <b>single-producer</b> ring the slots of a duty cycle are claimed one by one, filled, and published together
 * by {@link #flush()} (the stage calls it at the end of every duty cycle, also when the cycle fails): one cursor
 * store per cycle instead of one per event, so the consumer's core is not sent the cursor's cache line per event.
 * A marker (watermark, barrier, end) publishes everything before it at once. The slot being filled when an
 * operator fails is never published: {@link #flush()} publishes only the slots filled completely
 * ({@link #commitSlot()}), and a claimed slot that was not committed is handed out again by the next claim (a
 * single-producer sequence publishes every slot below it, so a later claim must never pass it). The last operator of
 * the chain may fill the claimed slot in place ({@link #claimSlot(Event)}), saving a copy.
 * <p>
 * Sequences are taken from the ring in runs of up to {@link #MAX_CLAIM_RUN} ({@code tryNext(n)}) and handed out one
 * by one from there: the sequencer's claim (a read-modify-write of its position, a capacity check, and under
 * backpressure a volatile cursor store and a read of the consumer's sequence) is paid once per run, not per event.
 * Sequences of a run not handed out yet are room the writer still owns: {@link #inputsAvailable(int)} and
 * {@link #canEnd()} count them, and nothing publishes them before they are filled and committed. A run is taken
 * only when every sequence of the last one was committed, so the Disruptor's own cursor store in {@code tryNext}
 * (when it refreshes its gating cache) exposes complete slots only.
 * <p>
 * A source stage whose operators are all one-to-one takes the slots of the current run in bulk instead
 * ({@link SlotRunOutput}: {@link #claimRun(int)}, {@link #commitRun(int)}), single producer only.
 * <p>
 * On a <b>multi-producer</b> ring each output is claimed, copied and published in {@code finally} at once (a slot
 * left unpublished there would hold up the other producers' slots behind it).
 * <p>
 * Into a <b>packed</b> ring ({@link RingInput}: single producer) the writer appends each output's {@code key}, {@code
 * long0}, event time and source offset to the open slot's records ({@link PackedRecords}, off-heap), and commits the
 * slot when it holds {@link PackedRecords#PACK} records, when the next record comes from another source or partition
 * (the slot carries those once), before any marker, and at the second {@link #flush()} it stays open through: a record
 * waits for its slot's company at most to the end of the next duty cycle, and markers keep their order. (Committing at
 * every flush would leave a stage that is held back by a full ring, and so takes a few inputs a cycle, writing slots of
 * one or two records, which fill the ring with fewer records still.) Nothing else of the event crosses. The slots it
 * lends, one ({@link #claimSlot}) or a run ({@link #claimRun}), are events of a small staging ring of its own, packed
 * when committed: the source's slot-run path and an in-place map work as on any single-producer ring. {@link
 * #inputsAvailable(int)} counts records, keeping one slot free for a marker.
 * <p>
 * The stage asks {@link #inputsAvailable(int)} before it takes an input, so on a single-producer ring a claim never
 * waits. On a multi-producer ring another producer may take the room between that check and the claim; then the
 * claim retries (yielding, and giving up when the pipeline aborts). Nothing is dropped. One writer thread.
 */
public final class RingWriter implements Output, SlotOutput, SlotRunOutput
{
    /** Most sequences taken from a single-producer ring at once (the hand-written Disruptor loop's claim size). */
    static final int MAX_CLAIM_RUN = 64;
    /** Events of a packed ring's staging ring: the longest run lent at once. */
    private static final int STAGING = 64;
    /** Most records in a slot of a packed ring. */
    private static final int PACK = PackedRecords.PACK;

    private final RingBuffer<Event> ring;
    private final String ringName;
    private final PipelineRuntime runtime;
    private final int maxOutputsPerInput;
    private final String fanOutOperator;
    private final int producerId;
    private final boolean isSingleProducer;
    private int emitted;
    /** Single producer: the claimed slot not committed yet, or -1; the next claim hands it out again. */
    private long claimedSequence = -1;
    /** Single producer: the highest sequence whose slot is complete (every one below it is too). */
    private long committedSequence = -1;
    /** Single producer: the highest sequence published. */
    private long publishedSequence = -1;
    /** Single producer: the next sequence of the current run to hand out; past {@link #runLimit}: none left. */
    private long runNext;
    /** Single producer: the last sequence taken from the ring (the end of the current run). */
    private long runLimit = -1;
    private final int claimRun;
    private final int bufferSize;
    /** Single producer: the free count below which {@link #freeSlots()} reads the consumers' position again. */
    private final int refreshBelow;
    /** Single producer: the consumers' position (the minimum gating sequence) as last read. */
    private long knownConsumed = -1;
    /** Packed ring: the slots' records; null for a ring of whole events. */
    private final PackedRecords packed;
    /** Packed ring: the address of the open slot's records. */
    private long packAddress;
    /** Packed ring: records in the open slot ({@link #claimedSequence}), 0 when none is open. */
    private int packCount;
    /** Packed ring: the source name and partition of the open slot's records. */
    private String packSource;
    private int packPartition;
    /** Packed ring: the {@link #flush()}es the open slot has stayed open through. */
    private int packFlushes;
    /** Packed ring: the events lent to the stage ({@link #claimSlot}, {@link #claimRun}), packed when committed. */
    private final RingBuffer<Event> staging;
    /** Packed ring: the next staging sequence to lend; the ones before it are packed. */
    private long stagingNext;

    /**
     * @param ring               the downstream ring.
     * @param ringName           its name in the plan.
     * @param runtime            for the abort flag.
     * @param maxOutputsPerInput outputs allowed per input.
     * @param fanOutOperator     operator blamed when there are more (the stage's last flatMap).
     * @param producerId         this writer's index among the ring's producers, written into its markers.
     * @param isSingleProducer   true if this writer is the ring's only producer (a single-producer ring): slots are
     *                           then published once per {@link #flush()}.
     */
    public RingWriter(final RingBuffer<Event> ring, final String ringName, final PipelineRuntime runtime,
        final int maxOutputsPerInput, final String fanOutOperator, final int producerId, final boolean isSingleProducer)
    {
        this(ring, ringName, runtime, maxOutputsPerInput, fanOutOperator, producerId, isSingleProducer, null);
    }

    /**
     * @param ring               the downstream ring.
     * @param ringName           its name in the plan.
     * @param runtime            for the abort flag.
     * @param maxOutputsPerInput outputs allowed per input.
     * @param fanOutOperator     operator blamed when there are more (the stage's last flatMap).
     * @param producerId         this writer's index among the ring's producers, written into its markers.
     * @param isSingleProducer   true if this writer is the ring's only producer.
     * @param packed             the ring's records if it is packed ({@link RingInput#packed()}), else null.
     */
    public RingWriter(final RingBuffer<Event> ring, final String ringName, final PipelineRuntime runtime,
        final int maxOutputsPerInput, final String fanOutOperator, final int producerId, final boolean isSingleProducer,
        final PackedRecords packed)
    {
        if (packed != null && !isSingleProducer)
        {
            throw new IllegalArgumentException("a packed ring has one producer: " + ringName);
        }
        this.packed = packed;
        // only its slots are used (get by sequence), never its sequencer
        this.staging = packed == null ? null : RingBuffer.createSingleProducer(Event::new, STAGING);
        this.isSingleProducer = isSingleProducer;
        this.producerId = producerId;
        this.ring = ring;
        this.ringName = ringName;
        this.runtime = runtime;
        this.maxOutputsPerInput = maxOutputsPerInput;
        this.fanOutOperator = fanOutOperator;
        this.claimRun = Math.min(MAX_CLAIM_RUN, ring.getBufferSize());
        this.bufferSize = ring.getBufferSize();
        this.refreshBelow = Math.max(1, bufferSize / 4);
    }

    @Override
    public void onEvent(final Event event)
    {
        if (++emitted > maxOutputsPerInput)
        {
            throw fanOut(fanOutOperator, maxOutputsPerInput, event);
        }
        publish(event);
    }

    static PipelineException fanOut(final String operator, final int max, final Event event)
    {
        return new PipelineException(operator, event.sourceName(), event.sourcePartition(), event.sourceOffset(),
            "emitted more than " + max + " events for one input record (PipelineConfig.maxOutputsPerInput)", null);
    }

    /**
     * Copy one event into the ring.
     *
     * @param event the event.
     */
    void publish(final Event event)
    {
        if (packed != null)
        {
            pack(event);
            return;
        }
        if (isSingleProducer)
        {
            slot().copyFrom(event);
            commitClaimed();
            return;
        }
        final long sequence = claim(1);
        try
        {
            ring.get(sequence).copyFrom(event);
        }
        finally
        {
            ring.publish(sequence);
        }
    }

    private void pack(final Event event)
    {
        openPackFor(event);
        PackedRecords.put(packAddress, packCount, event.key(), event.long0(), event.eventTimeNs(),
            event.sourceOffset());
        if (++packCount == PACK)
        {
            commitPack();
        }
    }

    /**
     * Packed ring: an open slot {@code event} may join: the open one, unless its records are from another source or
     * partition (then it is committed), or a new one.
     */
    private void openPackFor(final Event event)
    {
        if (packCount > 0 && (event.sourceName() != packSource || event.sourcePartition() != packPartition))
        {
            commitPack();
        }
        if (packCount == 0)
        {
            slot();
            packAddress = packed.slotAddress(claimedSequence);
            packSource = event.sourceName();
            packPartition = event.sourcePartition();
        }
    }

    /**
     * Packed ring: {@link #pack} of the next {@code count} staging events, a slot's worth at a time: the slot's room
     * is checked once per slot, not per record.
     */
    private void packRun(final int count)
    {
        long next = stagingNext;
        final long end = next + count;
        while (next < end)
        {
            openPackFor(staging.get(next));
            final String source = packSource;
            final int partition = packPartition;
            final long address = packAddress;
            final long limit = Math.min(end, next + (PACK - packCount));
            int n = packCount;
            for (; next < limit; next++, n++)
            {
                final Event event = staging.get(next);
                if (event.sourceName() != source || event.sourcePartition() != partition)
                {
                    break; // openPackFor commits the slot
                }
                PackedRecords.put(address, n, event.key(), event.long0(), event.eventTimeNs(), event.sourceOffset());
            }
            packCount = n;
            stagingNext = next;
            if (n == PACK)
            {
                commitPack();
            }
        }
    }

    /**
     * Packed ring: the open slot becomes a DATA slot of {@link #packCount} records, committed. Its fields are stored
     * only when they change: a slot that held a full DATA slot of the same source a lap ago (nearly every one) is not
     * written at all, so its line is not sent to the consumer's core again.
     */
    private void commitPack()
    {
        final Event slot = ring.get(claimedSequence);
        if (slot.kind() != EventKind.DATA)
        {
            slot.kind(EventKind.DATA); // a marker used this slot a lap ago
        }
        if (slot.long0() != packCount)
        {
            slot.long0(packCount);
        }
        if (slot.sourceName() != packSource || slot.sourcePartition() != packPartition)
        {
            slot.source(packSource, packPartition, 0);
        }
        packCount = 0;
        packFlushes = 0;
        commitClaimed();
    }

    @Override
    public void onEndOfStream()
    {
        publishMarker(EventKind.END_OF_STREAM, Long.MAX_VALUE);
    }

    @Override
    public void onWatermark(final long watermarkNs)
    {
        publishMarker(EventKind.WATERMARK, watermarkNs);
    }

    @Override
    public void onBatchEnd(final long batchTimeMs)
    {
        // EventStream refuses a stage boundary after a batch operator, so a batched chain never ends in a ring.
        throw new IllegalStateException("batch end reached ring " + ringName + ": batched streams do not cross rings");
    }

    /**
     * Publishes a checkpoint barrier ({@code long0} = its id).
     *
     * @param checkpointId the checkpoint.
     */
    public void publishBarrier(final long checkpointId)
    {
        if (isSingleProducer)
        {
            if (packCount > 0)
            {
                commitPack();
            }
            slot().clear().kind(EventKind.BARRIER).long0(checkpointId).key(producerId);
            commitClaimed();
            flush();
            return;
        }
        final long sequence = claim(1);
        try
        {
            ring.get(sequence).clear().kind(EventKind.BARRIER).long0(checkpointId).key(producerId);
        }
        finally
        {
            ring.publish(sequence);
        }
    }

    private void publishMarker(final EventKind kind, final long timeNs)
    {
        if (isSingleProducer)
        {
            if (packCount > 0)
            {
                commitPack();
            }
            slot().clear().kind(kind).eventTimeNs(timeNs).key(producerId);
            commitClaimed();
            flush();
            return;
        }
        final long sequence = claim(1);
        try
        {
            ring.get(sequence).clear().kind(kind).eventTimeNs(timeNs).key(producerId);
        }
        finally
        {
            ring.publish(sequence);
        }
    }

    @Override
    public boolean lendsSlots()
    {
        return isSingleProducer;
    }

    @Override
    public Event claimSlot(final Event input)
    {
        if (++emitted > maxOutputsPerInput)
        {
            throw fanOut(fanOutOperator, maxOutputsPerInput, input);
        }
        return lentSlot();
    }

    /**
     * Single producer: the slot an operator fills next ({@link #claimSlot}, without the fan-out count): a ring slot,
     * or on a packed ring a staging event.
     */
    Event lentSlot()
    {
        return packed == null ? slot() : staging.get(stagingNext);
    }

    /**
     * Single producer: the slot to fill next, claimed now unless the last claimed one was never committed.
     */
    Event slot()
    {
        if (claimedSequence < 0)
        {
            if (runNext > runLimit)
            {
                takeRun();
            }
            claimedSequence = runNext++;
        }
        return ring.get(claimedSequence);
    }

    /**
     * Single producer, every sequence of the last run handed out and committed: takes the next run, a whole one
     * when the sequencer's cached gating sequence says there is room for it (no read of the consumer's sequence),
     * else a single sequence (a nearly full ring, or a stale cache: {@code tryNext} refreshes it).
     */
    private void takeRun()
    {
        final int n = claimRun > 1 && ring.hasAvailableCapacity(claimRun) ? claimRun : 1;
        runLimit = claim(n);
        runNext = runLimit - n + 1;
    }

    /**
     * Single producer: the rest of the current run, or a new one when it is used up; a slot claimed by
     * {@link #slot()} and not committed is handed out again as the run's first.
     */
    @Override
    public int claimRun(final int max)
    {
        if (packed != null)
        {
            // up to the staging ring's end, so the run's events are consecutive there
            return (int)Math.min(max, STAGING - (stagingNext & (STAGING - 1)));
        }
        if (claimedSequence >= 0)
        {
            runNext = claimedSequence; // handed out as runNext++ from this run: step back onto it
            claimedSequence = -1;
        }
        if (runNext > runLimit)
        {
            takeRun();
        }
        return (int)Math.min(max, runLimit - runNext + 1);
    }

    @Override
    public RingBuffer<Event> runRing()
    {
        return packed == null ? ring : staging;
    }

    @Override
    public long runFirstSequence()
    {
        return packed == null ? runNext : stagingNext;
    }

    @Override
    public void commitRun(final int count)
    {
        if (packed != null)
        {
            packRun(count);
            return;
        }
        if (count > 0)
        {
            runNext += count;
            committedSequence = runNext - 1;
        }
    }

    /**
     * @return sequences of the current run not handed out yet: room this writer has taken from the ring but not
     * used.
     */
    private long unusedRun()
    {
        return runLimit - runNext + 1;
    }

    @Override
    public void commitSlot()
    {
        if (packed != null)
        {
            pack(staging.get(stagingNext++));
            return;
        }
        commitClaimed();
    }

    /** Single producer: the claimed ring slot is complete. */
    private void commitClaimed()
    {
        committedSequence = claimedSequence;
        claimedSequence = -1;
    }

    /**
     * Single producer: publishes every committed slot (one cursor store). Multi-producer: nothing waits.
     */
    @Override
    public void flush()
    {
        if (packCount > 0 && ++packFlushes > 1)
        {
            commitPack();
        }
        final long committed = committedSequence;
        if (committed > publishedSequence)
        {
            publishedSequence = committed;
            ring.publish(committed);
        }
    }

    private long claim(final int n)
    {
        while (true)
        {
            try
            {
                return ring.tryNext(n);
            }
            catch (final InsufficientCapacityException ex)
            {
                // Only on a multi-producer ring (see class comment): wait for the consumer, unless stopping.
                if (runtime.isAborted())
                {
                    throw new AgentTerminationException("pipeline aborted while waiting for room in " + ringName);
                }
                Thread.yield();
            }
        }
    }

    @Override
    public int inputsAvailable(final int reserve)
    {
        if (packed != null)
        {
            // records: the open slot's room, then PACK per free slot but one, which stays for a marker
            final long slots = freeSlots() + unusedRun();
            final long records = (slots > 0 ? (slots - 1) * PACK : 0) + (packCount > 0 ? PACK - packCount : 0);
            return (int)Math.min(Integer.MAX_VALUE, records / reserve);
        }
        return (int)Math.min(Integer.MAX_VALUE, (freeSlots() + unusedRun()) / reserve);
    }

    @Override
    public boolean canEnd()
    {
        return freeSlots() + unusedRun() >= 1;
    }

    /**
     * Slots the ring has free for this writer to claim. A single producer counts from the consumers' position as
     * last read, and reads it again (a load of a line the consumer's core writes) only when that leaves less than a
     * quarter of the ring: the stage asks two or three times per duty cycle, and a consumer only ever frees more, so
     * the count is never more than what is free.
     */
    private long freeSlots()
    {
        if (!isSingleProducer)
        {
            return ring.remainingCapacity();
        }
        long free = bufferSize - (runLimit - knownConsumed);
        if (free < refreshBelow)
        {
            knownConsumed = ring.getMinimumGatingSequence();
            free = bufferSize - (runLimit - knownConsumed);
        }
        return free;
    }

    @Override
    public void beginInput()
    {
        emitted = 0;
    }

    /**
     * @return the ring's name in the plan.
     */
    public String ringName()
    {
        return ringName;
    }

    @Override
    public String describe()
    {
        return "ring " + ringName;
    }
}
