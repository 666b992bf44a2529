package dev.rill.perf.w1;

import dev.rill.engine.*;
import dev.rill.engine.workloads.*;

/** W1 threaded with batch sizes from the command line, alternated: events/s and duty cycles per stage. */
public final class Batch
{
    public static void main(String[] a) throws Exception
    {
        final long n = 20_000_000L;
        for (int i = 0; i < 2; i++) W1Pipeline.runGenerator(W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).build(), n, 10_000, 1);
        for (int round = 0; round < Integer.getInteger("rounds", 3); round++)
        {
            for (String b : a)
            {
                final PipelineConfig config = W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).batchSize(Integer.parseInt(b.split(":")[0])).ringSize(Integer.parseInt(b.split(":")[1])).build();
                final W1Pipeline.W1Sink sink = new W1Pipeline.W1Sink();
                final long t0 = System.nanoTime();
                String cycles = "";
                try (Pipeline p = Pipeline.create(config))
                {
                    W1Pipeline.build(p.generatorStream(10_000, n), 1, sink);
                    p.start();
                    if (!p.awaitTermination(600_000)) throw new IllegalStateException("W1 did not end");
                    for (StageMetrics s : p.metrics().stages()) cycles += " s" + s.stageId() + " cycles=" + s.dutyCycles() + " idle=" + s.idleCycles();
                }
                final double secs = (System.nanoTime() - t0) / 1e9;
                System.out.printf("batch %s: %.2fM events/s%s checksum %d%n", b, n / secs / 1e6, cycles, sink.result().checksum());
            }
        }
    }
}
