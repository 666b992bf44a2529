package dev.rill.log;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link LogClock} the test moves by hand, to roll cycles and age retention without waiting.
 */
final class ManualClock implements LogClock
{
    private final AtomicLong nowNs;

    ManualClock(final long startNs)
    {
        this.nowNs = new AtomicLong(startNs);
    }

    @Override
    public long epochNanos()
    {
        return nowNs.get();
    }

    void set(final long epochNs)
    {
        nowNs.set(epochNs);
    }

    void advanceMs(final long ms)
    {
        nowNs.addAndGet(ms * 1_000_000L);
    }
}
