package dev.rill.engine.internal.keyed;

import org.agrona.concurrent.EpochClock;

import com.lmax.disruptor.RingBuffer;

import dev.rill.engine.Event;
import dev.rill.engine.EventKind;
import dev.rill.engine.KeyHash;
import dev.rill.engine.PipelineException;
import dev.rill.engine.internal.EventBuffer;
import dev.rill.engine.internal.EventSink;
import dev.rill.engine.internal.Failures;
import dev.rill.engine.internal.MapNode;
import dev.rill.engine.internal.PackedRecords;
import dev.rill.engine.internal.PipelineRuntime;

/**
 * Cuts one shard's input into batches and drives that shard's {@link ShardOperator}: the per-shard counterpart of
 * the single-stage {@code Batcher}, so keyed state and windows run in every shard of a keyed stage.
 * <p>
 * Batch {@code k} holds the records whose time (event time, or the clock when the record arrives, for processing
 * time) is in {@code [k * interval, (k + 1) * interval)}; it ends, {@link ShardOperator#endBatch()}, once the
 * watermark reaches {@code (k + 1) * interval}. The shard starts at its first watermark, at the earlier of that
 * watermark's batch and the earliest record seen before it, aligned down to the operator's slide; from there every
 * batch is ended, empty ones included, in order. Records of the open batch go straight into the operator (the common,
 * in-order case: no copy); records of later batches (out of order within the watermark's bound, or read ahead of
 * the watermark in the same duty cycle) wait in a reused {@link EventBuffer} until their batch opens; records of a
 * batch already ended are late: dropped and counted. At the end of time ({@link Long#MAX_VALUE}) batches are ended up
 * to the last one holding a record plus {@link ShardOperator#trailingBatches()}, so every window holding a record is
 * emitted.
 * <p>
 * Results leave as records with {@code key}, {@code long0}, {@code long1}, {@code long2} = the batch time (its end,
 * ms), event time = batch end - 1 ns (the last instant of the batch: a later event-time batching puts them back in
 * the same batch) and source = (operator name, shard, batch time). After each batch the node forwards the watermark
 * {@code batch end}: downstream stages (a gather, a re-batching print) see time advance exactly as batches complete.
 * <p>
 * A record whose key does not belong to this shard ({@link KeyHash#shardFor(long, int)}; a map changed the key after
 * the shuffle) fails the operator: its state would be split across shards. One stage thread; allocation-free per
 * record once the wait buffer has grown.
 */
