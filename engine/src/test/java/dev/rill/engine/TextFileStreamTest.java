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

class TextFileStreamTest
{
    private static final String SOURCE = "textFileStream#1";

    @TempDir
    Path dir;

    private static Pipeline stepping()
    {
        return Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING)
            .batchSize(3).build());
    }

    /** Write under a hidden temporary name, then rename into place: the way a complete file appears. */
    private void drop(final String name, final String content) throws Exception
    {
        final Path tmp = dir.resolve("." + name + ".tmp");
        Files.writeString(tmp, content, UTF_8);
        Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void filesRenamedIntoPlaceAreReadOnceEachInOrderOfAppearanceAndPartialOnesWaitForTheirRename() throws Exception
    {
        Files.writeString(dir.resolve("before-start.txt"), "old\n", UTF_8);
        final List<String> received = new ArrayList<>();
        try (Pipeline pipeline = stepping())
        {
            pipeline.textFileStream(TextFileSourceOptions.directory(dir).pollIntervalMs(0).build())
                .map((in, out) -> out.long0(in.sourceOffset()))
                .foreach(e -> received.add(Path.of(e.sourceName()).getFileName() + ":" + e.long0() + ":" +
                    e.bytes().getStringWithoutLengthUtf8(0, e.bytesLength())));
            pipeline.start();
            pipeline.runUntilIdle();
            assertEquals(List.of(), received, "a file present at start is not new");

            drop("a.txt", "a0\na1\r\na2\n");
            drop("b.txt", "b0\nb1");   // last line without newline
            pipeline.runUntilIdle();
            assertEquals(List.of("a.txt:0:a0", "a.txt:1:a1", "a.txt:2:a2", "b.txt:0:b0", "b.txt:1:b1"), received);

            // a partial file under a hidden or '_' name is ignored, however often the directory is listed
            Files.writeString(dir.resolve(".c.txt"), "c0\nc1 partial", UTF_8);
            Files.writeString(dir.resolve("_d.txt"), "d0\n", UTF_8);
            pipeline.runUntilIdle();
            pipeline.step();
            assertEquals(5, received.size(), received.toString());
            Files.writeString(dir.resolve(".c.txt"), "c0\nc1\n", UTF_8);
            Files.move(dir.resolve(".c.txt"), dir.resolve("c.txt"), StandardCopyOption.ATOMIC_MOVE);
            pipeline.runUntilIdle();
            assertEquals(List.of("c.txt:0:c0", "c.txt:1:c1"), received.subList(5, 7));

            // read once: nothing new, nothing again; a rewritten file under a seen name is not read again either
            Files.writeString(dir.resolve("a.txt"), "again\n", UTF_8);
            pipeline.runUntilIdle();
            assertEquals(7, received.size(), received.toString());

            final ComponentMetrics source = pipeline.metrics().component(SOURCE);
            assertEquals(3, source.counter("filesRead"));
            assertEquals(7, source.counter("lines"));
            assertEquals(7, pipeline.metrics().stage(0).eventsOut());
            pipeline.stop(true);
        }
    }

    @Test
    void aDirectoryThatDoesNotExistFailsStartNamingIt() throws Exception
    {
        final Path missing = dir.resolve("no-such-dir");
        try (Pipeline pipeline = stepping())
        {
            pipeline.textFileStream(missing.toString()).foreach(e -> { });
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, pipeline::start);
            assertTrue(ex.getMessage().contains("directory does not exist: " + missing.toAbsolutePath()),
                ex.getMessage());
        }
        final Path file = Files.writeString(dir.resolve("plain-file"), "x", UTF_8);
        try (Pipeline pipeline = stepping())
        {
            pipeline.textFileStream(file.toString()).foreach(e -> { });
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, pipeline::start);
            assertTrue(ex.getMessage().contains("not a directory: " + file.toAbsolutePath()), ex.getMessage());
        }
    }

    @Test
    void anOverlongLineInAFileFailsNamingTheFileAndLineOrIsCutAndCounted() throws Exception
    {
        final String overlong = "x".repeat(100);
        try (Pipeline pipeline = stepping())
        {
            pipeline.textFileStream(TextFileSourceOptions.directory(dir).pollIntervalMs(0).build()).foreach(e -> { });
            pipeline.start();
            drop("long.txt", "ok\n" + overlong + "\n");
            final PipelineException ex = assertThrows(PipelineException.class, pipeline::runUntilIdle);
            assertEquals(dir.resolve("long.txt").toAbsolutePath().toString(), ex.sourceName());
            assertEquals(1, ex.sourceOffset());
            assertTrue(ex.getMessage().contains("line of 100 bytes"), ex.getMessage());
        }
        final List<String> received = new ArrayList<>();
        try (Pipeline pipeline = stepping())
        {
            pipeline.textFileStream(TextFileSourceOptions.directory(dir).pollIntervalMs(0)
                .overlongLines(OverlongLinePolicy.TRUNCATE).build())
                .foreach(e -> received.add(e.bytes().getStringWithoutLengthUtf8(0, e.bytesLength())));
            pipeline.start();
            drop("long2.txt", overlong + "\nok\n");
            pipeline.runUntilIdle();
            assertEquals(List.of("x".repeat(Event.BYTES_CAPACITY), "ok"), received);
            assertEquals(1, pipeline.metrics().component(SOURCE).counter("linesTruncated"));
        }
    }
}
