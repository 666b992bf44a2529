package dev.rill.log;

/**
 * Wall clock of the log: record timestamps when the producer gives none, roll cycles and retention.
 * Tests pass a manual clock to roll cycles and expire retention without waiting.
 */
@FunctionalInterface
public interface LogClock
{
    /** The system clock. */
    LogClock SYSTEM = () ->
    {
        final java.time.Instant now = java.time.Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    };

    /**
     * @return current time in epoch nanoseconds.
     */
    long epochNanos();
}
