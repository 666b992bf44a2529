package dev.rill.tools;

import java.time.Instant;

/**
 * The demo's wall clock in epoch nanoseconds: one {@link Instant} read at construction, then
 * {@link System#nanoTime()} elapsed since. Monotonic, allocation-free, and the same clock for the writer (record
 * timestamps) and the pipeline (latency), so their difference is a duration and not a comparison of two clocks.
 * Thread-safe.
 */
final class DemoClock
{
    private final long baseEpochNs;
    private final long baseNanoTime;

    DemoClock()
    {
        final Instant now = Instant.now();
        this.baseNanoTime = System.nanoTime();
        this.baseEpochNs = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    long epochNs()
    {
        return baseEpochNs + (System.nanoTime() - baseNanoTime);
    }
}
