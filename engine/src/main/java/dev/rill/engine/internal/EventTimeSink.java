package dev.rill.engine.internal;

/**
 * Where a {@link SlotRunSource} reports the event times of the records it reads, for its stage's watermark: per
 * record, or once per run of consecutive records of one partition with the run's greatest event time (the stage keeps
 * the greatest per partition run, so the two say the same). Called on the source stage's thread; allocation-free.
 */
@FunctionalInterface
public interface EventTimeSink
{
    /**
     * @param partition   the partition the records came from.
     * @param eventTimeNs the greatest event time among them, in nanoseconds.
     */
    void onEventTime(int partition, long eventTimeNs);
}
