package dev.rill.log;

/**
 * What a consumer does when its start offset (explicit or committed) is out of range, as Kafka's
 * {@code auto.offset.reset}.
 */
public enum OffsetReset
{
    /** Fail with {@link OffsetOutOfRangeException}. */
    NONE,
    /** Move to the earliest offset kept. */
    EARLIEST,
    /** Move to the next offset. */
    LATEST
}
