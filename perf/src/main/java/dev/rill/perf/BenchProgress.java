package dev.rill.perf;

import java.io.PrintWriter;

/**
 * Where a workload harness reports how far it is: the events it plans to process (all engines, runs and warm-ups
 * together), the events done so far, and one line per finished step. {@code rill bench} draws a progress line from
 * it; the harnesses' own {@code main} prints the notes. Called from the harness's thread and, for the last notes of
 * an interrupted run, from its shutdown hook: implementations must be thread-safe. Not on any per-event path.
 */
public interface BenchProgress
{
    /**
     * @param events events added to the plan (called once up front, and again when a step adds work).
     */
    void expect(long events);

    /**
     * @param events events processed so far, all steps together; non-decreasing.
     */
    void done(long events);

    /**
     * @param line one line about a finished step (a run's rate, a warm-up, a check), without a newline.
     */
    void note(String line);

    /**
     * @param err    where the notes go.
     * @param prefix put before each note, e.g. {@code "W1: "}.
     * @return progress that prints notes only.
     */
    static BenchProgress notes(final PrintWriter err, final String prefix)
    {
        return new BenchProgress()
        {
            @Override
            public void expect(final long events)
            {
            }

            @Override
            public void done(final long events)
            {
            }

            @Override
            public synchronized void note(final String line)
            {
                err.println(prefix + line);
                err.flush();
            }
        };
    }
}
