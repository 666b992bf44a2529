package dev.rill.engine;

/**
 * What a text source does with a line longer than the event's byte area ({@link Event#BYTES_CAPACITY} bytes).
 * Never silent: either the pipeline fails, or the line is cut and counted in the source's metrics.
 */
public enum OverlongLinePolicy
{
    /** Fail the pipeline with an error naming the source, the line number and its length. */
    FAIL,
    /**
     * Keep the first {@link Event#BYTES_CAPACITY} bytes (cut back to a UTF-8 character boundary) and count the line
     * as {@code linesTruncated}.
     */
    TRUNCATE
}
