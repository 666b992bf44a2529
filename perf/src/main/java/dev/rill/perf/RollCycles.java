package dev.rill.perf;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;

/**
 * Chronicle roll cycles by the names a Rill topic is configured with ({@code TopicConfig.rollCycle()}), so that the
 * raw Chronicle baselines roll their files as the topic they are compared with does. Stateless.
 */
public final class RollCycles
{
    private RollCycles()
    {
    }

    /**
     * @param name a {@link net.openhft.chronicle.queue.RollCycles} or {@link TestRollCycles} name, e.g.
     *             {@code FAST_DAILY}.
     * @return the roll cycle.
     * @throws IllegalArgumentException naming the roll cycle if there is none by that name.
     */
    public static RollCycle byName(final String name)
    {
        for (final net.openhft.chronicle.queue.RollCycles rc : net.openhft.chronicle.queue.RollCycles.values())
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
