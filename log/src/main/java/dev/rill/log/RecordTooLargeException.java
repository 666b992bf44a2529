package dev.rill.log;

/**
 * A record larger than the topic's maximum record size.
 */
public final class RecordTooLargeException extends LogException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param topic          the topic.
     * @param partition      the partition it was to go to.
     * @param recordLength   bytes the record would take, header included.
     * @param maxRecordBytes the topic's limit.
     */
    public RecordTooLargeException(
        final String topic, final int partition, final long recordLength, final int maxRecordBytes)
    {
        super("record too large: topic=" + topic + ", partition=" + partition + ", size=" + recordLength +
            " bytes (headers " + RecordDescriptor.MAX_OVERHEAD + " + key + value), max=" + maxRecordBytes +
            " bytes");
    }
}
