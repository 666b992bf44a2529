package dev.rill.engine.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.SplittableRandom;

import dev.rill.engine.BatchTime;
import dev.rill.engine.Pipeline;
import dev.rill.engine.PipelineConfig;
import dev.rill.engine.ThreadingMode;
import dev.rill.engine.WaitStrategy;
import dev.rill.engine.workloads.W1Pipeline;
import dev.rill.engine.workloads.W1Reference;
import dev.rill.engine.workloads.W1Result;
import dev.rill.log.RillLog;
import dev.rill.log.TopicConfig;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TradesWindow} aborted (stop now) at random points and restored with its own {@code getOrCreate} until it
 * finishes: the output topic's W1 checksum equals the reference's.
 */
class TradesWindowTest
{
    private static final int EVENTS = 200_000;
    private static final int SYMBOLS = 100;

    @TempDir
    Path dir;

    @Test
    void killedAndRestoredRunsEndWithTheReferenceChecksum() throws Exception
    {
        try (RillLog log = RillLog.open(dir.resolve("log")))
        {
            log.createTopic("in", TopicConfig.builder(1).blockSizeBytes(1 << 20).maxRecordBytes(1 << 16).build());
            W1Pipeline.writeTopic(W1Pipeline.config(ThreadingMode.STEPPING, WaitStrategy.BACKOFF).build(), log, "in",
                EVENTS, SYMBOLS);
            final CachedEpochClock clock = new CachedEpochClock();
            final PipelineConfig.Builder config = PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING)
                .clock(clock).ringSize(1 << 10).batchInterval(BatchTime.EVENT_TIME, W1Pipeline.SLIDE_MS);
            final Path chk = dir.resolve("chk");
            final SplittableRandom random = new SplittableRandom(11);
            int aborted = 0;
            long restored = 0;
            while (true)
            {
                final Pipeline run = TradesWindow.create(config, log, "in", "out", chk, 50, true);
                restored = Math.max(restored, run.restoredCheckpointId());
                run.start();
                final int steps = aborted < 10 ? 10 + random.nextInt(30) : Integer.MAX_VALUE;
                for (int i = 0; i < steps && !run.isTerminated(); i++)
                {
                    clock.advance(7);
                    run.step();
                }
                if (run.isTerminated())
                {
                    run.close();
                    break;
                }
                run.stop(false);
                run.close();
                aborted++;
            }
            assertEquals(10, aborted);
            assertTrue(restored > 0, "restored from a checkpoint at least once");
            final W1Result expected = W1Reference.run(EVENTS, SYMBOLS);
            assertEquals(expected, TradesWindow.checksum(log, "out"));
        }
    }
}
