package dev.rill.perf.w1;

import java.nio.file.*;
import dev.rill.engine.*;
import dev.rill.engine.workloads.*;
import dev.rill.log.*;

/** How many records the W1 topic's batches hold, and the read cost per poll size (ns/record), one thread. */
public final class BatchCount
{
    public static void main(String[] a) throws Exception
    {
        final long n = 5_000_000L;
        final Path dir = Files.createTempDirectory("batchcount");
        try (RillLog log = RillLog.open(dir))
        {
            final Topic topic = log.createTopic("w1", TopicConfig.builder(1).build());
            W1Pipeline.writeTopic(W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).build(), log, "w1", n, 10_000);
            final long[] stats = new long[3];
            try (Consumer c = topic.consumer(ConsumerOptions.fromEarliest()))
            {
                while (c.poll(r -> { if (r.batchBaseOffset() != stats[2] || stats[0] == 0) { stats[0]++; stats[2] = r.batchBaseOffset(); } stats[1]++; }, 100_000) > 0) { }
            }
            System.out.printf("records %d batches %d records/batch %.1f%n", stats[1], stats[0], stats[1] / (double)stats[0]);
            for (int round = 0; round < 4; round++)
            {
                for (final int poll : new int[] {64, 256, 1024, 4096, 100_000})
                {
                    final long[] sum = new long[1];
                    final long t0 = System.nanoTime();
                    try (Consumer c = topic.consumer(ConsumerOptions.fromEarliest()))
                    {
                        while (c.poll(r -> sum[0] += r.offset(), poll) > 0) { }
                    }
                    System.out.printf("round %d poll %6d: %.2f ns/record%n", round, poll, (System.nanoTime() - t0) / (double)n);
                }
            }
        }
    }
}
