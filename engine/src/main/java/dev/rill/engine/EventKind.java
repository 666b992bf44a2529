package dev.rill.engine;

/**
 * What a ring slot carries. Markers flow through the same rings as data so that they stay in order with it.
 */
public enum EventKind
{
    /** A record: user functions see only these. */
    DATA,
    /**
     * The producer that wrote this marker will write nothing more. A stage finishes once every producer of every
     * input has sent it, after passing it on to its own outputs.
     */
    END_OF_STREAM,
    /**
     * A watermark: {@link Event#eventTimeNs()} holds the time (nanoseconds) before which the producer will send no
     * more events, {@link Event#key()} the producer's index among the ring's producers. {@link Long#MAX_VALUE} is the
     * end of time (a bounded input ended). A stage with several inputs or producers forwards the minimum over them.
     */
    WATERMARK,
    /**
     * A checkpoint barrier: {@link Event#long0()} holds the checkpoint id, {@link Event#key()} the producer's index.
     * Everything before it in the ring belongs to the checkpoint, everything after it to the next.
     */
    BARRIER
}
