package dev.rill.engine.internal;

import dev.rill.engine.Event;

/**
 * An output that lends the last operator of a stage's chain the ring slot its next output goes to, so the operator
 * writes its result there in place instead of into a scratch event that is then copied: claim, fill, commit. One
 * writer thread.
 */
public interface SlotOutput
{
    /**
     * @return true if {@link #claimSlot} may be used (a single-producer ring, or one shard of them); otherwise pass
     * events with {@link EventSink#onEvent}.
     */
    boolean lendsSlots();

    /**
     * Claims the slot of the next output. It becomes visible downstream only after {@link #commitSlot()} and the
     * stage's next flush; if the operator fails before committing, it is never published, and the next claim hands
     * out the same slot again.
     *
     * @param input the input the output is made from, for the fan-out error (source metadata).
     * @return the slot, with undefined contents: every field must be written.
     * @throws dev.rill.engine.PipelineException if the input has already had its allowed number of outputs.
     */
    Event claimSlot(Event input);

    /**
     * The slot from the last {@link #claimSlot} is complete: it counts as an output.
     */
    void commitSlot();
}
