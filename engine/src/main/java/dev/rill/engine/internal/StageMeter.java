package dev.rill.engine.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counters of one stage shard: events out of its fused chain, duty cycles, idle duty cycles and nanoseconds spent
 * in the idle strategy. One writer (the shard's thread) with ordered (release) writes: no lock, no atomic
 * read-modify-write, no full fence on the hot path; any thread reads them (acquire).
 * <p>
 * Events out are counted with a plain increment per event and released once per duty cycle
 * ({@link #dutyCycle(int)}): a release store per event is a compiler barrier in the middle of the fused chain (the
 * JIT may not keep fields in registers across it), and a reader on another thread gains nothing from a count
 * fresher than the last duty cycle. The writer thread itself always reads the exact count.
 */
public final class StageMeter
{
    private static final VarHandle EVENTS_OUT;
    private static final VarHandle DUTY_CYCLES;
    private static final VarHandle IDLE_CYCLES;
    private static final VarHandle IDLE_NS;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            EVENTS_OUT = lookup.findVarHandle(StageMeter.class, "eventsOut", long.class);
            DUTY_CYCLES = lookup.findVarHandle(StageMeter.class, "dutyCycles", long.class);
            IDLE_CYCLES = lookup.findVarHandle(StageMeter.class, "idleCycles", long.class);
            IDLE_NS = lookup.findVarHandle(StageMeter.class, "idleNs", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private long eventsOut;
    private long dutyCycles;
    private long idleCycles;
    private long idleNs;

    /**
     * Writer thread: one event left the chain. Plain: other threads see it after the next {@link #dutyCycle(int)}
     * (or once the stage has closed).
     */
    public void eventOut()
    {
        eventsOut++;
    }

    /**
     * Writer thread: {@code count} events left the chain at once (a run of slots). Plain, as {@link #eventOut()}.
     *
     * @param count events.
     */
    public void eventsOut(final int count)
    {
        eventsOut += count;
    }

    /**
     * Writer thread: a duty cycle ended.
     *
     * @param work work it did; 0 is an idle cycle.
     */
    public void dutyCycle(final int work)
    {
        EVENTS_OUT.setRelease(this, eventsOut);
        DUTY_CYCLES.setRelease(this, dutyCycles + 1);
        if (work <= 0)
        {
            IDLE_CYCLES.setRelease(this, idleCycles + 1);
        }
    }

    /**
     * Writer thread: time spent in the idle strategy.
     *
     * @param ns nanoseconds.
     */
    public void idled(final long ns)
    {
        IDLE_NS.setRelease(this, idleNs + ns);
    }

    /**
     * @return events out so far: exact on the writer thread, as of the last duty cycle on any other.
     */
    public long eventsOut()
    {
        return (long)EVENTS_OUT.getAcquire(this);
    }

    /**
     * @return duty cycles so far.
     */
    public long dutyCycles()
    {
        return (long)DUTY_CYCLES.getAcquire(this);
    }

    /**
     * @return duty cycles that did no work.
     */
    public long idleCycles()
    {
        return (long)IDLE_CYCLES.getAcquire(this);
    }

    /**
     * @return nanoseconds spent in the idle strategy (dedicated threads only; 0 in stepping mode).
     */
    public long idleNs()
    {
        return (long)IDLE_NS.getAcquire(this);
    }
}
