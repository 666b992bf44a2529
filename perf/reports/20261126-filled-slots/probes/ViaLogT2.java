package dev.rill.perf.w1;
import java.nio.file.*;
import dev.rill.engine.*;
import dev.rill.engine.workloads.*;
import dev.rill.log.*;
/** W1 via log threaded: standard pipeline vs the notional in the decoder (no map in the source stage), alternated. */
public final class ViaLogT2 {
    public static void main(String[] a) throws Exception {
        final long n = 20_000_000L;
        final Path dir = Files.createTempDirectory("vialogt");
        try (RillLog log = RillLog.open(dir)) {
            log.createTopic("w1", TopicConfig.builder(1).build());
            W1Pipeline.writeTopic(W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).build(), log, "w1", n, 10_000);
            if (Boolean.getBoolean("sync")) { dev.rill.perf.PerfFiles.forceToDisk(dir); System.out.println("synced"); }
            for (int round = 0; round < Integer.getInteger("rounds", 10); round++) {
                for (int v = 0; v < (Boolean.getBoolean("onlystd") ? 1 : 2); v++) {
                    final W1Pipeline.W1Sink sink = new W1Pipeline.W1Sink();
                    final long t0 = System.nanoTime();
                    try (Pipeline p = Pipeline.create(W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).build())) {
                        final boolean gen = Boolean.getBoolean("gen");
                        final EventStream src = gen ? p.generatorStream(10_000, n) : p.topicStream(log, LogSourceOptions.topic("w1").decoder(W1Pipeline.DECODE));
                        if (v == 1) {
                            src.repartition(1).update("notional", e -> e.long0(e.long0() * e.long1()))
                                .sumCountByKeyAndWindow(W1Pipeline.WINDOW_LENGTH_MS, W1Pipeline.SLIDE_MS, dev.rill.operators.window.KeySumCountFilter.NON_EMPTY)
                                .foreach("w1sink", sink);
                        } else W1Pipeline.build(src, 1, sink);
                        p.start();
                        p.awaitTermination(600_000);
                    }
                    final double eps = n * 1e9 / (System.nanoTime() - t0);
                    System.out.printf("round %d %s %.2fM checksum %d%n", round, v == 0 ? "standard" : "after   ", eps / 1e6, sink.result().checksum());
                }
            }
        } finally {
            try (var s = Files.walk(dir)) { s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete()); }
        }
    }
}
