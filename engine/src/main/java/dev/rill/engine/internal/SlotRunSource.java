package dev.rill.engine.internal;

import com.lmax.disruptor.RingBuffer;

import dev.rill.engine.Event;

/**
 * A source that can write its records straight into ring slots, for {@link StageAgent}'s slot-run path: a counted
 * loop over claimed slots instead of one call down the fused chain per record. Same records, same order, same
 * event fields as {@link SourceReader#poll}.
 */
public interface SlotRunSource
{
    /**
     * Read up to {@code count} records into slots {@code firstSequence .. firstSequence + count - 1} of
     * {@code ring}, in order, each slot overwritten whole (values, event time, source name, partition, offset).
     *
     * @param ring          the ring.
     * @param firstSequence the first slot's sequence.
     * @param count         the most records to read.
     * @return records read, filling the first that many slots.
     */
    int pollIntoSlots(RingBuffer<Event> ring, long firstSequence, int count);
}