public final class ShardBatchNode implements EventSink, ResultEmitter,
    dev.rill.engine.internal.checkpoint.StateParticipant
{
    /**
     * @return whether the operator can be checkpointed.
     */
    public boolean isCheckpointable()
    {
        return operator.isCheckpointable();
    }

    /**
     * @return the operator's name.
     */
    public String name()
    {
        return name;
    }

    @Override
    public String stateName()
    {
        return "keyed:" + name;
    }

    @Override
    public String shape()
    {
        return name + "(" + operator.shape() + ")";
    }

    /**
     * Checkpoint section: {@code byte started | long nextBatch | long minPendingBatch | long maxBatch | long forwardedNs
     * | long openBatchTimeMs | the records waiting for a later batch (EventBuffer.writeTo) | the operator's state}.
     */
    @Override
    public int writeState(final org.agrona.ExpandableArrayBuffer o, final int offset)
    {
        o.putByte(offset, (byte)(started ? 1 : 0));
        o.putLong(offset + 1, nextBatch);
        o.putLong(offset + 9, minPendingBatch);
        o.putLong(offset + 17, maxBatch);
        o.putLong(offset + 25, forwardedNs);
        o.putLong(offset + 33, openBatchTimeMs);
        return operator.writeState(o, pending.writeTo(o, offset + 41));
    }

    @Override
    public void readState(final org.agrona.DirectBuffer in, final int offset, final int length)
    {
        started = in.getByte(offset) == 1;
        nextBatch = in.getLong(offset + 1);
        minPendingBatch = in.getLong(offset + 9);
        maxBatch = in.getLong(offset + 17);
        forwardedNs = in.getLong(offset + 25);
        openBatchTimeMs = in.getLong(offset + 33);
        openBatchNs();
        final int at = pending.readFrom(in, offset + 41, out);
        final int end;
        try
        {
            end = operator.readState(in, at);
        }
        catch (final IllegalArgumentException | IndexOutOfBoundsException ex)
        {
            throw new IllegalStateException("keyed:" + name + ": the checkpointed state does not fit this operator (" +
                operator.shape() + "): " + ex.getMessage(), ex);
        }
        if (end != offset + length)
        {
            throw new IllegalStateException("keyed:" + name + ": the checkpointed state has " + length + " bytes, " +
                "the operator (" + operator.shape() + ") read " + (end - offset));
        }
    }

    private final String name;
    private final ShardOperator operator;
    private final boolean eventTime;
    private final long intervalMs;
    private final long intervalNs;
    private final EpochClock clock;
    private final PipelineRuntime runtime;
    private final int shard;
    private final int shards;
    private final EventSink next;
    private final EventBuffer pending = new EventBuffer();
    private final Event out = new Event();
    private final boolean takesRuns;
    /** Keyed operator on one of several shards: every record's key must hash to this shard. */
    private final boolean checksShard;
    private boolean started;
    private boolean closed;
    private long nextBatch;
    private long minPendingBatch = Long.MAX_VALUE;
    private long maxBatch = Long.MIN_VALUE;
    private long forwardedNs = Long.MIN_VALUE;
    private long openBatchTimeMs;
    /** Event time, once started: batch {@link #nextBatch} is [openStartNs, openEndNs) in nanoseconds. */
    private long openStartNs;
    private long openEndNs;
    private long runEnd;

    /**
     * @param name       operator name, for errors and the results' source.
     * @param factory    makes the shard's operator.
     * @param eventTime  true to cut by event time, false by the clock.
     * @param intervalMs batch interval, milliseconds.
     * @param clock      the wall clock (processing time).
     * @param runtime    where late records are counted.
     * @param shard      this shard's index.
     * @param shards     shards of the stage.
     * @param next       the next link.
     */
    public ShardBatchNode(final String name, final ShardOperatorFactory factory, final boolean eventTime,
        final long intervalMs, final EpochClock clock, final PipelineRuntime runtime, final int shard,
        final int shards, final EventSink next)
    {
        this.name = name;
        this.eventTime = eventTime;
        this.intervalMs = intervalMs;
        this.intervalNs = intervalMs * 1_000_000L;
        this.clock = clock;
        this.runtime = runtime;
        this.shard = shard;
        this.shards = shards;
        this.next = next;
        this.operator = factory.create(intervalMs, this);
        this.checksShard = shards > 1 && operator.isKeyed();
        this.takesRuns = eventTime && factory.emitsOnlyAtBatchEnd();
    }

    /**
     * @return whether {@link #takeRun} and {@link #takeMappedRun} can take records: batches cut by event time, and an
     * operator that emits nothing per record (so the stage need not open an input on its output for each record).
     */
    public boolean takesRuns()
    {
        return takesRuns;
    }

    /**
     * {@link #takeRun} with maps or updates fused ahead of this node: takes slots {@code first..last} of the stage's
     * input ring while each is a data record. Each is first rewritten in place by the maps (the stage owns its input's
     * slots until it has consumed them), then a record of the open batch (event time, once started) whose key is this
     * shard's goes straight into the operator, any other the way {@link #onEvent} takes it (waiting for its batch,
     * late, or failing for a key of another shard): a slot the maps rewrote must not go down the chain again. Stops
     * at the first marker. Only for {@link #takesRuns()}.
     * <p>
     * {@link #runEnd()} then gives the sequence after the last slot taken, also when a map or the operator failed on
     * a record (thrown as a {@link PipelineException} naming the operator and the record, that slot not taken).
     *
     * @param ring  the stage's input ring.
     * @param first the first slot to look at.
     * @param last  the last slot published.
     * @param maps  the maps (or updates) fused ahead of this node, in order; at least one.
     */
    public void takeMappedRun(final RingBuffer<Event> ring, final long first, final long last, final MapNode[] maps)
    {
        long sequence = first;
        int inOpenBatch = 0;
        try
        {
            final boolean open = started;
            final long startNs = openStartNs;
            final long endNs = openEndNs;
            final boolean checksShard = this.checksShard;
            final ShardOperator operator = this.operator;
            // one map (W1's notional) is called straight: through the loop over a one-element array, W1's window
            // stage took about 1 ns more per event, stepped (13.5-14.4 against 12.5-13.1 ns, alternated jars)
            final MapNode onlyMap = maps.length == 1 ? maps[0] : null;
            for (; sequence <= last; sequence++)
            {
                final Event event = ring.get(sequence);
                if (event.kind() != EventKind.DATA)
                {
                    break;
                }
                if (onlyMap != null)
                {
                    onlyMap.mapSlot(event);
                }
                else
                {
                    for (final MapNode map : maps)
                    {
                        map.mapSlot(event);
                    }
                }
                final long timeNs = event.eventTimeNs();
                if (open && timeNs >= startNs && timeNs < endNs &&
                    (!checksShard || KeyHash.shardFor(event.key(), shards) == shard))
                {
                    inOpenBatch++;
                    record(operator, event);
                }
                else
                {
                    onEvent(event); // a later batch's, a late one, or a key of another shard: never the open batch's
                }
            }
        }
        finally
        {
            if (inOpenBatch > 0 && nextBatch > maxBatch)
            {
                maxBatch = nextBatch;
            }
            runEnd = sequence;
        }
    }

    /**
     * A ring-fed stage's records as one counted loop, called by the stage's ring loop instead of one call down the
     * chain per record: takes slots {@code first..last} of the stage's input ring straight into the operator while
     * each is a data record of the open batch (event time, once started) whose key is this shard's, and stops at the
     * first slot {@link #onEvent} must see instead (a marker, a record of another batch, a key of another shard),
     * which the stage then handles. For a node with nothing fused ahead of it ({@link #takeMappedRun} otherwise); only
     * for {@link #takesRuns()}. The loop holds nothing else: with the other records' path inside it, W1's window stage
     * took about 1 ns more per event.
     * <p>
     * {@link #runEnd()} then gives the sequence after the last slot taken, also when the operator failed on a record
     * (thrown as a {@link PipelineException} naming the operator and the record, that slot not taken).
     *
     * @param ring  the stage's input ring.
     * @param first the first slot to look at.
     * @param last  the last slot published.
     */
    public void takeRun(final RingBuffer<Event> ring, final long first, final long last)
    {
        long sequence = first;
        try
        {
            if (!started)
            {
                return;
            }
            final long startNs = openStartNs;
            final long endNs = openEndNs;
            final boolean checksShard = this.checksShard;
            final ShardOperator operator = this.operator;
            for (; sequence <= last; sequence++)
            {
                final Event event = ring.get(sequence);
                final long timeNs = event.eventTimeNs();
                if (event.kind() != EventKind.DATA || timeNs < startNs || timeNs >= endNs ||
                    (checksShard && KeyHash.shardFor(event.key(), shards) != shard))
                {
                    break;
                }
                record(operator, event);
            }
            if (sequence > first && nextBatch > maxBatch)
            {
                maxBatch = nextBatch;
            }
        }
        finally
        {
            runEnd = sequence;
        }
    }

    /**
     * {@link #takeRun} over the records of one slot of a packed ring ({@code dev.rill.engine.internal.RingInput}):
     * each record of the open batch (and of this shard) goes to the operator in {@code record}, from the first, up to
     * the first that is not; the caller hands that one and the rest on one by one ({@link #onEvent}).
     *
     * @param records    the address of the slot's records ({@code PackedRecords#slotAddress}).
     * @param n          records in the slot.
     * @param record     the scratch event each record is handed on in.
     * @param sourceName the records' source name.
     * @param partition  the records' source partition.
     * @return records taken.
     */
    public int takePacked(final long records, final int n, final Event record, final String sourceName,
        final int partition)
    {
        if (!started)
        {
            return 0;
        }
        final long startNs = openStartNs;
        final long endNs = openEndNs;
        final boolean checksShard = this.checksShard;
        final ShardOperator operator = this.operator;
        int j = 0;
        for (long at = records; j < n; j++, at += PackedRecords.RECORD_LENGTH)
        {
            final long key = PackedRecords.key(at);
            final long timeNs = PackedRecords.eventTimeNs(at);
            if (timeNs < startNs || timeNs >= endNs || (checksShard && KeyHash.shardFor(key, shards) != shard))
            {
                break;
            }
            record(operator, record.key(key).long0(PackedRecords.long0(at)).eventTimeNs(timeNs)
                .source(sourceName, partition, PackedRecords.sourceOffset(at)));
        }
        if (j > 0 && nextBatch > maxBatch)
        {
            maxBatch = nextBatch;
        }
        return j;
    }

    /**
     * @return the sequence after the last slot the last {@link #takeRun} or {@link #takeMappedRun} took.
     */
    public long runEnd()
    {
        return runEnd;
    }

    @Override
    public void onEvent(final Event event)
    {
        if (checksShard && KeyHash.shardFor(event.key(), shards) != shard)
        {
            throw new PipelineException(name, event.sourceName(), event.sourcePartition(), event.sourceOffset(),
                "key " + event.key() + " belongs to shard " + KeyHash.shardFor(event.key(), shards) + " of " +
                shards + ", not to shard " + shard + ": keyed operators need the key unchanged since the last " +
                "repartition", null);
        }
        if (eventTime && started && event.eventTimeNs() >= openStartNs && event.eventTimeNs() < openEndNs)
        {
            // the open batch: what the division below would find
            if (nextBatch > maxBatch)
            {
                maxBatch = nextBatch;
            }
            record(event);
            return;
        }
        final long batch = eventTime ? Math.floorDiv(event.eventTimeNs(), intervalNs) :
            Math.floorDiv(clock.time(), intervalMs);
        if (started && batch < nextBatch)
        {
            runtime.lateEvent();
            return;
        }
        if (batch > maxBatch)
        {
            maxBatch = batch;
        }
        if (started && batch == nextBatch)
        {
            record(event);
        }
        else
        {
            if (batch < minPendingBatch)
            {
                minPendingBatch = batch;
            }
            pending.add(event, batch);
        }
    }

    private void record(final Event event)
    {
        record(operator, event);
    }

    private void record(final ShardOperator operator, final Event event)
    {
        try
        {
            operator.onRecord(event);
        }
        catch (final RuntimeException ex)
        {
            throw Failures.userFunction(name, event, ex);
        }
    }

    @Override
    public void onWatermark(final long watermarkNs)
    {
        if (watermarkNs == Long.MIN_VALUE)
        {
            return;
        }
        if (!started)
        {
            if (watermarkNs == Long.MAX_VALUE && pending.size() == 0)
            {
                forward(Long.MAX_VALUE);
                return;
            }
            long first = watermarkNs == Long.MAX_VALUE ? minPendingBatch :
                Math.min(Math.floorDiv(watermarkNs, intervalNs), minPendingBatch);
            final long alignment = operator.batchAlignment();
            first = Math.floorDiv(first, alignment) * alignment;
            started = true;
            nextBatch = first;
            openBatchTimeMs = (nextBatch + 1) * intervalMs;
            openBatchNs();
            replayPending();
        }
        final long last;
        if (watermarkNs == Long.MAX_VALUE)
        {
            last = maxBatch == Long.MIN_VALUE ? nextBatch - 1 : maxBatch + operator.trailingBatches();
        }
        else
        {
            last = Math.floorDiv(watermarkNs, intervalNs) - 1;
        }
        while (nextBatch <= last)
        {
            endBatch();
        }
        forward(watermarkNs == Long.MAX_VALUE ? Long.MAX_VALUE : nextBatch * intervalNs);
    }

    /**
     * Event time: the open batch's bounds in nanoseconds, so that an event in it (nearly every event of an in-order
     * input) is recognised by two comparisons instead of a 64-bit division.
     */
    private void openBatchNs()
    {
        if (eventTime)
        {
            openStartNs = nextBatch * intervalNs;
            openEndNs = openStartNs > Long.MAX_VALUE - intervalNs ? Long.MAX_VALUE : openStartNs + intervalNs;
        }
    }

    private void endBatch()
    {
        try
        {
            operator.endBatch();
        }
        catch (final PipelineException ex)
        {
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            throw new PipelineException(name, "on the batch of time " + openBatchTimeMs + " ms (shard " + shard +
                "): " + ex, ex);
        }
        nextBatch++;
        openBatchTimeMs = (nextBatch + 1) * intervalMs;
        openBatchNs();
        if (pending.size() > 0 && minPendingBatch <= nextBatch)
        {
            replayPending();
        }
    }

    /** Feeds the waiting records of the open batch to the operator, in arrival order. */
    private void replayPending()
    {
        final EventBuffer pending = this.pending;
        if (pending.size() == 0)
        {
            return;
        }
        long min = Long.MAX_VALUE;
        boolean any = false;
        for (int i = 0; i < pending.size(); i++)
        {
            final long batch = pending.tag(i);
            if (batch == nextBatch)
            {
                any = true;
                record(pending.get(i));
            }
            else if (batch > nextBatch && batch < min)
            {
                min = batch;
            }
        }
        if (any)
        {
            pending.removeTag(nextBatch);
        }
        minPendingBatch = min;
    }

    private void forward(final long watermarkNs)
    {
        if (watermarkNs > forwardedNs)
        {
            forwardedNs = watermarkNs;
            next.onWatermark(watermarkNs);
        }
    }

    @Override
    public void emit(final long key, final long value0, final long value1)
    {
        final long batchTimeMs = openBatchTimeMs;
        out.clear(name, shard, batchTimeMs).key(key).long0(value0).long1(value1).long2(batchTimeMs)
            .eventTimeNs(batchTimeMs * 1_000_000L - 1);
        next.onEvent(out);
    }

    @Override
    public Event claimResult()
    {
        final long batchTimeMs = openBatchTimeMs;
        return out.clear(name, shard, batchTimeMs).eventTimeNs(batchTimeMs * 1_000_000L - 1);
    }

    @Override
    public void emitResult()
    {
        next.onEvent(out);
    }

    @Override
    public void onBatchEnd(final long batchTimeMs)
    {
        throw new IllegalStateException(name + ": keyed operators take records, not batches: put them before the " +
            "first batch operation");
    }

    @Override
    public void onEndOfStream()
    {
        if (!closed)
        {
            closed = true;
            operator.close();
        }
        next.onEndOfStream();
    }
}
