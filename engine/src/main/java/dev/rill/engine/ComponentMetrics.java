package dev.rill.engine;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counters of one source or operator at a {@link Pipeline#metrics()} snapshot, e.g. a log source's
 * {@code lag[p]} per partition, a socket source's {@code connectFailures}, a parser's {@code malformedSkipped}.
 * Immutable.
 */
public final class ComponentMetrics
{
    private final String name;
    private final Map<String, Long> counters;
    private final String status;

    ComponentMetrics(final String name, final Map<String, Long> counters, final String status)
    {
        this.name = name;
        this.counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
        this.status = status;
    }

    /**
     * @return the source's or operator's name, as in the plan.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return counters by name, in a fixed order.
     */
    public Map<String, Long> counters()
    {
        return counters;
    }

    /**
     * @param counter counter name.
     * @return its value.
     * @throws IllegalArgumentException if there is no such counter.
     */
    public long counter(final String counter)
    {
        final Long value = counters.get(counter);
        if (value == null)
        {
            throw new IllegalArgumentException("no counter " + counter + " in " + name + ": " + counters.keySet());
        }
        return value;
    }

    /**
     * @return one line on its state, or empty.
     */
    public String status()
    {
        return status;
    }
}
