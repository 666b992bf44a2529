package dev.rill.perf.w1;

import dev.rill.engine.*;

/** Stepped: generator -> update -> repartition(1) -> foreach(sum); stage 1 is the ring-fed stage's machinery alone. */
public final class SplitNoWin
{
    public static void main(String[] a) throws Exception
    {
        final long n = 20_000_000L;
        for (int round = 0; round < 5; round++)
        {
            final long[] sum = new long[1];
            long t0 = 0, t1 = 0;
            try (Pipeline p = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING).ringSize(1 << 14).build()))
            {
                p.generatorStream(10_000, n).update("notional", e -> e.long0(e.long0() * e.long1())).repartition(1)
                    .foreach("sum", e -> sum[0] += e.long0() + e.key());
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
            System.out.printf("round %d: stage0 %.2f ns/event, stage1 (foreach) %.2f ns/event, sum %d%n", round, t0 / (double)n, t1 / (double)n, sum[0]);
        }
    }
}
