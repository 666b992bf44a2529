package dev.rill.log;

import org.agrona.concurrent.OffsetEpochNanoClock;

/**
 * Wall clock of the log: record timestamps when the producer gives none, roll cycles and retention.
 * Tests pass a manual clock to roll cycles and expire retention without waiting.
 */
@FunctionalInterface
public interface LogClock
{
    /**
     * The system clock: thread-safe and allocation-free (Chronicle asks it for the time on every append, so an
     * {@code Instant} per call would be garbage per record).
     */
    LogClock SYSTEM = new LogClock()
    {
        // Anchored to System.nanoTime and re-sampled against the wall clock now and then; immutable snapshots.
        private final OffsetEpochNanoClock nanos = new OffsetEpochNanoClock();

        @Override
        public long epochNanos()
        {
            return nanos.nanoTime();
        }

        @Override
        public long epochMillis()
        {
            return System.currentTimeMillis();
        }
    };

    /**
     * @return current time in epoch nanoseconds.
     */
    long epochNanos();

    /**
     * @return current time in epoch milliseconds.
     */
    default long epochMillis()
    {
        return epochNanos() / 1_000_000L;
    }
}
