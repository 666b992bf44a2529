package dev.rill.perf.w1;

import dev.rill.engine.*;
import dev.rill.engine.workloads.*;

/** W1 at K keys (default 1M), repeated (for JFR): events/s per run. */
public final class Keys1M
{
    public static void main(String[] a) throws Exception
    {
        final int keys = Integer.getInteger("keys", 1_000_000);
        final long n = Long.getLong("events", 5_000_000L);
        for (int r = 0; r < Integer.getInteger("runs", 4); r++)
        {
            final long t0 = System.nanoTime();
            final W1Result res = W1Pipeline.runGenerator(W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).build(), n, keys, 1);
            final double s = (System.nanoTime() - t0) / 1e9;
            final long t1 = System.nanoTime();
            final W1Result base = DisruptorW1.run(n, keys, 10);
            final double sb = (System.nanoTime() - t1) / 1e9;
            System.out.printf("run %d: rill %.2fM events/s, baseline %.2fM, records %d %s%n", r, n / s / 1e6, n / sb / 1e6, res.records(), res.equals(base) ? "equal" : "DIFFER");
        }
    }
}
