package dev.rill.perf.w1;

import java.nio.file.*;
import dev.rill.engine.*;
import dev.rill.engine.workloads.*;
import dev.rill.log.*;

/** W1 through the log stepped: the source stage (log read) and the window stage timed apart, ns per event. */
public final class SplitLog
{
    static final RecordDecoder FUSED = (record, event) -> {
        final org.agrona.DirectBuffer buffer = record.buffer();
        final int value = record.valueOffset();
        event.key(buffer.getLong(record.keyOffset(), java.nio.ByteOrder.LITTLE_ENDIAN))
            .long0(buffer.getLong(value, java.nio.ByteOrder.LITTLE_ENDIAN) * buffer.getLong(value + 8, java.nio.ByteOrder.LITTLE_ENDIAN))
            .long1(buffer.getLong(value + 8, java.nio.ByteOrder.LITTLE_ENDIAN));
    };
    public static void main(String[] a) throws Exception
    {
        final long n = 20_000_000L;
        final Path dir = Files.createTempDirectory("splitlog");
        try (RillLog log = RillLog.open(dir))
        {
            log.createTopic("w1", TopicConfig.builder(1).build());
            W1Pipeline.writeTopic(W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).build(), log, "w1", n, 10_000);
            for (int round = 0; round < Integer.getInteger("rounds", 5); round++)
            {
                final W1Pipeline.W1Sink sink = new W1Pipeline.W1Sink();
                long t0 = 0, t1 = 0;
                try (Pipeline p = Pipeline.create(W1Pipeline.config(ThreadingMode.STEPPING, WaitStrategy.BUSY_SPIN).build()))
                {
                    if (System.getProperty("fused", "false").equals("noop")) {
                        p.topicStream(log, LogSourceOptions.topic("w1").decoder(FUSED)).update("noop", e -> { }).repartition(1)
                            .sumCountByKeyAndWindow(W1Pipeline.WINDOW_LENGTH_MS, W1Pipeline.SLIDE_MS, dev.rill.operators.window.KeySumCountFilter.NON_EMPTY)
                            .foreach("w1sink", sink);
                    } else if (Boolean.getBoolean("fused")) {
                        p.topicStream(log, LogSourceOptions.topic("w1").decoder(FUSED)).repartition(1)
                            .sumCountByKeyAndWindow(W1Pipeline.WINDOW_LENGTH_MS, W1Pipeline.SLIDE_MS, dev.rill.operators.window.KeySumCountFilter.NON_EMPTY)
                            .foreach("w1sink", sink);
                    } else W1Pipeline.build(p.topicStream(log, LogSourceOptions.topic("w1").decoder(W1Pipeline.DECODE)), 1, sink);
                    p.start();
                    while (!p.isTerminated())
                    {
                        long s = System.nanoTime();
                        int w0 = 0, w;
                        while ((w = p.stepStage(0)) > 0) w0 += w;
                        t0 += System.nanoTime() - s;
                        s = System.nanoTime();
                        int w1 = 0;
                        while ((w = p.stepStage(1)) > 0) w1 += w;
                        t1 += System.nanoTime() - s;
                        if (w0 == 0 && w1 == 0) p.step();
                    }
                }
                System.out.printf("round %d: log source stage %.2f ns/event, window stage %.2f ns/event, checksum %d%n", round, t0 / (double)n, t1 / (double)n, sink.result().checksum());
            }
        }
        finally
        {
            try (var s = Files.walk(dir)) { s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete()); }
        }
    }
}
