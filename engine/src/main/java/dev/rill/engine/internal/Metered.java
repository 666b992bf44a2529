package dev.rill.engine.internal;

import java.util.Map;

/**
 * A source or operator with its own counters for {@code Pipeline.metrics()}. Readable from any thread: counters are
 * written by one thread with ordered (release) writes and read as volatile.
 */
public interface Metered
{
    /**
     * @return the source's or operator's name, as in the plan.
     */
    String metricsName();

    /**
     * @return a new map of counter name to value, in a fixed order.
     */
    Map<String, Long> counters();

    /**
     * @return one line on its state (e.g. connected or retrying, and to what), or empty.
     */
    String status();
}
