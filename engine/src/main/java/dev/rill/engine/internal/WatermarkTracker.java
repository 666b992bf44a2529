package dev.rill.engine.internal;

import java.util.Arrays;

import org.agrona.collections.Int2IntHashMap;

/**
 * Event-time watermark of one source: per partition, the greatest event time delivered minus the bounded
 * out-of-orderness; combined as the minimum over the partitions that are not idle. A partition that has delivered
 * nothing for the idle timeout stops holding time back; if every partition is idle, the watermark is the greatest
 * of their own watermarks (everything delivered so far is then complete). A partition that never delivered
 * anything holds the watermark at {@link Long#MIN_VALUE} until it goes idle. The result never goes down.
 * <p>
 * Allocation-free after construction. Owned by the source stage's thread.
 */
public final class WatermarkTracker
{
    private final Int2IntHashMap slotByPartition = new Int2IntHashMap(-1);
    private final long[] maxEventTimeNs;
    private final long[] lastActivityMs;
    private final long outOfOrdernessNs;
    private final long idleTimeoutMs;
    private long watermarkNs = Long.MIN_VALUE;

    /**
     * @param partitions          the source's partitions.
     * @param outOfOrdernessMs    bounded out-of-orderness, milliseconds.
     * @param idleTimeoutMs       idle timeout, milliseconds.
     * @param startMs             clock reading at start: idle timeouts count from here.
     */
    public WatermarkTracker(final int[] partitions, final long outOfOrdernessMs, final long idleTimeoutMs,
        final long startMs)
    {
        for (int i = 0; i < partitions.length; i++)
        {
            slotByPartition.put(partitions[i], i);
        }
        this.maxEventTimeNs = new long[partitions.length];
        this.lastActivityMs = new long[partitions.length];
        Arrays.fill(maxEventTimeNs, Long.MIN_VALUE);
        Arrays.fill(lastActivityMs, startMs);
        this.outOfOrdernessNs = outOfOrdernessMs * 1_000_000L;
        this.idleTimeoutMs = idleTimeoutMs;
    }

    /**
     * A record was delivered.
     *
     * @param partition   its source partition.
     * @param eventTimeNs its event time.
     * @param nowMs       clock reading.
     */
    public void onEvent(final int partition, final long eventTimeNs, final long nowMs)
    {
        final int slot = slotByPartition.get(partition);
        if (slot < 0)
        {
            throw new IllegalStateException("record from partition " + partition + ", which the source did not " +
                "declare");
        }
        if (eventTimeNs > maxEventTimeNs[slot])
        {
            maxEventTimeNs[slot] = eventTimeNs;
        }
        lastActivityMs[slot] = nowMs;
    }

    /**
     * @param nowMs clock reading.
     * @return the combined watermark, nanoseconds, never lower than the last result.
     */
    public long watermarkNs(final long nowMs)
    {
        long activeMin = Long.MAX_VALUE;
        long idleMax = Long.MIN_VALUE;
        boolean anyActive = false;
        for (int i = 0; i < maxEventTimeNs.length; i++)
        {
            final long max = maxEventTimeNs[i];
            final long own = max - outOfOrdernessNs > max ? Long.MIN_VALUE : max - outOfOrdernessNs;
            if (nowMs - lastActivityMs[i] >= idleTimeoutMs)
            {
                idleMax = Math.max(idleMax, own);
            }
            else
            {
                anyActive = true;
                activeMin = Math.min(activeMin, own);
            }
        }
        final long combined = anyActive ? activeMin : idleMax;
        if (combined > watermarkNs)
        {
            watermarkNs = combined;
        }
        return watermarkNs;
    }
}
