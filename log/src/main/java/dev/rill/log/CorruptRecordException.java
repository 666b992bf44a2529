package dev.rill.log;

/**
 * A record whose checksum does not match its bytes, or a partition whose records are not dense.
 * Other records and partitions stay readable: seek past the offset to go on.
 */
public final class CorruptRecordException extends LogException
{
    private static final long serialVersionUID = 1L;

    private final String topic;
    private final int partition;
    private final long offset;

    /**
     * @param topic     the topic.
     * @param partition the partition.
     * @param offset    the offset of the damaged record.
     * @param detail    what was found.
     */
    public CorruptRecordException(final String topic, final int partition, final long offset, final String detail)
    {
        super("corrupt record: topic=" + topic + ", partition=" + partition + ", offset=" + offset + ": " + detail);
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }

    /**
     * @return the topic.
     */
    public String topic()
    {
        return topic;
    }

    /**
     * @return the partition.
     */
    public int partition()
    {
        return partition;
    }

    /**
     * @return the offset of the damaged record.
     */
    public long offset()
    {
        return offset;
    }
}
