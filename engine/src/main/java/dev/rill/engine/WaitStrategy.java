package dev.rill.engine;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingIdleStrategy;

/**
 * What a stage thread does when a duty cycle found no work (Agrona idle strategies).
 */
public enum WaitStrategy
{
    /** Spin: lowest latency, burns a core; only when every stage thread has a core of its own. */
    BUSY_SPIN,
    /**
     * 100 empty duty cycles spinning, then {@code Thread.yield()} between empty duty cycles until work comes (the
     * Disruptor's {@code YieldingWaitStrategy} spins 100 tries the same way).
     */
    YIELDING,
    /** Spin, then yield, then park 1 µs growing to 50 µs: the default, behaves when threads outnumber cores. */
    BACKOFF,
    /** Park 100 µs between empty duty cycles: least CPU, most latency. */
    SLEEPING;

    private static final long YIELDING_SPINS = 100;

    /**
     * @return a new idle strategy of this kind (each stage thread gets its own: they hold state).
     */
    public IdleStrategy newIdleStrategy()
    {
        switch (this)
        {
            case BUSY_SPIN:
                return new BusySpinIdleStrategy();
            case YIELDING:
                // A yield is a system call of about a microsecond, and one on every empty cycle put that on every
                // event of a paced stream (W2: p50 1.3 µs through the log against the Disruptor's 0.8 µs, whose
                // yielding strategy spins first). Spinning first, then yielding without ever parking.
                return new BackoffIdleStrategy(YIELDING_SPINS, Long.MAX_VALUE, 1, 1);
            case SLEEPING:
                return new SleepingIdleStrategy(100_000L);
            case BACKOFF:
            default:
                // Parks at most 50 µs: a 16k-slot ring fills or drains in well under 1 ms at full rate, so a 1 ms park left
                // the other stage stalled on a full (or empty) ring for most of it.
                return new BackoffIdleStrategy(64, 64, 1_000L, 50_000L);
        }
    }
}
