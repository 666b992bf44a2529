package dev.rill.engine;

import java.util.List;

/**
 * One stage (summed over its shards) at a {@link Pipeline#metrics()} snapshot. Immutable.
 */
public final class StageMetrics
{
    private final int stageId;
    private final int shards;
    private final long eventsIn;
    private final long eventsOut;
    private final long dutyCycles;
    private final long idleCycles;
    private final long idleNs;
    private final List<RingMetrics> rings;

    StageMetrics(final int stageId, final int shards, final long eventsIn, final long eventsOut, final long dutyCycles,
        final long idleCycles, final long idleNs, final List<RingMetrics> rings)
    {
        this.stageId = stageId;
        this.shards = shards;
        this.eventsIn = eventsIn;
        this.eventsOut = eventsOut;
        this.dutyCycles = dutyCycles;
        this.idleCycles = idleCycles;
        this.idleNs = idleNs;
        this.rings = List.copyOf(rings);
    }

    /**
     * @return the stage, as numbered in {@link Pipeline#describe()}.
     */
    public int stageId()
    {
        return stageId;
    }

    /**
     * @return shards.
     */
    public int shards()
    {
        return shards;
    }

    /**
     * @return data events taken from the source or input rings (as of each shard's last duty cycle).
     */
    public long eventsIn()
    {
        return eventsIn;
    }

    /**
     * @return data events the fused chain passed to the output (ring writer, router or sink).
     */
    public long eventsOut()
    {
        return eventsOut;
    }

    /**
     * @return duty cycles run.
     */
    public long dutyCycles()
    {
        return dutyCycles;
    }

    /**
     * @return duty cycles that did no work (waiting for input, or for room downstream).
     */
    public long idleCycles()
    {
        return idleCycles;
    }

    /**
     * @return nanoseconds spent in the wait strategy (dedicated threads; 0 in stepping mode).
     */
    public long idleNs()
    {
        return idleNs;
    }

    /**
     * @return the stage's input rings (one per input and shard), empty for a source stage.
     */
    public List<RingMetrics> rings()
    {
        return rings;
    }
}
