package dev.rill.log;

import java.util.Arrays;

/**
 * Immutable options of a {@link Consumer}: start position, reset policy, consumer group and partitions.
 */
public final class ConsumerOptions
{
    private final StartPosition start;
    private final OffsetReset reset;
    private final String group;
    private final int[] partitions;
    private final boolean isChecksumVerified;

    private ConsumerOptions(final StartPosition start, final OffsetReset reset, final String group,
        final int[] partitions, final boolean isChecksumVerified)
    {
        this.start = start;
        this.reset = reset;
        this.group = group;
        this.partitions = partitions;
        this.isChecksumVerified = isChecksumVerified;
    }

    /**
     * @return options that read every partition from the earliest offset, no group, no reset.
     */
    public static ConsumerOptions fromEarliest()
    {
        return new ConsumerOptions(StartPosition.EARLIEST, OffsetReset.NONE, null, null, true);
    }

    /**
     * @param start where to start when there is no committed offset.
     * @return options with that start.
     */
    public static ConsumerOptions from(final StartPosition start)
    {
        return new ConsumerOptions(start, OffsetReset.NONE, null, null, true);
    }

    /**
     * @param reset what to do when the start offset is out of range.
     * @return new options.
     */
    public ConsumerOptions withReset(final OffsetReset reset)
    {
        return new ConsumerOptions(start, reset, group, partitions, isChecksumVerified);
    }

    /**
     * @param group consumer group: starts from its committed offsets and {@link Consumer#commit()} stores them.
     * @return new options.
     */
    public ConsumerOptions withGroup(final String group)
    {
        OffsetStore.validateName("group", group);
        return new ConsumerOptions(start, reset, group, partitions, isChecksumVerified);
    }

    /**
     * @param partitions the partitions to read; all when not set.
     * @return new options.
     */
    public ConsumerOptions withPartitions(final int... partitions)
    {
        return new ConsumerOptions(start, reset, group, partitions.clone(), isChecksumVerified);
    }

    /**
     * Hand records whose checksum fails to the handler instead of raising {@link CorruptRecordException}: for tools
     * that inspect damage ({@code rill dump}), never for processing. The handler checks
     * {@link RecordView#isChecksumValid()}; a damaged record's header fields (offset, lengths) may be wrong too.
     *
     * @return new options.
     */
    public ConsumerOptions withoutChecksumVerification()
    {
        return new ConsumerOptions(start, reset, group, partitions, false);
    }

    /**
     * @return true (the default) if a record whose checksum fails raises {@link CorruptRecordException}.
     */
    public boolean isChecksumVerified()
    {
        return isChecksumVerified;
    }

    /**
     * @return where to start without a committed offset.
     */
    public StartPosition start()
    {
        return start;
    }

    /**
     * @return the reset policy.
     */
    public OffsetReset reset()
    {
        return reset;
    }

    /**
     * @return the group, or null.
     */
    public String group()
    {
        return group;
    }

    /**
     * @param partitionCount the topic's partition count.
     * @return the partitions to read.
     */
    int[] partitions(final int partitionCount)
    {
        if (partitions == null)
        {
            final int[] all = new int[partitionCount];
            Arrays.setAll(all, i -> i);
            return all;
        }
        return partitions.clone();
    }
}
