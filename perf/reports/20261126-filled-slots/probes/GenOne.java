package dev.rill.perf.w1;
import java.nio.file.*;
import dev.rill.engine.*;
import dev.rill.engine.workloads.*;
import dev.rill.log.*;
/** W1 via log threaded, one variant per JVM (-Dnomap=true: notional in the decoder), many rounds, for profiling. */
public final class GenOne {
    public static void main(String[] a) throws Exception {
        final long n = 20_000_000L;
        final Path dir = Files.createTempDirectory("genone");
        try (RillLog log = RillLog.open(dir)) {
            log.createTopic("w1", TopicConfig.builder(1).build());

            final boolean nomap = Boolean.getBoolean("nomap");
            for (int round = 0; round < Integer.getInteger("rounds", 10); round++) {
                final W1Pipeline.W1Sink sink = new W1Pipeline.W1Sink();
                final long t0 = System.nanoTime();
                try (Pipeline p = Pipeline.create(W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).ringSize(Integer.getInteger("ring", 16384)).build())) {
                    W1Pipeline.build(p.generatorStream(10_000, n), 1, sink);
                    p.start();
                    p.awaitTermination(600_000);
                }
                System.out.printf("round %d %.2fM checksum %d%n", round, n * 1e9 / (System.nanoTime() - t0) / 1e6, sink.result().checksum());
            }
        } finally {
            try (var s = Files.walk(dir)) { s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete()); }
        }
    }
}
