package dev.rill.perf.w1;
import dev.rill.engine.*;
import dev.rill.engine.workloads.*;
import dev.rill.log.*;
import dev.rill.operators.window.KeySumCountFilter;
import java.nio.file.*;

/** W1 with the window in the source stage (no repartition) against W1Pipeline (repartition(1)), via log and generator. */
public final class FusedProbe
{
    public static void main(String[] a) throws Exception
    {
        final long n = Long.getLong("n", 20_000_000L);
        final String[] variants = System.getProperty("variants", "log-fused,log-ring,gen-fused,gen-ring").split(",");
        final Path dir = Files.createTempDirectory("fused");
        try (RillLog log = RillLog.open(dir))
        {
            log.createTopic("w1", TopicConfig.builder(1).build());
            W1Pipeline.writeTopic(W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).build(), log, "w1", n, 10_000);
            log.createTopic("w1p2", TopicConfig.builder(2).build());
            W1Pipeline.writeTopic(W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).build(), log, "w1p2", n, 10_000);
            for (int round = 0; round < Integer.getInteger("rounds", 5); round++)
            {
                StringBuilder sb = new StringBuilder("round " + round + ":");
                for (String v : variants)
                {
                    if (v.equals("base")) { long b0 = System.nanoTime(); W1Result br = dev.rill.perf.w1.DisruptorW1.run(n, 10_000, 10); sb.append(String.format(" base %.1fM (%d %d)", n * 1e3 / (System.nanoTime() - b0), br.records(), br.checksum())); continue; }
                    final PipelineConfig config = W1Pipeline.config(ThreadingMode.valueOf(System.getProperty("mode", "DEDICATED")), WaitStrategy.YIELDING).ringSize(Integer.getInteger("ring", 1 << 14)).build();
                    final W1Pipeline.W1Sink sink = new W1Pipeline.W1Sink();
                    long t0 = System.nanoTime();
                    try (Pipeline p = Pipeline.create(config))
                    {
                        if (v.startsWith("genP"))
                        {
                            W1Result r = W1Pipeline.runGeneratorByPartition(config, n, 10_000, Integer.parseInt(v.substring(4)));
                            long t = System.nanoTime() - t0;
                            sb.append(String.format(" %s %.1fM (%d %d)", v, n * 1e3 / t, r.records(), r.checksum()));
                            continue;
                        }
                        if (v.equals("gen2-split"))
                        {
                            final W1Pipeline.W1Sink[] sinks = { new W1Pipeline.W1Sink(), new W1Pipeline.W1Sink() };
                            for (int q = 0; q < 2; q++)
                            {
                                final int part = q;
                                p.generatorStream(10_000, n).filter(e -> KeyHash.shardFor(e.key(), 2) == part)
                                    .update("notional", e -> e.long0(e.long0() * e.long1()))
                                    .sumCountByKeyAndWindow(1000, 100, KeySumCountFilter.NON_EMPTY).foreach("w1sink" + q, sinks[q]);
                            }
                            if (round == 0) System.out.println(p.describe());
                            p.start();
                            if (!p.awaitTermination(600_000)) throw new IllegalStateException("no end");
                            long t = System.nanoTime() - t0;
                            W1Result r0 = sinks[0].result(), r1 = sinks[1].result();
                            sb.append(String.format(" %s %.1fM (%d %d)", v, n * 1e3 / t, r0.records() + r1.records(), r0.checksum() + r1.checksum()));
                            continue;
                        }
                        if (v.equals("log2-split"))
                        {
                            final W1Pipeline.W1Sink[] sinks = { new W1Pipeline.W1Sink(), new W1Pipeline.W1Sink() };
                            for (int q = 0; q < 2; q++)
                                p.topicStream(log, LogSourceOptions.topic("w1p2").partitions(q).decoder(W1Pipeline.DECODE))
                                    .update("notional", e -> e.long0(e.long0() * e.long1()))
                                    .sumCountByKeyAndWindow(1000, 100, KeySumCountFilter.NON_EMPTY).foreach("w1sink" + q, sinks[q]);
                            if (round == 0) System.out.println(p.describe());
                            p.start();
                            if (!p.awaitTermination(600_000)) throw new IllegalStateException("no end");
                            long t = System.nanoTime() - t0;
                            W1Result r0 = sinks[0].result(), r1 = sinks[1].result();
                            sb.append(String.format(" %s %.1fM (%d %d)", v, n * 1e3 / t, r0.records() + r1.records(), r0.checksum() + r1.checksum()));
                            continue;
                        }
                        if (v.equals("log2-fused"))
                        {
                            EventStream[] w = new EventStream[2];
                            for (int q = 0; q < 2; q++)
                                w[q] = p.topicStream(log, LogSourceOptions.topic("w1p2").partitions(q).decoder(W1Pipeline.DECODE))
                                    .update("notional", e -> e.long0(e.long0() * e.long1()))
                                    .sumCountByKeyAndWindow(1000, 100, KeySumCountFilter.NON_EMPTY);
                            w[0].union(w[1]).foreach("w1sink", sink);
                            if (round == 0) System.out.println(p.describe());
                            p.start();
                            if (!p.awaitTermination(600_000)) throw new IllegalStateException("no end");
                            long t = System.nanoTime() - t0;
                            W1Result r = sink.result();
                            sb.append(String.format(" %s %.1fM (%d %d)", v, n * 1e3 / t, r.records(), r.checksum()));
                            continue;
                        }
                        EventStream s = v.startsWith("log") ? p.topicStream(log, LogSourceOptions.topic("w1").decoder(W1Pipeline.DECODE)) : p.generatorStream(10_000, n);
                        s = s.update("notional", e -> e.long0(e.long0() * e.long1()));
                        if (v.endsWith("ring")) s = s.repartition(1);
                        s.sumCountByKeyAndWindow(1000, 100, KeySumCountFilter.NON_EMPTY).foreach("w1sink", sink);
                        if (round == 0 && v.equals(variants[0])) System.out.println(p.describe());
                        p.start();
                        if (!p.awaitTermination(600_000)) throw new IllegalStateException("no end");
                    }
                    long t = System.nanoTime() - t0;
                    W1Result r = sink.result();
                    sb.append(String.format(" %s %.1fM (%d %d)", v, n * 1e3 / t, r.records(), r.checksum()));
                }
                System.out.println(sb);
            }
        }
    }
}
