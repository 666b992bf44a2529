package dev.rill.engine.internal.checkpoint;

/**
 * Barrier alignment over a multi-producer ring. Data events in a shared ring do not say which producer wrote them,
 * so the consumer cannot hold back one producer's events after its barrier; instead a producer that forwarded
 * barrier n into such a ring pauses (takes no input, makes no watermark) until the consumer shard has aligned n,
 * written its state and forwarded the barrier ({@link #alignedId()}). The ring therefore never holds a producer's
 * post-barrier events before the consumer's snapshot: the effect of Flink's per-channel blocking, with a buffer of
 * size zero. One gate per ring; written by its consumer, read by its producers.
 */
public final class BarrierGate
{
    private volatile long alignedId;
    private volatile boolean multiProducer;

    /**
     * @return the newest checkpoint the ring's consumer has aligned, snapshotted and forwarded.
     */
    public long alignedId()
    {
        return alignedId;
    }

    void aligned(final long id)
    {
        alignedId = Math.max(alignedId, id);
    }

    /**
     * @return whether the ring has several producers (set by the consumer's plan before start).
     */
    public boolean isMultiProducer()
    {
        return multiProducer;
    }

    void multiProducer(final boolean value)
    {
        multiProducer = value;
    }
}
