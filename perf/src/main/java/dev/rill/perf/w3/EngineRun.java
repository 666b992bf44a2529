package dev.rill.perf.w3;

/**
 * What one engine did in one run: per phase the wall time, the tally, the bytes this thread allocated and the
 * collections that ran; and the bytes its files took on disk after the append.
 */
final class EngineRun
{
    final String engine;
    final int run;
    final long[] nanos = new long[Phase.values().length];
    /** CPU time (user + system) of the benchmark thread per phase. */
    final long[] cpuNanos = new long[Phase.values().length];
    /** User-mode CPU time of the benchmark thread per phase; the rest of {@link #cpuNanos} is kernel time. */
    final long[] userNanos = new long[Phase.values().length];
    /** Minor page faults of the benchmark thread per phase (/proc/thread-self/stat), -1 if unknown. */
    final long[] minorFaults = new long[Phase.values().length];
    final Tally[] tallies = new Tally[Phase.values().length];
    final long[] allocatedBytes = new long[Phase.values().length];
    final long[] gcCount = new long[Phase.values().length];
    long diskBytes;
    /** Dirty and under-writeback page cache (/proc/meminfo) right after the append, in kB; -1 if unknown. */
    long dirtyKbAfterAppend = -1;
    long writebackKbAfterAppend = -1;

    EngineRun(final String engine, final int run)
    {
        this.engine = engine;
        this.run = run;
        for (int i = 0; i < tallies.length; i++)
        {
            tallies[i] = new Tally();
        }
    }

    Tally tally(final Phase phase)
    {
        return tallies[phase.ordinal()];
    }

    double seconds(final Phase phase)
    {
        return nanos[phase.ordinal()] / 1e9;
    }

    double recordsPerSecond(final Phase phase)
    {
        return tally(phase).count / seconds(phase);
    }

    /**
     * Records per second of the benchmark thread's CPU time: page faults (system time) count, time spent waiting
     * for a CPU that other processes hold does not, so this is steadier than wall time on a shared machine.
     */
    double recordsPerCpuSecond(final Phase phase)
    {
        return tally(phase).count / (cpuNanos[phase.ordinal()] / 1e9);
    }
}
