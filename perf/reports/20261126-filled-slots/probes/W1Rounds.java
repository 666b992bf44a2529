package dev.rill.perf.w1;

import java.nio.file.*;
import dev.rill.engine.*;
import dev.rill.engine.workloads.*;
import dev.rill.log.*;

/**
 * Throwaway probe: W1 threaded (DEDICATED, YIELDING), a new pipeline per round in one JVM, the variants alternated
 * round by round. Properties:
 *   -Dgen=true          the generator as the source (default: a topic of the generator's events, written and synced
 *                       first)
 *   -Dvariants=a,b,...  standard (W1Pipeline.build), nomap (the notional computed in the decoder, no update),
 *                       after (the update placed after repartition(1), in the window stage); default standard
 *   -Drounds=N, -Devents=N, -Dring=N (ring slots; W1's 16,384 by default)
 * Was ViaLogT (standard,nomap), ViaLogT2 (standard,after), ViaLogOne (one variant per JVM) and GenOne (-Dgen=true).
 */
public final class W1Rounds
{
    public static void main(String[] a) throws Exception
    {
        final long n = Long.getLong("events", 20_000_000L);
        final boolean gen = Boolean.getBoolean("gen");
        final String[] variants = System.getProperty("variants", "standard").split(",");
        final Path dir = Files.createTempDirectory("w1rounds");
        try (RillLog log = RillLog.open(dir))
        {
            if (!gen)
            {
                log.createTopic("w1", TopicConfig.builder(1).build());
                W1Pipeline.writeTopic(W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).build(), log,
                    "w1", n, 10_000);
                dev.rill.perf.PerfFiles.forceToDisk(dir);
            }
            for (int round = 0; round < Integer.getInteger("rounds", 10); round++)
            {
                for (final String variant : variants)
                {
                    final W1Pipeline.W1Sink sink = new W1Pipeline.W1Sink();
                    final long t0 = System.nanoTime();
                    try (Pipeline p = Pipeline.create(W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING)
                        .ringSize(Integer.getInteger("ring", 1 << 14)).build()))
                    {
                        final RecordDecoder decoder = variant.equals("nomap") ? SplitLog.FUSED : W1Pipeline.DECODE;
                        final EventStream source = gen ? p.generatorStream(10_000, n) :
                            p.topicStream(log, LogSourceOptions.topic("w1").decoder(decoder));
                        switch (variant)
                        {
                            case "standard" -> W1Pipeline.build(source, 1, sink);
                            case "nomap" -> window(source.repartition(1), sink);
                            case "after" -> window(source.repartition(1).update("notional", e -> e.long0(e.long0() * e.long1())), sink);
                            default -> throw new IllegalArgumentException("variant: " + variant);
                        }
                        p.start();
                        p.awaitTermination(600_000);
                    }
                    System.out.printf("round %d %-8s %.2fM checksum %d%n", round, variant,
                        n * 1e9 / (System.nanoTime() - t0) / 1e6, sink.result().checksum());
                }
            }
        }
        finally
        {
            try (var s = Files.walk(dir))
            {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static void window(final EventStream notional, final W1Pipeline.W1Sink sink)
    {
        notional.sumCountByKeyAndWindow(W1Pipeline.WINDOW_LENGTH_MS, W1Pipeline.SLIDE_MS,
            dev.rill.operators.window.KeySumCountFilter.NON_EMPTY).foreach("w1sink", sink);
    }
}
