package dev.rill.perf.hop;

/**
 * One engine of the hop benchmark: two threads, a paced sender and a receiver recording into {@link #recorder()}.
 */
interface HopEngine extends AutoCloseable
{
    /**
     * @return name in the report.
     */
    String name();

    /**
     * Starts both threads; the first event is due 20 ms later.
     */
    void start();

    /**
     * @return where the receiver records.
     */
    HopRecorder recorder();

    @Override
    void close() throws InterruptedException;

    /** Spins until {@code intendedNs}. */
    static void spinUntil(final long intendedNs)
    {
        while (System.nanoTime() < intendedNs)
        {
            Thread.onSpinWait();
        }
    }

    /**
     * @param wait the engine's strategy.
     * @return the Disruptor strategy used for the raw rings: BACKOFF and SLEEPING map to Disruptor's
     *         {@code SleepingWaitStrategy} (spin, yield, then park), the nearest Disruptor has.
     */
    static com.lmax.disruptor.WaitStrategy disruptorWait(final dev.rill.engine.WaitStrategy wait)
    {
        return switch (wait)
        {
            case BUSY_SPIN -> new com.lmax.disruptor.BusySpinWaitStrategy();
            case YIELDING -> new com.lmax.disruptor.YieldingWaitStrategy();
            default -> new com.lmax.disruptor.SleepingWaitStrategy();
        };
    }
}
