package dev.rill.log;

/**
 * Base of every error the log raises. Messages name the topic, partition, offset or file involved.
 */
public class LogException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what was wrong, naming the value.
     */
    public LogException(final String message)
    {
        super(message);
    }

    /**
     * @param message what was wrong, naming the value.
     * @param cause   the underlying error.
     */
    public LogException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
