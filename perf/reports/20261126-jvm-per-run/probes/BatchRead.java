package dev.rill.perf.w1;

import java.nio.ByteOrder;
import java.nio.file.*;
import org.agrona.concurrent.UnsafeBuffer;
import dev.rill.engine.*;
import dev.rill.log.*;

/** Read cost (ns/record, trivial handler, poll 256) of W1-shaped topics written with batches of B records. */
public final class BatchRead
{
    public static void main(String[] a) throws Exception
    {
        final long n = 5_000_000L;
        final int[] sizes = {64, 256, 1024, 2048};
        final Path dir = Files.createTempDirectory("batchread");
        try (RillLog log = RillLog.open(dir))
        {
            final ReferenceGenerator g = new ReferenceGenerator(10_000);
            final Event e = new Event();
            final UnsafeBuffer key = new UnsafeBuffer(new byte[8]);
            final UnsafeBuffer value = new UnsafeBuffer(new byte[16]);
            for (final int b : sizes)
            {
                final Topic t = log.createTopic("w1-" + b, TopicConfig.builder(1).build());
                final ProducerBatch batch = t.producer().batch(0);
                for (long i = 0; i < n; i++)
                {
                    g.fill(i, e);
                    key.putLong(0, e.key(), ByteOrder.LITTLE_ENDIAN);
                    value.putLong(0, e.long0(), ByteOrder.LITTLE_ENDIAN);
                    value.putLong(8, e.long1(), ByteOrder.LITTLE_ENDIAN);
                    if (!batch.add(e.eventTimeNs(), key, 0, 8, value, 0, 16)) throw new IllegalStateException("full at " + batch.size());
                    if (batch.size() == b) batch.commit();
                }
                batch.commit();
            }
            for (int round = 0; round < 5; round++)
            {
                final StringBuilder sb = new StringBuilder("round " + round + ":");
                for (final int b : sizes)
                {
                    final long[] sum = new long[1];
                    final long t0 = System.nanoTime();
                    try (Consumer c = log.topic("w1-" + b).consumer(ConsumerOptions.fromEarliest()))
                    {
                        while (c.poll(r -> sum[0] += r.offset() + r.buffer().getLong(r.valueOffset(), ByteOrder.LITTLE_ENDIAN), 256) > 0) { }
                    }
                    sb.append(String.format("  batch %d: %.2f ns", b, (System.nanoTime() - t0) / (double)n));
                }
                System.out.println(sb);
            }
        }
    }
}
