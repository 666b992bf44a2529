package dev.rill.perf.w1;

import java.nio.file.*;
import dev.rill.engine.*;
import dev.rill.engine.workloads.*;
import dev.rill.log.*;

/** Consumer.poll over W1's topic: trivial handler vs LogSource's decode into a ring of events. */
public final class DecodeCost
{
    static long sum;

    public static void main(String[] a) throws Exception
    {
        final long n = Long.getLong("n", 2_000_000L);
        final Path dir = Files.createTempDirectory("decode");
        try (RillLog log = RillLog.open(dir))
        {
            log.createTopic("w1", TopicConfig.builder(1).build());
            W1Pipeline.writeTopic(W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).build(), log, "w1", n, 10_000);
            final Topic topic = log.topic("w1");
            final Event[] ring = new Event[16384];
            for (int i = 0; i < ring.length; i++) ring[i] = new Event();
            final long[] seq = {0};
            final RecordHandler trivial = r -> sum += r.buffer().getLong(r.keyOffset());
            final RecordHandler clearOnly = r -> { Event e = ring[(int)(seq[0]++ & 16383)]; e.clear("w1", r.partition(), r.offset()).eventTimeNs(r.timestampNs()); };
            final RecordHandler full = r -> { Event e = ring[(int)(seq[0]++ & 16383)]; e.clear("w1", r.partition(), r.offset()).eventTimeNs(r.timestampNs()); W1Pipeline.DECODE.decode(r, e); };
            final RecordHandler decodeOnly = r -> { Event e = ring[(int)(seq[0]++ & 16383)]; W1Pipeline.DECODE.decode(r, e); };
            final RecordHandler[] hs = {trivial, clearOnly, decodeOnly, full};
            final String[] names = {"trivial", "clear", "decode", "clear+decode"};
            for (int round = 0; round < 5; round++)
            {
                final StringBuilder sb = new StringBuilder("round " + round + ":");
                for (int h = 0; h < hs.length; h++)
                {
                    try (Consumer c = topic.consumer(ConsumerOptions.fromEarliest()))
                    {
                        final long t0 = System.nanoTime();
                        long read = 0;
                        while (read < n) read += c.poll(hs[h], 64);
                        sb.append(String.format(" %s %.2f ns", names[h], (System.nanoTime() - t0) / (double)n));
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
