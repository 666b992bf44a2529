package dev.rill.perf.w1;

import java.nio.file.*;
import org.agrona.concurrent.UnsafeBuffer;
import dev.rill.log.*;

/** Read cost per record against records per batch, topic small enough to stay in cache. */
public final class BatchSizeRead
{
    static long sum;

    public static void main(String[] a) throws Exception
    {
        final int n = 200_000;
        final Path dir = Files.createTempDirectory("bsr");
        try (RillLog log = RillLog.open(dir))
        {
            final int[] sizes = {1, 16, 64, 256, 1024};
            for (int b : sizes)
            {
                final Topic t = log.createTopic("t" + b, TopicConfig.builder(1).build());
                final ProducerBatch batch = t.producer().batch(0, 1 << 16);
                final UnsafeBuffer k = new UnsafeBuffer(new byte[8]), v = new UnsafeBuffer(new byte[16]);
                for (int i = 0; i < n; i++)
                {
                    k.putLong(0, i % 10_000); v.putLong(0, i); v.putLong(8, i);
                    if (!batch.add(1_000_000L * i, k, 0, 8, v, 0, 16)) { batch.commit(); batch.add(1_000_000L * i, k, 0, 8, v, 0, 16); }
                    if (batch.size() >= b) batch.commit();
                }
                batch.commit();
            }
            final RecordHandler h = r -> sum += r.buffer().getLong(r.keyOffset());
            for (int round = 0; round < 6; round++)
            {
                final StringBuilder sb = new StringBuilder("round " + round + ":");
                for (int b : sizes)
                {
                    long best = Long.MAX_VALUE;
                    for (int rep = 0; rep < 5; rep++)
                    try (Consumer c = log.topic("t" + b).consumer(ConsumerOptions.fromEarliest()))
                    {
                        final long t0 = System.nanoTime();
                        long read = 0;
                        while (read < n) read += c.poll(h, 256);
                        best = Math.min(best, System.nanoTime() - t0);
                    }
                    sb.append(String.format(" B=%d %.2f ns", b, best / (double)n));
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
