package dev.rill.perf.w1;

import dev.rill.engine.*;
import dev.rill.engine.workloads.W1Pipeline;

public final class Idle
{
    public static void main(String[] a) throws Exception
    {
        final long n = 20_000_000L;
        for (int round = 0; round < 5; round++)
        {
            final W1Pipeline.W1Sink sink = new W1Pipeline.W1Sink();
            try (Pipeline p = Pipeline.create(W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).ringSize(Integer.getInteger("ring", 1 << 14)).build()))
            {
                W1Pipeline.build(p.generatorStream(10_000, n), 1, sink);
                final long t0 = System.nanoTime();
                p.start();
                p.awaitTermination(600_000);
                final long t = System.nanoTime() - t0;
                final StringBuilder sb = new StringBuilder(String.format("round %d: %.1fM/s", round, n * 1e3 / t));
                for (StageMetrics s : p.metrics().stages())
                {
                    sb.append(String.format(" | s%d cycles=%d idle=%d idleNs=%.0fms (%.0f%%)", s.stageId(), s.dutyCycles(), s.idleCycles(), s.idleNs() / 1e6, 100.0 * s.idleNs() / t));
                }
                System.out.println(sb);
            }
        }
    }
}
