package dev.rill.engine.internal;

import com.lmax.disruptor.RingBuffer;

import dev.rill.engine.Event;
import dev.rill.engine.KeyHash;

/**
 * Routes each output to the ring of the shard owning its key ({@link KeyHash#shardFor(long, int)}); the
 * end-of-stream marker goes to every shard. Reserves room in every shard ring, since one input's outputs may all
 * hash to one shard. One writer thread.
 */
public final class ShardRouter implements Output, SlotOutput, SlotRunOutput
{
    private final RingWriter[] shards;
    private final int maxOutputsPerInput;
    private final String fanOutOperator;
    private int emitted;

    /**
     * @param shards             one writer per shard ring, index = shard.
     * @param maxOutputsPerInput outputs allowed per input.
     * @param fanOutOperator     operator blamed when there are more.
     */
    public ShardRouter(final RingWriter[] shards, final int maxOutputsPerInput, final String fanOutOperator)
    {
        this.shards = shards.clone();
        this.maxOutputsPerInput = maxOutputsPerInput;
        this.fanOutOperator = fanOutOperator;
    }

    @Override
    public void onEvent(final Event event)
    {
        if (++emitted > maxOutputsPerInput)
        {
            throw RingWriter.fanOut(fanOutOperator, maxOutputsPerInput, event);
        }
        final RingWriter[] shards = this.shards;
        // one shard owns every key: skip the hash (SplitMix64 and a 64-bit remainder per event)
        shards[shards.length == 1 ? 0 : KeyHash.shardFor(event.key(), shards.length)].publish(event);
    }

    /**
     * @return true with one shard on a single-producer ring: the key does not choose the ring, so the slot can be
     * claimed before the event is made.
     */
    @Override
    public boolean lendsSlots()
    {
        return shards.length == 1 && shards[0].lendsSlots();
    }

    @Override
    public Event claimSlot(final Event input)
    {
        if (++emitted > maxOutputsPerInput)
        {
            throw RingWriter.fanOut(fanOutOperator, maxOutputsPerInput, input);
        }
        return shards[0].lentSlot();
    }

    @Override
    public void commitSlot()
    {
        shards[0].commitSlot();
    }

    /** One shard only ({@link #lendsSlots()}): its ring's run. */
    @Override
    public int claimRun(final int max)
    {
        return shards[0].claimRun(max);
    }

    @Override
    public RingBuffer<Event> runRing()
    {
        return shards[0].runRing();
    }

    @Override
    public long runFirstSequence()
    {
        return shards[0].runFirstSequence();
    }

    @Override
    public void commitRun(final int count)
    {
        shards[0].commitRun(count);
    }

    @Override
    public void flush()
    {
        for (final RingWriter shard : shards)
        {
            shard.flush();
        }
    }

    @Override
    public void onEndOfStream()
    {
        for (final RingWriter shard : shards)
        {
            shard.onEndOfStream();
        }
    }

    @Override
    public void onWatermark(final long watermarkNs)
    {
        for (final RingWriter shard : shards)
        {
            shard.onWatermark(watermarkNs);
        }
    }

    @Override
    public void onBatchEnd(final long batchTimeMs)
    {
        throw new IllegalStateException("batch end reached a shard router: batched streams do not cross rings");
    }

    /**
     * Publishes a checkpoint barrier to every shard.
     *
     * @param checkpointId the checkpoint.
     */
    public void publishBarrier(final long checkpointId)
    {
        for (final RingWriter shard : shards)
        {
            shard.publishBarrier(checkpointId);
        }
    }

    /**
     * @return the shard rings' names, index = shard.
     */
    public String[] ringNames()
    {
        final String[] names = new String[shards.length];
        for (int i = 0; i < shards.length; i++)
        {
            names[i] = shards[i].ringName();
        }
        return names;
    }

    @Override
    public int inputsAvailable(final int reserve)
    {
        int min = Integer.MAX_VALUE;
        for (final RingWriter shard : shards)
        {
            min = Math.min(min, shard.inputsAvailable(reserve));
        }
        return min;
    }

    @Override
    public boolean canEnd()
    {
        for (final RingWriter shard : shards)
        {
            if (!shard.canEnd())
            {
                return false;
            }
        }
        return true;
    }

    @Override
    public void beginInput()
    {
        emitted = 0;
    }

    @Override
    public String describe()
    {
        final StringBuilder sb = new StringBuilder("route by key hash to rings ");
        for (int i = 0; i < shards.length; i++)
        {
            sb.append(i == 0 ? "" : ", ").append(shards[i].ringName());
        }
        return sb.toString();
    }
}
