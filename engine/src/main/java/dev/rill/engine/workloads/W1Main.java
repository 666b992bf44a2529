package dev.rill.engine.workloads;

import dev.rill.engine.PipelineConfig;
import dev.rill.engine.ThreadingMode;
import dev.rill.engine.WaitStrategy;

/**
 * Runs W1 once through the engine (generator source, dedicated threads) for each shard count given, and the
 * single-threaded reference, and prints records, checksum and whether they agree:
 * {@code W1Main [events=20000000] [symbols=10000] [shards=1,2]}. Not a benchmark (see the perf module): the
 * wall time printed is one cold run.
 */
public final class W1Main
{
    private W1Main()
    {
    }

    /**
     * @param args events, symbols, comma-separated shard counts.
     * @throws InterruptedException if interrupted.
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final long events = args.length > 0 ? Long.parseLong(args[0]) : 20_000_000L;
        final int symbols = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        final String[] shardCounts = (args.length > 2 ? args[2] : "1,2").split(",");
        long start = System.nanoTime();
        final W1Result reference = W1Reference.run(events, symbols);
        System.out.printf("W1 N=%d K=%d reference: %s (%d ms)%n", events, symbols, reference,
            (System.nanoTime() - start) / 1_000_000);
        boolean allEqual = true;
        for (final String shards : shardCounts)
        {
            final PipelineConfig config = W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).build();
            start = System.nanoTime();
            final W1Result result = W1Pipeline.runGenerator(config, events, symbols, Integer.parseInt(shards));
            final long ms = (System.nanoTime() - start) / 1_000_000;
            final boolean equal = result.equals(reference);
            allEqual &= equal;
            System.out.printf("W1 N=%d K=%d rill shards=%s: %s (%d ms, %s reference)%n", events, symbols, shards,
                result, ms, equal ? "equals" : "DIFFERS FROM");
        }
        if (!allEqual)
        {
            System.exit(1);
        }
    }
}
