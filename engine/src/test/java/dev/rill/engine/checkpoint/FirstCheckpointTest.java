package dev.rill.engine.checkpoint;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rill.engine.Pipeline;
import dev.rill.engine.PipelineConfig;
import dev.rill.engine.ThreadingMode;
import dev.rill.engine.WaitStrategy;
import dev.rill.log.RillLog;
import dev.rill.log.Topic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fresh run with checkpoints takes its first checkpoint before its first record, and its exactly-once log sink
 * shows nothing before that checkpoint is complete: a run killed early leaves no output that a restart (which would
 * find no checkpoint, so no offsets to compare against) would write again. Found by the command-line kill test, where
 * a run killed before its first checkpoint (due one interval after the start) had already written output, and the
 * restart wrote it a second time.
 */
class FirstCheckpointTest
{
    private static final long EVENTS = 2_000_000;

    @TempDir
    Path dir;

    @Test
    void noOutputIsVisibleBeforeTheFirstCheckpointIsComplete() throws Exception
    {
        try (RillLog log = RillLog.open(dir.resolve("log")))
        {
            final Topic out = log.createTopic("out", ExactlyOnceRecoveryTest.small(2));
            // an interval far longer than the test: the only checkpoint it can see is the one taken at the start
            final Pipeline pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.DEDICATED)
                .waitStrategy(WaitStrategy.BACKOFF).build())
                .checkpoint(dir.resolve("chk"), 600_000, 2);
            pipeline.generatorStream(100, EVENTS)
                .map("encode", (in, o) ->
                {
                    o.bytes().putLong(0, in.long0());
                    o.bytesLength(8);
                })
                .saveToTopic(log, "out");
            try (pipeline)
            {
                pipeline.start();
                final long deadline = System.nanoTime() + 60_000_000_000L;
                while (out.nextOffset(0) + out.nextOffset(1) == 0)
                {
                    assertTrue(System.nanoTime() - deadline < 0, "no output in 60 s");
                    Thread.onSpinWait();
                }
                // read after the first record was seen: the checkpoint must already have been complete then
                assertTrue(pipeline.lastCheckpointId() >= 1, "output visible before any checkpoint completed");
                assertTrue(pipeline.awaitTermination(120_000), "pipeline did not end");
            }
            assertEquals(EVENTS, out.nextOffset(0) + out.nextOffset(1));
        }
    }
}
