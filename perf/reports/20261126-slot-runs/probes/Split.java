package dev.rill.perf.w1;

import dev.rill.engine.*;
import dev.rill.engine.workloads.W1Pipeline;

/** W1 stepped: stage 0 fills the ring, then stage 1 drains it, timed apart: ns per event of each stage on one thread. */
public final class Split
{
    public static void main(String[] a) throws Exception
    {
        final long n = Long.parseLong(a.length > 0 ? a[0] : "20000000");
        for (int round = 0; round < 5; round++)
        {
            final W1Pipeline.W1Sink sink = new W1Pipeline.W1Sink();
            long t0 = 0, t1 = 0;
            try (Pipeline p = Pipeline.create(W1Pipeline.config(ThreadingMode.STEPPING, WaitStrategy.BUSY_SPIN).build()))
            {
                W1Pipeline.build(p.generatorStream(10_000, n), 1, sink);
                p.start();
                while (!p.isTerminated())
                {
                    long s = System.nanoTime();
                    int w0 = 0, w;
                    while ((w = p.stepStage(0)) > 0) w0 += w;
                    t0 += System.nanoTime() - s;
                    s = System.nanoTime();
                    int w1 = 0;
                    while ((w = p.stepStage(1)) > 0) w1 += w;
                    t1 += System.nanoTime() - s;
                    if (w0 == 0 && w1 == 0) p.step();
                }
            }
            System.out.printf("round %d: stage0 %.2f ns/event, stage1 %.2f ns/event, checksum %d%n", round, t0 / (double)n, t1 / (double)n, sink.result().checksum());
        }
    }
}
