package dev.rill.engine.internal;

import org.agrona.concurrent.AgentTerminationException;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;

import dev.rill.engine.Event;
import dev.rill.engine.EventKind;
import dev.rill.engine.PipelineException;

/**
 * Writes a stage's outputs into one downstream ring: claim, copy, publish in {@code finally}.
 * <p>
 * The stage asks {@link #inputsAvailable(int)} before it takes an input, so on a single-producer ring a claim never
 * waits. On a multi-producer ring another producer may take the room between that check and the claim; then the
 * claim retries (yielding, and giving up when the pipeline aborts). Nothing is dropped. One writer thread.
 */
public final class RingWriter implements Output
{
    private final RingBuffer<Event> ring;
    private final String ringName;
    private final PipelineRuntime runtime;
    private final int maxOutputsPerInput;
    private final String fanOutOperator;
    private final int producerId;
    private int emitted;

    /**
     * @param ring               the downstream ring.
     * @param ringName           its name in the plan.
     * @param runtime            for the abort flag.
     * @param maxOutputsPerInput outputs allowed per input.
     * @param fanOutOperator     operator blamed when there are more (the stage's last flatMap).
     * @param producerId         this writer's index among the ring's producers, written into its markers.
     */
    public RingWriter(final RingBuffer<Event> ring, final String ringName, final PipelineRuntime runtime,
        final int maxOutputsPerInput, final String fanOutOperator, final int producerId)
    {
        this.producerId = producerId;
        this.ring = ring;
        this.ringName = ringName;
        this.runtime = runtime;
        this.maxOutputsPerInput = maxOutputsPerInput;
        this.fanOutOperator = fanOutOperator;
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
        final long sequence = claim();
        try
        {
            ring.get(sequence).copyFrom(event);
        }
        finally
        {
            ring.publish(sequence);
        }
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
        final long sequence = claim();
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
        final long sequence = claim();
        try
        {
            ring.get(sequence).clear().kind(kind).eventTimeNs(timeNs).key(producerId);
        }
        finally
        {
            ring.publish(sequence);
        }
    }

    private long claim()
    {
        while (true)
        {
            try
            {
                return ring.tryNext();
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
        return (int)Math.min(Integer.MAX_VALUE, ring.remainingCapacity() / reserve);
    }

    @Override
    public boolean canEnd()
    {
        return ring.remainingCapacity() >= 1;
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
