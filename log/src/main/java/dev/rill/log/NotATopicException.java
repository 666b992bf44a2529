package dev.rill.log;

import java.nio.file.Path;

/**
 * A directory that does not hold a valid Rill topic.
 */
public final class NotATopicException extends LogException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param topic  the topic name.
     * @param dir    the directory looked at.
     * @param detail what is missing or wrong.
     */
    public NotATopicException(final String topic, final Path dir, final String detail)
    {
        super("not a Rill topic: topic=" + topic + ", dir=" + dir + ": " + detail);
    }
}
