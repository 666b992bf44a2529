package dev.rill.log;

/**
 * An offset before the earliest kept record or after the next offset of a partition.
 */
public final class OffsetOutOfRangeException extends LogException
{
    private static final long serialVersionUID = 1L;

    private final long requestedOffset;
    private final long earliestOffset;
    private final long nextOffset;

    /**
     * @param topic           the topic.
     * @param partition       the partition.
     * @param requestedOffset the offset asked for.
     * @param earliestOffset  the earliest offset kept.
     * @param nextOffset      the offset the next append will get.
     */
    public OffsetOutOfRangeException(
        final String topic, final int partition, final long requestedOffset, final long earliestOffset,
        final long nextOffset)
    {
        super("offset out of range: topic=" + topic + ", partition=" + partition + ", offset=" + requestedOffset +
            ", earliest=" + earliestOffset + ", next=" + nextOffset);
        this.requestedOffset = requestedOffset;
        this.earliestOffset = earliestOffset;
        this.nextOffset = nextOffset;
    }

    /**
     * @return the offset asked for.
     */
    public long requestedOffset()
    {
        return requestedOffset;
    }

    /**
     * @return the earliest offset kept when the error was raised.
     */
    public long earliestOffset()
    {
        return earliestOffset;
    }

    /**
     * @return the next offset when the error was raised.
     */
    public long nextOffset()
    {
        return nextOffset;
    }
}
