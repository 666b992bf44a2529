package dev.rill.engine;

import java.util.ArrayList;
import java.util.List;

import com.lmax.disruptor.RingBuffer;

import dev.rill.engine.internal.Metered;
import dev.rill.engine.internal.RingInput;
import dev.rill.engine.internal.StageAgent;
import dev.rill.engine.internal.StageMeter;

/**
 * A snapshot of a running (or finished) pipeline's counters, from {@link Pipeline#metrics()}: per stage events in
 * and out, duty cycles, idle cycles and time waiting, and each input ring's occupancy; per source its counters
 * (log source: lag behind each partition's end); per operator with counters (parsers: malformed lines skipped);
 * late events. Taking one reads counters the stage threads publish with ordered writes: no lock, no pause.
 * Immutable. {@link #toTable()} renders it for the command line.
 */
public final class PipelineMetrics
{
    private final List<StageMetrics> stages;
    private final List<ComponentMetrics> sources;
    private final List<ComponentMetrics> operators;
    private final long lateEvents;

    private PipelineMetrics(final List<StageMetrics> stages, final List<ComponentMetrics> sources,
        final List<ComponentMetrics> operators, final long lateEvents)
    {
        this.stages = List.copyOf(stages);
        this.sources = List.copyOf(sources);
        this.operators = List.copyOf(operators);
        this.lateEvents = lateEvents;
    }

    static PipelineMetrics collect(
        final List<StageSpec> stageSpecs,
        final List<StageAgent> agents,
        final List<int[]> agentsByStage,
        final List<StageMeter> meters,
        final List<RingInput[][]> rings,
        final List<Metered> meteredOperators,
        final long lateEvents)
    {
        final List<StageMetrics> stages = new ArrayList<>();
        final List<ComponentMetrics> sources = new ArrayList<>();
        for (final StageSpec stage : stageSpecs)
        {
            long in = 0;
            long out = 0;
            long cycles = 0;
            long idleCycles = 0;
            long idleNs = 0;
            final List<RingMetrics> ringMetrics = new ArrayList<>();
            if (stage.id < agentsByStage.size())
            {
                final int[] range = agentsByStage.get(stage.id);
                for (int i = range[0]; i < range[1]; i++)
                {
                    in += agents.get(i).eventsIn();
                    final StageMeter meter = meters.get(i);
                    out += meter.eventsOut();
                    cycles += meter.dutyCycles();
                    idleCycles += meter.idleCycles();
                    idleNs += meter.idleNs();
                }
                for (final RingInput[] byShard : rings.get(stage.id))
                {
                    for (final RingInput input : byShard)
                    {
                        final RingBuffer<Event> ring = input.ring();
                        // published - consumed: not size - remaining capacity, which also counts the sequences
                        // a single-producer writer has claimed ahead in a run (RingWriter) and not filled yet
                        final long occupancy = ring.getCursor() - ring.getMinimumGatingSequence();
                        ringMetrics.add(new RingMetrics(input.name(), ring.getBufferSize(),
                            Math.max(0, Math.min(ring.getBufferSize(), occupancy))));
                    }
                }
            }
            stages.add(new StageMetrics(stage.id, stage.shards, in, out, cycles, idleCycles, idleNs, ringMetrics));
            if (stage.source instanceof Metered)
            {
                sources.add(snapshot((Metered)stage.source));
            }
        }
        final List<ComponentMetrics> operators = new ArrayList<>();
        for (final Metered operator : meteredOperators)
        {
            operators.add(snapshot(operator));
        }
        return new PipelineMetrics(stages, sources, operators, lateEvents);
    }

    private static ComponentMetrics snapshot(final Metered metered)
    {
        return new ComponentMetrics(metered.metricsName(), metered.counters(), metered.status());
    }

    /**
     * @return per stage, in stage order.
     */
    public List<StageMetrics> stages()
    {
        return stages;
    }

    /**
     * @param stageId stage, as numbered in {@link Pipeline#describe()}.
     * @return its metrics.
     */
    public StageMetrics stage(final int stageId)
    {
        if (stageId < 0 || stageId >= stages.size())
        {
            throw new IllegalArgumentException("no such stage: " + stageId + " (stages: " + stages.size() + ")");
        }
        return stages.get(stageId);
    }

    /**
     * @return sources with counters (log, socket, text files), in stage order.
     */
    public List<ComponentMetrics> sources()
    {
        return sources;
    }

    /**
     * @return operators with counters (parsers), in the order they were added.
     */
    public List<ComponentMetrics> operators()
    {
        return operators;
    }

    /**
     * @param name a source or operator name, as in the plan.
     * @return its metrics.
     * @throws IllegalArgumentException if there is none of that name.
     */
    public ComponentMetrics component(final String name)
    {
        for (final ComponentMetrics c : sources)
        {
            if (c.name().equals(name))
            {
                return c;
            }
        }
        for (final ComponentMetrics c : operators)
        {
            if (c.name().equals(name))
            {
                return c;
            }
        }
        throw new IllegalArgumentException("no source or operator with counters named " + name);
    }

    /**
     * @return events dropped by batch operators as late.
     */
    public long lateEvents()
    {
        return lateEvents;
    }

    /**
     * @return the snapshot as a text table: one row per stage, then one line per source and operator.
     */
    public String toTable()
    {
        final StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-5s %6s %14s %14s %12s %12s %10s  %s%n",
            "stage", "shards", "events in", "events out", "duty cycles", "idle cycles", "idle ms", "input rings"));
        for (final StageMetrics s : stages)
        {
            final StringBuilder ringText = new StringBuilder();
            for (final RingMetrics r : s.rings())
            {
                ringText.append(ringText.length() == 0 ? "" : ", ").append(r);
            }
            sb.append(String.format("%-5d %6d %14d %14d %12d %12d %10.1f  %s%n", s.stageId(), s.shards(),
                s.eventsIn(), s.eventsOut(), s.dutyCycles(), s.idleCycles(), s.idleNs() / 1e6,
                ringText.length() == 0 ? "-" : ringText));
        }
        for (final ComponentMetrics c : sources)
        {
            appendComponent(sb, "source", c);
        }
        for (final ComponentMetrics c : operators)
        {
            appendComponent(sb, "operator", c);
        }
        sb.append("late events: ").append(lateEvents).append(System.lineSeparator());
        return sb.toString();
    }

    private static void appendComponent(final StringBuilder sb, final String kind, final ComponentMetrics c)
    {
        sb.append(kind).append(' ').append(c.name()).append(':');
        c.counters().forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        if (!c.status().isEmpty())
        {
            sb.append(" (").append(c.status()).append(')');
        }
        sb.append(System.lineSeparator());
    }
}
