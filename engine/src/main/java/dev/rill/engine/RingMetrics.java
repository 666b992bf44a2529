package dev.rill.engine;

/**
 * One input ring as seen at a {@link Pipeline#metrics()} snapshot. Immutable.
 */
public final class RingMetrics
{
    private final String name;
    private final int capacity;
    private final long occupancy;

    RingMetrics(final String name, final int capacity, final long occupancy)
    {
        this.name = name;
        this.capacity = capacity;
        this.occupancy = occupancy;
    }

    /**
     * @return ring name, as in the plan ({@code s1.in0.0}).
     */
    public String name()
    {
        return name;
    }

    /**
     * @return slots.
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * @return slots published and not yet consumed, 0 to {@link #capacity()}.
     */
    public long occupancy()
    {
        return occupancy;
    }

    @Override
    public String toString()
    {
        return name + " " + occupancy + "/" + capacity;
    }
}
