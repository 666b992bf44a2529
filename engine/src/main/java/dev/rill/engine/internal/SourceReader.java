package dev.rill.engine.internal;

/**
 * A source polled by its stage's duty cycle. {@link #open()} runs on the thread that starts the pipeline, so that
 * bad input (a missing topic) fails {@code start()}; the rest runs on the stage's thread.
 */
public interface SourceReader
{
    /**
     * Check the input exists and can be read; runs on the thread that starts the pipeline.
     */
    void open();

    /**
     * Take the resources that belong to the reading thread (a log tailer is single-threaded); runs on the
     * stage's thread before its first duty cycle.
     */
    void onStart();

    /**
     * @return the source partitions this reader delivers records from (their numbers, as in
     * {@code Event#sourcePartition()}); known after {@link #open()}. Event-time watermarks are kept per partition.
     */
    int[] partitions();

    /**
     * Read up to {@code max} records, passing each to {@code into} as an event.
     *
     * @param into the stage's chain.
     * @param max  the most records to read; the stage has room for all of them.
     * @return records read.
     */
    int poll(EventSink into, int max);

    /**
     * @return true when a bounded source has read everything.
     */
    boolean isExhausted();

    /**
     * Release the input; called on the stage's thread when it closes, or by the starter if start fails.
     */
    void close();

    /**
     * @return one line for the plan.
     */
    String describe();
}
