package dev.rill.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchOutputsTest
{
    private static final String DASHES = "-------------------------------------------";

    /** Runs a stepped event-time pipeline (batches of 1000 ms) over a bounded queue to its end. */
    private static String run(final EventQueue queue, final Consumer<EventStream> build)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        try (Pipeline pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING)
            .clock(new CachedEpochClock()).batchInterval(BatchTime.EVENT_TIME, 1_000).printStream(out).build()))
        {
            build.accept(pipeline.queueStream(queue));
            pipeline.start();
            queue.end();
            pipeline.runUntilIdle();
            assertTrue(pipeline.isTerminated());
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String batch(final long timeMs, final String... lines)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append(DASHES).append('\n').append("Time: ").append(timeMs).append(" ms").append('\n').append(DASHES)
            .append('\n');
        for (final String line : lines)
        {
            sb.append(line).append('\n');
        }
        return sb.append('\n').toString();
    }

    /** Batch 1000 ms: 3 records; batch 2000 ms: none; batch 3000 ms: 1 record. */
    private static EventQueue threeBatches()
    {
        return new EventQueue("q", 1).add(0, 10, 7, 1).add(0, 20, 8, 2).add(0, 999, 9, 3).add(0, 2_000, 7, 4);
    }

    @Test
    void printWritesSparksFormatWithPairsAnEllipsisAndEmptyBatches()
    {
        final String printed = run(threeBatches(), s -> s.print(2));
        assertEquals(43, DASHES.length());
        assertEquals(batch(1_000, "(7,1)", "(8,2)", "...") + batch(2_000) + batch(3_000, "(7,4)"), printed);
    }

    @Test
    void countEmitsOneRecordPerBatchAndZeroForAnEmptyBatchAsSparkDoes()
    {
        final String printed = run(threeBatches(), s -> s.count().print());
        assertEquals(batch(1_000, "3") + batch(2_000, "0") + batch(3_000, "1"), printed);
    }

    @Test
    void reduceFoldsEachBatchAndEmitsNothingForAnEmptyOne()
    {
        final String printed = run(threeBatches(), s -> s.map((in, o) -> o.key(0))
            .reduce((acc, next) -> acc.long0(acc.long0() + next.long0())).print());
        assertEquals(batch(1_000, "(0,6)") + batch(2_000) + batch(3_000, "(0,4)"), printed);
    }

    @Test
    void transformRunsAFunctionOverEachBatchAndLaterBatchOperatorsSeeItsOutputBatches()
    {
        final String printed = run(threeBatches(), s -> s
            .transform((time, batch, out) ->
            {
                // reverse the batch, then add one record holding its size and time
                for (int i = batch.size() - 1; i >= 0; i--)
                {
                    out.claim().copyFrom(batch.get(i));
                    out.emit();
                }
                out.claim().key(time).long0(batch.size());
                out.emit();
            })
            .filter(e -> e.long0() != 2)
            .print());
        assertEquals(batch(1_000, "(9,3)", "(7,1)", "(1000,3)") + batch(2_000, "(2000,0)") +
            batch(3_000, "(7,4)", "(3000,1)"), printed);
    }

    @Test
    void foreachBatchSeesEveryBatchThroughAReusedView()
    {
        final List<String> seen = new ArrayList<>();
        final List<Event> firstSlots = new ArrayList<>();
        run(threeBatches(), s -> s.foreachBatch((time, batch) ->
        {
            seen.add(time + ":" + batch.size());
            if (batch.size() > 0)
            {
                firstSlots.add(batch.get(0));
            }
        }));
        assertEquals(List.of("1000:3", "2000:0", "3000:1"), seen);
        assertSame(firstSlots.get(0), firstSlots.get(1), "the batch's events are reused slots, not new objects");
    }

    @Test
    void saveAsTextFilesWritesOneFilePerBatchNamedBySparksRuleAndLeavesNoTemporaryFile(@TempDir final Path dir)
        throws Exception
    {
        final String prefix = dir.resolve("out/trades").toString();
        run(threeBatches(), s -> s.saveAsTextFiles(prefix, "txt"));
        try (Stream<Path> files = Files.list(dir.resolve("out")))
        {
            assertEquals(List.of("trades-1000.txt", "trades-2000.txt", "trades-3000.txt"),
                files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList()));
        }
        assertEquals("(7,1)\n(8,2)\n(9,3)\n", Files.readString(dir.resolve("out/trades-1000.txt")));
        assertEquals("", Files.readString(dir.resolve("out/trades-2000.txt")));
        assertEquals("(7,4)\n", Files.readString(dir.resolve("out/trades-3000.txt")));

        run(new EventQueue("q", 1).add(0, 5, 1, 1), s -> s.count().saveAsTextFiles(prefix, ""));
        assertEquals("1\n", Files.readString(dir.resolve("out/trades-1000")), "no suffix: no dot");
    }

    @Test
    void aBatchOperationOnAShardedStreamGathersItIntoOneStage()
    {
        try (Pipeline pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING)
            .batchInterval(BatchTime.EVENT_TIME, 1_000).build()))
        {
            pipeline.generatorStream(10, 10).repartition(2).map((in, o) -> { }).count().print(3);
            final String plan = pipeline.describe();
            assertTrue(plan.contains("stage 2: shards=1"), plan);
            assertTrue(plan.contains("from stage 1 (all shards to one)"), plan);
            assertTrue(plan.contains("fused: batch#3 -> count#4"), plan);
            assertTrue(plan.contains("out: sink print#5 (print 3)"), plan);
        }
    }

    @Test
    void badUseOfBatchOperationsIsRejected()
    {
        try (Pipeline pipeline = Pipeline.create(PipelineConfig.defaults()))
        {
            final EventStream counted = pipeline.generatorStream(10, 10).count();
            final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> counted.repartition(2));
            assertTrue(ex.getMessage().contains("batched stream"), ex.getMessage());
            assertThrows(IllegalStateException.class, counted::async);
            assertThrows(IllegalStateException.class, () -> pipeline.generatorStream(1, 1).union(counted));
            assertThrows(IllegalArgumentException.class, () -> counted.print(-1));
        }
        assertThrows(IllegalArgumentException.class,
            () -> PipelineConfig.builder().batchInterval(BatchTime.EVENT_TIME, 0));
        assertThrows(IllegalArgumentException.class, () -> PipelineConfig.builder().maxOutOfOrdernessMs(-1));
        assertThrows(IllegalArgumentException.class, () -> PipelineConfig.builder().idleTimeoutMs(0));
    }

    @Test
    void aThrowingReduceOrBatchCallbackStopsThePipelineNamingTheOperator()
    {
        final PipelineException reduce = assertThrows(PipelineException.class, () -> run(threeBatches(),
            s -> s.reduce((acc, next) ->
            {
                throw new IllegalStateException("boom");
            }).print()));
        assertTrue(reduce.operatorName().startsWith("reduce#"), reduce.getMessage());
        assertEquals(1, reduce.sourceOffset(), "the second record of the batch, offset 1");
        final PipelineException callback = assertThrows(PipelineException.class, () -> run(threeBatches(),
            s -> s.foreachBatch((time, batch) ->
            {
                throw new IllegalStateException("bad batch");
            })));
        assertTrue(callback.getMessage().contains("foreachBatch#") &&
            callback.getMessage().contains("batch of time 1000 ms"), callback.getMessage());
    }
}
