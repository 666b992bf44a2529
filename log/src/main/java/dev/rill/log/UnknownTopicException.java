package dev.rill.log;

import java.nio.file.Path;

/**
 * A topic that does not exist in the log directory.
 */
public final class UnknownTopicException extends LogException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param topic  the topic name.
     * @param logDir the log directory.
     */
    public UnknownTopicException(final String topic, final Path logDir)
    {
        super("unknown topic: " + topic + " (in " + logDir + ")");
    }
}
