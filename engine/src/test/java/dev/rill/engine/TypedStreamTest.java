package dev.rill.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;

class TypedStreamTest
{
    private static EventQueue words(final String... words)
    {
        final EventQueue queue = new EventQueue("words", 1);
        long timeMs = 0;
        for (final String word : words)
        {
            final Event event = new Event().eventTimeNs(timeMs * 1_000_000L);
            Codec.utf8().encode(word, event);
            queue.add(0, event);
            timeMs += 400;
        }
        queue.end();
        return queue;
    }

    @Test
    void typedMapAndFilterFuseIntoOneStageAndPrintObjectsPerBatch()
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Pipeline pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING)
            .clock(new CachedEpochClock()).batchInterval(BatchTime.EVENT_TIME, 1_000)
            .printStream(new PrintStream(bytes, true, StandardCharsets.UTF_8)).build()))
        {
            pipeline.queueStream(words("apple", "kiwi", "avocado", "banana", "apricot"))
                .typed(Codec.utf8())
                .map(Codec.utf8(), String::toUpperCase)
                .filter(s -> s.startsWith("A"))
                .map(Codec.long0(), s -> (long)s.length())
                .print(10);
            final String plan = pipeline.describe();
            assertTrue(plan.contains("stages=1, rings=0"), plan);
            assertTrue(plan.contains("fused: map#2 -> filter#3 -> map#4 -> batch#5"), plan);
            pipeline.start();
            pipeline.runUntilIdle();
            assertTrue(pipeline.isTerminated());
        }
        // times 0, 400, 800 | 1200, 1600: lengths of APPLE, AVOCADO | APRICOT
        final String dashes = "-------------------------------------------";
        assertEquals(dashes + "\nTime: 1000 ms\n" + dashes + "\n5\n7\n\n" +
            dashes + "\nTime: 2000 ms\n" + dashes + "\n7\n\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void typedForeachDecodesEveryRecordAndTheEventStreamStaysReachable()
    {
        final List<String> out = new ArrayList<>();
        final List<Long> counts = new ArrayList<>();
        try (Pipeline pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING)
            .clock(new CachedEpochClock()).batchInterval(BatchTime.EVENT_TIME, 1_000).build()))
        {
            pipeline.queueStream(words("a", "bb", "ccc")).typed(Codec.utf8())
                .map(Codec.utf8(), s -> s + "!")
                .foreach(out::add);
            pipeline.queueStream(words("x", "yy", "zzz")).typed(Codec.utf8())
                .filter(s -> s.length() > 1)
                .events()
                .count()
                .foreachBatch((time, batch) -> counts.add(batch.get(0).long0()));
            pipeline.start();
            pipeline.runUntilIdle();
        }
        assertEquals(List.of("a!", "bb!", "ccc!"), out);
        assertEquals(List.of(2L), counts, "yy (400 ms) and zzz (800 ms) pass the filter, both in batch 1000 ms");
    }

    @Test
    void aStringTooLongForTheByteAreaFailsTheMapNamingIt()
    {
        try (Pipeline pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING)
            .build()))
        {
            pipeline.queueStream(words("short")).typed(Codec.utf8())
                .map(Codec.utf8(), s -> s.repeat(20))
                .foreach(s -> { });
            pipeline.start();
            final PipelineException ex = assertThrows(PipelineException.class, pipeline::runUntilIdle);
            assertEquals("map#2", ex.operatorName());
            assertEquals("words", ex.sourceName());
            assertTrue(ex.getMessage().contains("does not fit"), ex.getMessage());
        }
    }
}
