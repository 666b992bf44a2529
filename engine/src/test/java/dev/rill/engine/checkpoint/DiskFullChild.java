package dev.rill.engine.checkpoint;

import java.nio.file.Path;

import org.agrona.concurrent.CachedEpochClock;

import dev.rill.engine.BatchTime;
import dev.rill.engine.LogSourceOptions;
import dev.rill.engine.Pipeline;
import dev.rill.engine.PipelineConfig;
import dev.rill.engine.PipelineException;
import dev.rill.engine.ThreadingMode;
import dev.rill.engine.WaitStrategy;
import dev.rill.log.RillLog;
import dev.rill.operators.keyed.MapWithStateSpec;

/**
 * The child JVM of {@link DiskFullCheckpointTest}, run under a file-size limit ({@code ulimit -f}): a pipeline whose
 * keyed state grows with its input (a new key every 4 events, {@code mapWithState} keeping a running sum per key),
 * checkpointed every 50 ms of a manual clock advanced 7 ms per step, so its state files grow until one no longer
 * fits. Only keys that are multiples of 64 reach the output topic, so the topic's files stay small. Deterministic:
 * stepping mode, the same input, the same clock. Prints {@code started restored=<id>}, then {@code done} or
 * {@code failed: <message of each cause>} (exit code 3). In DEDICATED mode ({@code dedicated}) the same on the
 * system clock, checkpoints every 10 ms, state files written by the checkpoint writer thread.
 * Args: log dir, checkpoint dir, output topic, {@code stepping} or {@code dedicated}.
 */
public final class DiskFullChild
{
    /**
     * Event time of the reference generator is 1 µs per event: a new key every 4 events, 100,000 keys in the test's
     * input. The map grows to 131,072 slots (a 3 MiB state file, over the test's limit) when it holds 70 % of
     * 65,536, at 46 % of the input: so that in DEDICATED mode, on the system clock, about half the run is left for
     * a checkpoint to hit the limit. With a key every 8 events it grew at 92 % of the input, and a fast run could
     * end before a checkpoint caught the grown map (CI, 2026-11-26).
     */
    static final long NS_PER_KEY = 4_000;

    private DiskFullChild()
    {
    }

    /**
     * @param clock the manual clock of a stepping pipeline, or null for a DEDICATED one on the system clock (its
     *              state files are written by the checkpoint writer thread; checkpoints every 10 ms).
     */
    static Pipeline build(final RillLog log, final String out, final CachedEpochClock clock, final Path chk)
    {
        final PipelineConfig.Builder config = PipelineConfig.builder().ringSize(1 << 10)
            .batchInterval(BatchTime.EVENT_TIME, 20);
        final Pipeline pipeline = Pipeline.create(clock == null ?
            config.threadingMode(ThreadingMode.DEDICATED).waitStrategy(WaitStrategy.BACKOFF).build() :
            config.threadingMode(ThreadingMode.STEPPING).clock(clock).build());
        if (chk != null)
        {
            pipeline.checkpoint(chk, clock == null ? 10 : 50, 3);
        }
        pipeline.topicStream(log, LogSourceOptions.topic("in"))
            .map("decode", (in, o) -> o.key(in.eventTimeNs() / NS_PER_KEY).long0(in.bytes().getLong(8)))
            .repartition(1)
            .mapWithState((key, value, hasValue, state) ->
            {
                final long sum = (state.exists() ? state.get() : 0) + value;
                state.update(sum);
                return sum;
            }, MapWithStateSpec.NO_TIMEOUT)
            .filter("sampled", e -> e.key() % 64 == 0)
            .map("encode", (in, o) ->
            {
                o.bytes().putLong(0, in.long0());
                o.bytes().putLong(8, in.long2());
                o.bytesLength(16);
            })
            .saveToTopic(log, out);
        return pipeline;
    }

    /**
     * Steps the pipeline on its clock until it ends.
     */
    static void run(final Pipeline pipeline, final CachedEpochClock clock)
    {
        if (clock == null)
        {
            try
            {
                if (!pipeline.awaitTermination(120_000))
                {
                    throw new IllegalStateException("pipeline did not end in 120 s");
                }
            }
            catch (final InterruptedException ex)
            {
                throw new IllegalStateException(ex);
            }
            return;
        }
        while (!pipeline.isTerminated())
        {
            clock.advance(7);
            pipeline.step();
        }
    }

    /**
     * @param args log dir, checkpoint dir, output topic, {@code stepping} or {@code dedicated}.
     */
    public static void main(final String[] args)
    {
        final Path chk = Path.of(args[1]);
        final CachedEpochClock clock = args[3].equals("stepping") ? new CachedEpochClock() : null;
        try (RillLog log = RillLog.open(Path.of(args[0]));
            Pipeline pipeline = Pipeline.getOrCreate(chk, () -> build(log, args[2], clock, chk)))
        {
            pipeline.start();
            System.out.println("started restored=" + pipeline.restoredCheckpointId());
            System.out.flush();
            run(pipeline, clock);
            System.out.println("done checkpoints=" + pipeline.lastCheckpointId());
        }
        catch (final PipelineException ex)
        {
            final StringBuilder text = new StringBuilder("failed:");
            for (Throwable t = ex; t != null; t = t.getCause())
            {
                text.append(' ').append(t.getMessage()).append(';');
            }
            System.out.println(text);
            System.out.flush();
            System.exit(3);
        }
    }
}
