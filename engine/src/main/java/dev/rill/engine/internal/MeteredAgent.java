package dev.rill.engine.internal;

import org.agrona.concurrent.Agent;

/**
 * A stage agent with its duty cycles counted ({@link StageMeter#dutyCycle(int)}): wraps the agent for both the
 * {@code AgentRunner} and the stepping {@code AgentInvoker}, so the agent's own logic stays as it is.
 */
public final class MeteredAgent implements Agent
{
    private final Agent agent;
    private final StageMeter meter;

    /**
     * @param agent the stage agent.
     * @param meter its counters.
     */
    public MeteredAgent(final Agent agent, final StageMeter meter)
    {
        this.agent = agent;
        this.meter = meter;
    }

    @Override
    public void onStart()
    {
        agent.onStart();
    }

    @Override
    public int doWork() throws Exception
    {
        final int work = agent.doWork();
        meter.dutyCycle(work);
        return work;
    }

    @Override
    public void onClose()
    {
        agent.onClose();
    }

    @Override
    public String roleName()
    {
        return agent.roleName();
    }
}
