package dev.rill.engine.internal;

/**
 * The end of a stage's chain: a ring writer, a shard router or a sink. Tells the stage how many inputs it may
 * take now without any output waiting: that is how backpressure reaches a source.
 */
public interface Output extends EventSink
{
    /**
     * @param reserve ring slots one input may need (1, or the flatMap fan-out limit).
     * @return how many inputs the stage may take now, 0 when a downstream ring is full.
     */
    int inputsAvailable(int reserve);

    /**
     * @return true if the end-of-stream marker can be written now.
     */
    boolean canEnd();

    /**
     * A new input record starts: resets the count of outputs for it.
     */
    void beginInput();

    /**
     * End of a duty cycle (also of one that failed): make every output written so far visible downstream. Outputs
     * that write straight through have nothing to do.
     */
    default void flush()
    {
    }

    /**
     * @return one line for the plan.
     */
    String describe();
}
