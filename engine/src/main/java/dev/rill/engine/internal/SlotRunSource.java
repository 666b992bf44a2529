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
     * {@code ring}, in order, each slot overwritten whole (values, event time, source name, partition, offset), and
     * report their event times to {@code times} (the slots' own, once a decoder has run), before returning: the
     * stage does not read the slots again for its watermark. Each slot goes to {@code filled} right after it is
     * filled (and its time reported), before the next record is read; if {@code filled} throws, the read stops
     * there and the exception propagates, that record not consumed.
     *
     * @param ring          the ring.
     * @param firstSequence the first slot's sequence.
     * @param count         the most records to read.
     * @param times         where the records' event times go, by partition; null when the stage keeps no event time.
     * @param filled        what each filled slot goes to, in order; null when the stage has nothing to do per slot.
     * @return records read, filling the first that many slots.
     */
    int pollIntoSlots(RingBuffer<Event> ring, long firstSequence, int count, EventTimeSink times,
        FilledSlotSink filled);
}
