package dev.rill.perf.w1;

import java.nio.file.*;
import dev.rill.engine.*;
import dev.rill.engine.workloads.*;
import dev.rill.log.*;

/** Consumer.poll over W1's topic (64-record batches) with polls of K records: ns per record, single thread. */
public final class PollSize
{
    static long sum;

    public static void main(String[] a) throws Exception
    {
        final long n = Long.getLong("n", 10_000_000L);
        final Path dir = Files.createTempDirectory("pollsize");
        try (RillLog log = RillLog.open(dir))
        {
            log.createTopic("w1", TopicConfig.builder(1).build());
            W1Pipeline.writeTopic(W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).build(), log, "w1", n, 10_000);
            final Topic topic = log.topic("w1");
            final RecordHandler h = r -> sum += r.buffer().getLong(r.keyOffset());
            for (int round = 0; round < 4; round++)
            {
                final StringBuilder sb = new StringBuilder("round " + round + ":");
                for (String k : a)
                {
                    final int K = Integer.parseInt(k);
                    try (Consumer c = topic.consumer(ConsumerOptions.fromEarliest()))
                    {
                        final long t0 = System.nanoTime();
                        long read = 0;
                        while (read < n) read += c.poll(h, K);
                        sb.append(String.format(" K=%d %.2f ns", K, (System.nanoTime() - t0) / (double)n));
                    }
                }
                System.out.println(sb);
            }
        }
        finally
        {
            try (var s = Files.walk(dir)) { s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete()); }
        }
    }
}
