package dev.rill.perf.w1;

import dev.rill.engine.*;
import dev.rill.engine.workloads.W1Pipeline;
import dev.rill.operators.window.KeySumCountFilter;

/** W1 stepped with the notional update in the source stage (as W1Pipeline) or after the repartition (-Dmoved). */
public final class SplitMoved
{
    public static void main(String[] a) throws Exception
    {
        final long n = 20_000_000L;
        final boolean moved = Boolean.getBoolean("moved");
        double best0 = 1e9, best1 = 1e9;
        for (int round = 0; round < 8; round++)
        {
            final W1Pipeline.W1Sink sink = new W1Pipeline.W1Sink();
            long t0 = 0, t1 = 0;
            try (Pipeline p = Pipeline.create(W1Pipeline.config(ThreadingMode.STEPPING, WaitStrategy.BUSY_SPIN).build()))
            {
                EventStream s = p.generatorStream(10_000, n);
                if (!moved) s = s.update("notional", e -> e.long0(e.long0() * e.long1()));
                s = s.repartition(1);
                if (moved) s = s.update("notional", e -> e.long0(e.long0() * e.long1()));
                s.sumCountByKeyAndWindow(1000, 100, KeySumCountFilter.NON_EMPTY).foreach("w1sink", sink);
                p.start();
                while (!p.isTerminated())
                {
                    long st = System.nanoTime();
                    int w0 = 0, w;
                    while ((w = p.stepStage(0)) > 0) w0 += w;
                    t0 += System.nanoTime() - st;
                    st = System.nanoTime();
                    int w1 = 0;
                    while ((w = p.stepStage(1)) > 0) w1 += w;
                    t1 += System.nanoTime() - st;
                    if (w0 == 0 && w1 == 0) p.step();
                }
            }
            if (round >= 3) { best0 = Math.min(best0, t0 / (double)n); best1 = Math.min(best1, t1 / (double)n); }
            if (sink.result().checksum() != 3664121743608630L) throw new AssertionError("checksum " + sink.result().checksum());
        }
        System.out.printf("moved=%s: best stage0 %.2f ns/event, best stage1 %.2f ns/event%n", moved, best0, best1);
    }
}
