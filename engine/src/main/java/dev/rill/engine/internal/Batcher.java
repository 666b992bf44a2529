package dev.rill.engine.internal;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.EpochClock;

import dev.rill.engine.Event;
import dev.rill.engine.internal.checkpoint.StateParticipant;

/**
 * Cuts a stream into batches, as Spark's batch interval does: batch {@code k} holds the events whose time (event
 * time, or the clock when the event arrives for processing-time batches) is in {@code [k * interval,
 * (k + 1) * interval)}; it is passed on, events then {@code onBatchEnd((k + 1) * interval)}, once the watermark
 * reaches its end. Every batch from the earliest one holding an on-time event (or, in processing time, from the
 * first watermark) is emitted, empty ones included, in order. The end of time ({@link Long#MAX_VALUE}) emits every batch
 * up to the last one holding an event.
 * <p>
 * An event whose batch the watermark has passed is late: dropped and counted in the runtime. Events wait in a
 * reused {@link EventBuffer}. One stage thread.
 * <p>
 * Checkpoints: its position and the events of batches not emitted yet are its state ({@link #writeState}). The batch
 * operations after it (count, reduce, transform, the batch outputs) receive each batch whole, events then its end, in
 * one call from {@link #onWatermark}, so between two duty cycles, where a barrier is handled, they hold nothing.
 */
public final class Batcher implements EventSink, StateParticipant
{
    private final boolean eventTime;
    private final long intervalMs;
    private final long intervalNs;
    private final EpochClock clock;
    private final PipelineRuntime runtime;
    private final EventSink next;
    private final EventBuffer pending = new EventBuffer();
    private final Event scratch = new Event();
    private boolean started;
    private long nextBatch;
    private long maxBatch = Long.MIN_VALUE;
    private long watermarkNs = Long.MIN_VALUE;

    /**
     * @param eventTime  true to cut by event time, false by the clock.
     * @param intervalMs batch interval, milliseconds.
     * @param clock      the wall clock (processing time).
     * @param runtime    where late events are counted.
     * @param next       the batched chain.
     */
    public Batcher(final boolean eventTime, final long intervalMs, final EpochClock clock,
        final PipelineRuntime runtime, final EventSink next)
    {
        this.eventTime = eventTime;
        this.intervalMs = intervalMs;
        this.intervalNs = intervalMs * 1_000_000L;
        this.clock = clock;
        this.runtime = runtime;
        this.next = next;
    }

    @Override
    public String stateName()
    {
        return "batcher";
    }

    @Override
    public String shape()
    {
        return "batcher(" + (eventTime ? "event" : "processing") + " time," + intervalMs + "ms)";
    }

    /**
     * Checkpoint section: {@code byte started | long nextBatch | long maxBatch | long watermarkNs | the events of
     * batches not emitted yet, with their batch (EventBuffer.writeTo)}.
     */
    @Override
    public int writeState(final ExpandableArrayBuffer out, final int offset)
    {
        out.putByte(offset, (byte)(started ? 1 : 0));
        out.putLong(offset + 1, nextBatch);
        out.putLong(offset + 9, maxBatch);
        out.putLong(offset + 17, watermarkNs);
        return pending.writeTo(out, offset + 25);
    }

    @Override
    public void readState(final DirectBuffer in, final int offset, final int length)
    {
        final int end = pending.readFrom(in, offset + 25, scratch);
        if (end != offset + length)
        {
            throw new IllegalStateException("batcher: the checkpointed state has " + length + " bytes, " +
                (end - offset) + " were read");
        }
        started = in.getByte(offset) == 1;
        nextBatch = in.getLong(offset + 1);
        maxBatch = in.getLong(offset + 9);
        watermarkNs = in.getLong(offset + 17);
    }

    @Override
    public void onEvent(final Event event)
    {
        final long batch = eventTime ? Math.floorDiv(event.eventTimeNs(), intervalNs) :
            Math.floorDiv(clock.time(), intervalMs);
        // batches below floorDiv(watermark, interval) have been emitted (or were due): the event is late
        if (batch < Math.floorDiv(watermarkNs, intervalNs))
        {
            runtime.lateEvent();
            return;
        }
        // not late, so every batch emitted so far is below this one: it may only move the first batch earlier
        if (!started || batch < nextBatch)
        {
            started = true;
            nextBatch = batch;
        }
        maxBatch = Math.max(maxBatch, batch);
        pending.add(event, batch);
    }

    @Override
    public void onWatermark(final long watermarkNs)
    {
        this.watermarkNs = Math.max(this.watermarkNs, watermarkNs);
        if (!started)
        {
            if (eventTime || watermarkNs == Long.MAX_VALUE || watermarkNs == Long.MIN_VALUE)
            {
                return;
            }
            started = true;
            nextBatch = Math.floorDiv(watermarkNs, intervalNs);
        }
        // batches with (k + 1) * interval <= watermark are complete
        final long last = watermarkNs == Long.MAX_VALUE ? maxBatch : Math.floorDiv(watermarkNs, intervalNs) - 1;
        while (nextBatch <= last)
        {
            emit(nextBatch++);
        }
    }

    private void emit(final long batch)
    {
        boolean any = false;
        for (int i = 0; i < pending.size(); i++)
        {
            if (pending.tag(i) == batch)
            {
                any = true;
                next.onEvent(pending.get(i));
            }
        }
        if (any)
        {
            pending.removeTag(batch);
        }
        next.onBatchEnd((batch + 1) * intervalMs);
    }

    @Override
    public void onBatchEnd(final long batchTimeMs)
    {
        // the first batch operator of a chain has a Batcher; batches start here, none arrive from upstream
    }

    @Override
    public void onEndOfStream()
    {
        next.onEndOfStream();
    }
}
