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

    private ConsumerOptions(final StartPosition start, final OffsetReset reset, final String group,
        final int[] partitions)
    {
        this.start = start;
        this.reset = reset;
        this.group = group;
        this.partitions = partitions;
    }

    /**
     * @return options that read every partition from the earliest offset, no group, no reset.
     */
    public static ConsumerOptions fromEarliest()
    {
        return new ConsumerOptions(StartPosition.EARLIEST, OffsetReset.NONE, null, null);
    }

    /**
     * @param start where to start when there is no committed offset.
     * @return options with that start.
     */
    public static ConsumerOptions from(final StartPosition start)
    {
        return new ConsumerOptions(start, OffsetReset.NONE, null, null);
    }

    /**
     * @param reset what to do when the start offset is out of range.
     * @return new options.
     */
    public ConsumerOptions withReset(final OffsetReset reset)
    {
        return new ConsumerOptions(start, reset, group, partitions);
    }

    /**
     * @param group consumer group: starts from its committed offsets and {@link Consumer#commit()} stores them.
     * @return new options.
     */
    public ConsumerOptions withGroup(final String group)
    {
        OffsetStore.validateName("group", group);
        return new ConsumerOptions(start, reset, group, partitions);
    }

    /**
     * @param partitions the partitions to read; all when not set.
     * @return new options.
     */
    public ConsumerOptions withPartitions(final int... partitions)
    {
        return new ConsumerOptions(start, reset, group, partitions.clone());
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
