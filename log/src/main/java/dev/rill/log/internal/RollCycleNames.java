package dev.rill.log.internal;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;

/**
 * Maps roll cycle names stored in topic metadata to Chronicle roll cycles.
 */
public final class RollCycleNames
{
    private RollCycleNames()
    {
    }

    /**
     * @param name a {@link RollCycles} or {@link TestRollCycles} constant name.
     * @return the roll cycle.
     * @throws IllegalArgumentException naming the value if unknown.
     */
    public static RollCycle byName(final String name)
    {
        if (name == null)
        {
            throw new IllegalArgumentException("roll cycle must not be null");
        }
        for (final RollCycles rc : RollCycles.values())
        {
            if (rc.name().equals(name))
            {
                return rc;
            }
        }
        for (final TestRollCycles rc : TestRollCycles.values())
        {
            if (rc.name().equals(name))
            {
                return rc;
            }
        }
        throw new IllegalArgumentException("unknown roll cycle: " + name);
    }
}
