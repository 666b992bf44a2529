package dev.rill.log;

import java.nio.file.Path;

/**
 * A topic created twice.
 */
public final class TopicExistsException extends LogException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param topic  the topic name.
     * @param logDir the log directory.
     */
    public TopicExistsException(final String topic, final Path logDir)
    {
        super("topic already exists: " + topic + " (in " + logDir + ")");
    }
}
