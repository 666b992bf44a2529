package dev.rill.engine.checkpoint;

import java.nio.file.Path;

import dev.rill.engine.BatchTime;
import dev.rill.engine.LogSourceOptions;
import dev.rill.engine.Pipeline;
import dev.rill.engine.PipelineConfig;
import dev.rill.engine.ThreadingMode;
import dev.rill.engine.WaitStrategy;
import dev.rill.engine.workloads.W1Pipeline;
import dev.rill.log.RillLog;
import dev.rill.operators.window.KeySumCountFilter;

/**
 * The child JVM of {@link SigkillRecoveryTest}: W1 (2 shards) from topic {@code in} to an output topic with
 * checkpoints, recovered with {@code getOrCreate}, run until the end of its input ({@code --until-end}: it stops once
 * it consumed the topic and emitted every window). Prints {@code started} once running and {@code done} at the end.
 * Args: log dir, checkpoint dir, output topic, checkpoint interval ms, ns per event (a pace, so that a parent's
 * kills land mid-run; 0 for none).
 */
public final class CrashChild
{
    private CrashChild()
    {
    }

    static Pipeline build(final RillLog log, final String out, final Path chk, final long intervalMs,
        final long nsPerEvent)
    {
        final Pipeline pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.DEDICATED)
            .waitStrategy(WaitStrategy.BACKOFF).ringSize(1 << 12)
            .batchInterval(BatchTime.EVENT_TIME, W1Pipeline.SLIDE_MS).build());
        if (chk != null)
        {
            pipeline.checkpoint(chk, intervalMs, 3);
        }
        final long startNs = System.nanoTime();
        final long[] seen = new long[1];
        pipeline.topicStream(log, LogSourceOptions.topic("in"))
            .map("decode", (in, o) ->
            {
                if (nsPerEvent > 0 && (++seen[0] & 1023) == 0)
                {
                    final long due = startNs + seen[0] * nsPerEvent;
                    while (System.nanoTime() < due)
                    {
                        Thread.onSpinWait();
                    }
                }
                o.long0(in.bytes().getLong(0) * in.bytes().getLong(8));
            })
            .repartition(2)
            .sumCountByKeyAndWindow(W1Pipeline.WINDOW_LENGTH_MS, W1Pipeline.SLIDE_MS, KeySumCountFilter.NON_EMPTY)
            .map("encode", (in, o) ->
            {
                o.bytes().putLong(0, in.long0());
                o.bytes().putLong(8, in.long1());
                o.bytes().putLong(16, in.long2());
                o.bytesLength(24);
            })
            .saveToTopic(log, out);
        return pipeline;
    }

    /**
     * @param args log dir, checkpoint dir, output topic, checkpoint interval ms, ns per event.
     */
    public static void main(final String[] args) throws Exception
    {
        final Path chk = Path.of(args[1]);
        final long intervalMs = Long.parseLong(args[3]);
        final long nsPerEvent = Long.parseLong(args[4]);
        try (RillLog log = RillLog.open(Path.of(args[0])))
        {
            final Pipeline pipeline = Pipeline.getOrCreate(chk, () -> build(log, args[2], chk, intervalMs, nsPerEvent));
            pipeline.start();
            System.out.println("started restored=" + pipeline.restoredCheckpointId());
            System.out.flush();
            if (!pipeline.awaitTermination(600_000))
            {
                throw new IllegalStateException("did not finish");
            }
            pipeline.close();
            System.out.println("done");
            System.out.flush();
        }
    }
}
