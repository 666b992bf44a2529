package dev.rill.engine;

import java.util.Objects;

import dev.rill.log.StartPosition;

/**
 * Immutable options of a log-topic source: the topic, where to start, which partitions, whether to stop at the
 * end or follow new records, and how records become events.
 */
public final class LogSourceOptions
{
    private final String topic;
    private final StartPosition start;
    private final int[] partitions;
    private final boolean follow;
    private final RecordDecoder decoder;

    private LogSourceOptions(
        final String topic, final StartPosition start, final int[] partitions, final boolean follow,
        final RecordDecoder decoder)
    {
        this.topic = topic;
        this.start = start;
        this.partitions = partitions;
        this.follow = follow;
        this.decoder = decoder;
    }

    /**
     * @param topic topic name.
     * @return options reading every partition of the topic from the earliest offset, stopping at the end, with
     * {@link RecordDecoder#RAW}.
     */
    public static LogSourceOptions topic(final String topic)
    {
        return new LogSourceOptions(Objects.requireNonNull(topic, "topic"), StartPosition.EARLIEST, null, false,
            RecordDecoder.RAW);
    }

    /**
     * @param start where to start in each partition.
     * @return new options.
     */
    public LogSourceOptions from(final StartPosition start)
    {
        return new LogSourceOptions(topic, Objects.requireNonNull(start, "start"), partitions, follow, decoder);
    }

    /**
     * @param partitions partitions to read; all when not set.
     * @return new options.
     */
    public LogSourceOptions partitions(final int... partitions)
    {
        return new LogSourceOptions(topic, start, partitions.clone(), follow, decoder);
    }

    /**
     * @param follow true to keep reading new records until the pipeline is stopped; false (the default) to end
     *               the stream when every partition is at its end.
     * @return new options.
     */
    public LogSourceOptions follow(final boolean follow)
    {
        return new LogSourceOptions(topic, start, partitions, follow, decoder);
    }

    /**
     * @param decoder how a record becomes an event.
     * @return new options.
     */
    public LogSourceOptions decoder(final RecordDecoder decoder)
    {
        return new LogSourceOptions(topic, start, partitions, follow, Objects.requireNonNull(decoder, "decoder"));
    }

    /**
     * @return topic name.
     */
    public String topic()
    {
        return topic;
    }

    /**
     * @return where to start.
     */
    public StartPosition start()
    {
        return start;
    }

    /**
     * @return partitions to read, or null for all.
     */
    public int[] partitions()
    {
        return partitions == null ? null : partitions.clone();
    }

    /**
     * @return true to follow new records, false to stop at the end.
     */
    public boolean isFollow()
    {
        return follow;
    }

    /**
     * @return the decoder.
     */
    public RecordDecoder decoder()
    {
        return decoder;
    }
}
