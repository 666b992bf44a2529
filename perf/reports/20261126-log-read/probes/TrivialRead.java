package dev.rill.perf.w1;

import java.nio.file.*;
import dev.rill.engine.*;
import dev.rill.engine.workloads.*;
import dev.rill.log.*;

/** One monomorphic trivial handler over the W1 topic: ns per record of the Consumer's read alone. */
public final class TrivialRead
{
    public static void main(String[] a) throws Exception
    {
        final long n = 20_000_000L;
        final int rounds = Integer.getInteger("rounds", 8);
        final int poll = Integer.getInteger("poll", 256);
        final Path dir = Files.createTempDirectory("trivialread");
        try (RillLog log = RillLog.open(dir))
        {
            final Topic t = log.createTopic("w1", TopicConfig.builder(1).build());
            W1Pipeline.writeTopic(W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).build(), log, "w1", n, 10_000);
            final long[] sum = new long[1];
            final RecordHandler trivial = r -> sum[0] += r.offset();
            System.out.println("pid " + ProcessHandle.current().pid());
            for (int round = 0; round < rounds; round++)
            {
                final long t0 = System.nanoTime();
                try (Consumer c = t.consumer(ConsumerOptions.fromEarliest()))
                {
                    while (c.poll(trivial, poll) > 0) { }
                }
                System.out.printf("round %d trivial %.2f ns %d%n", round, (System.nanoTime() - t0) / (double)n, sum[0]);
            }
        }
    }
}
