package dev.rill.engine.internal;

import org.agrona.concurrent.IdleStrategy;

/**
 * An idle strategy that adds the time it spends idling to a {@link StageMeter}: the "time waiting" of a stage.
 * The clock is read only on idle cycles (work 0), never on busy ones.
 */
public final class MeteredIdleStrategy implements IdleStrategy
{
    private final IdleStrategy strategy;
    private final StageMeter meter;

    /**
     * @param strategy the stage's strategy.
     * @param meter    its counters.
     */
    public MeteredIdleStrategy(final IdleStrategy strategy, final StageMeter meter)
    {
        this.strategy = strategy;
        this.meter = meter;
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            strategy.idle(workCount);
            return;
        }
        final long startNs = System.nanoTime();
        strategy.idle(workCount);
        meter.idled(System.nanoTime() - startNs);
    }

    @Override
    public void idle()
    {
        final long startNs = System.nanoTime();
        strategy.idle();
        meter.idled(System.nanoTime() - startNs);
    }

    @Override
    public void reset()
    {
        strategy.reset();
    }

    @Override
    public String alias()
    {
        return strategy.alias();
    }
}
