package dev.rill.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParseMalformedLineTest
{
    @TempDir
    Path dir;

    private Path drop(final String name, final String content) throws Exception
    {
        final Path tmp = dir.resolve("_" + name);
        Files.writeString(tmp, content, UTF_8);
        return Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    private Pipeline pipeline(final MalformedPolicy policy, final List<Long> out)
    {
        final Pipeline pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING)
            .build());
        pipeline.textFileStream(TextFileSourceOptions.directory(dir).pollIntervalMs(0).build())
            .parse(Codec.long0(), Long::parseLong, policy)
            .map(Codec.long0(), n -> n * 10)
            .foreach(out::add);
        return pipeline;
    }

    @Test
    void aMalformedLineFailsThePipelineNamingTheParserTheFileAndTheLine() throws Exception
    {
        final List<Long> out = new ArrayList<>();
        try (Pipeline pipeline = pipeline(MalformedPolicy.FAIL, out))
        {
            assertTrue(pipeline.describe().contains("fused: parse#2 -> map#3\n  out: sink foreach#4"), pipeline.describe());
            pipeline.start();
            final Path file = drop("numbers.txt", "1\n2\nthree\n4\n");
            final PipelineException ex = assertThrows(PipelineException.class, pipeline::runUntilIdle);
            assertEquals("parse#2", ex.operatorName());
            assertEquals(file.toAbsolutePath().toString(), ex.sourceName());
            assertEquals(2, ex.sourceOffset());
            assertTrue(ex.getMessage().contains("malformed line \"three\""), ex.getMessage());
            assertTrue(ex.getCause() instanceof NumberFormatException, String.valueOf(ex.getCause()));
            assertEquals(List.of(10L, 20L), out);
        }
    }

    @Test
    void withSkipAMalformedLineIsDroppedAndCountedAndTheRestFlows() throws Exception
    {
        final List<Long> out = new ArrayList<>();
        try (Pipeline pipeline = pipeline(MalformedPolicy.SKIP, out))
        {
            pipeline.start();
            drop("numbers.txt", "1\n2\nthree\n4\n\n5\n");
            pipeline.runUntilIdle();
            assertEquals(List.of(10L, 20L, 40L, 50L), out);
            final PipelineMetrics metrics = pipeline.metrics();
            assertEquals(2, metrics.component("parse#2").counter("malformedSkipped"), "\"three\" and the empty line");
            assertEquals(6, metrics.stage(0).eventsIn());
            assertEquals(4, metrics.stage(0).eventsOut());
            assertTrue(metrics.toTable().contains("operator parse#2: malformedSkipped=2"), metrics.toTable());
            pipeline.stop(true);
        }
    }
}
