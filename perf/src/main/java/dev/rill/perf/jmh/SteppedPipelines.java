package dev.rill.perf.jmh;

import dev.rill.engine.Pipeline;

/**
 * The benchmark thread's duty cycles of a stepping pipeline over an unbounded generator. Not thread-safe: the
 * benchmark's own thread only.
 */
final class SteppedPipelines
{
    private SteppedPipelines()
    {
    }

    /**
     * Steps every stage of {@code pipeline} until its operators have counted {@code events} more events (it may
     * overshoot by one duty-cycle batch).
     *
     * @param pipeline a started pipeline in stepping mode.
     * @param counted  the count an operator of the pipeline raises per event, in {@code counted[0]}.
     * @param events   events to process.
     */
    static void stepThrough(final Pipeline pipeline, final long[] counted, final int events)
    {
        final long target = counted[0] + events;
        while (counted[0] < target)
        {
            pipeline.step();
        }
    }
}
