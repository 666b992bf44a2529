package dev.rill.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.rill.engine.examples.TradesWindow;
import dev.rill.engine.workloads.W1Pipeline;
import dev.rill.engine.workloads.W1Reference;
import dev.rill.engine.workloads.W1Result;
import dev.rill.log.RillLog;
import dev.rill.log.StartPosition;
import dev.rill.log.TopicConfig;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PipelineConfig.Builder#replayFrom}: a replay of a checkpointed pipeline reads, writes and deletes no
 * checkpoint, and its log sources start where it says; a position no partition can start at, or a pipeline without a
 * log source, is refused by {@link Pipeline#start()}.
 */
class ReplayFromTest
{
    private static final int EVENTS = 20_000;
    private static final int SYMBOLS = 100;

    @TempDir
    Path dir;

    private static PipelineConfig.Builder stepping(final CachedEpochClock clock)
    {
        return PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING).clock(clock).ringSize(1 << 10)
            .batchInterval(BatchTime.EVENT_TIME, W1Pipeline.SLIDE_MS);
    }

    private static void runToEnd(final Pipeline pipeline, final CachedEpochClock clock)
    {
        pipeline.start();
        while (!pipeline.isTerminated())
        {
            clock.advance(7);
            pipeline.step();
        }
    }

    @Test
    void aReplayReadsWritesAndDeletesNoCheckpointAndStartsItsSourcesThere() throws Exception
    {
        try (RillLog log = RillLog.open(dir.resolve("log")))
        {
            log.createTopic("in", TopicConfig.builder(1).blockSizeBytes(1 << 20).maxRecordBytes(1 << 16).build());
            W1Pipeline.writeTopic(W1Pipeline.config(ThreadingMode.STEPPING, WaitStrategy.BACKOFF).build(), log, "in",
                EVENTS, SYMBOLS);
            final CachedEpochClock clock = new CachedEpochClock();
            final Path chk = dir.resolve("chk");
            try (Pipeline first = TradesWindow.create(stepping(clock), log, "in", "a", chk, 5, true))
            {
                runToEnd(first, clock);
                assertTrue(first.lastCheckpointId() > 1, "checkpoints to leave alone");
            }
            // damage the newest checkpoint: a normal getOrCreate would read it, warn and fall back
            final Path newest;
            try (Stream<Path> dirs = Files.list(chk))
            {
                newest = dirs.filter(d -> d.getFileName().toString().startsWith("chk-"))
                    .max((x, y) -> Long.compare(id(x), id(y))).orElseThrow();
            }
            try (Stream<Path> files = Files.list(newest);
                FileChannel state = FileChannel.open(files.filter(f -> f.toString().endsWith(".state")).findFirst()
                    .orElseThrow(), StandardOpenOption.WRITE))
            {
                state.truncate(state.size() / 2);
            }
            final Map<String, byte[]> before = snapshot(chk);

            try (Pipeline replay = TradesWindow.create(stepping(clock).replayFrom(StartPosition.offset(0)), log, "in",
                "b", chk, 5, true))
            {
                assertEquals(List.of(), replay.checkpointWarnings(), "nothing read");
                assertEquals(0, replay.restoredCheckpointId());
                runToEnd(replay, clock);
                assertEquals(0, replay.lastCheckpointId(), "nothing written");
            }
            assertEquals(before.keySet(), snapshot(chk).keySet());
            snapshot(chk).forEach((name, bytes) -> assertTrue(Arrays.equals(before.get(name), bytes), name));
            final W1Result expected = W1Reference.run(EVENTS, SYMBOLS);
            assertEquals(expected, TradesWindow.checksum(log, "a"));
            assertEquals(expected, TradesWindow.checksum(log, "b"));

            // from the end: no trade, no window
            try (Pipeline empty = TradesWindow.create(stepping(clock).replayFrom(StartPosition.offset(EVENTS)), log,
                "in", "c", chk, 5, true))
            {
                runToEnd(empty, clock);
            }
            assertEquals(new W1Result(0, 0), TradesWindow.checksum(log, "c"));

            final Pipeline pastTheEnd = TradesWindow.create(stepping(clock).replayFrom(StartPosition.offset(EVENTS + 1)),
                log, "in", "d", chk, 5, true);
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, pastTheEnd::start);
            assertEquals("start offset past the end of the log: topic=in, partition=0, offset=20001, end=20000 (the " +
                "next offset to be written; the partition holds offsets 0..19999)", ex.getMessage());
            pastTheEnd.close();
            snapshot(chk).forEach((name, bytes) -> assertTrue(Arrays.equals(before.get(name), bytes), name));
        }
    }

    @Test
    void aReplayOfAPipelineWithoutALogSourceIsRefused()
    {
        try (Pipeline pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING)
            .replayFrom(StartPosition.timestamp(1_000)).build()))
        {
            pipeline.generatorStream(10, 10).foreach(e -> { });
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, pipeline::start);
            assertTrue(ex.getMessage().startsWith("replay from timestamp 1000 ns: the pipeline has no log-topic " +
                "source"), ex.getMessage());
        }
    }

    private static long id(final Path checkpoint)
    {
        return Long.parseLong(checkpoint.getFileName().toString().substring("chk-".length()));
    }

    private static Map<String, byte[]> snapshot(final Path root) throws IOException
    {
        final Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : (Iterable<Path>)paths::iterator)
            {
                files.put(root.relativize(path) + (Files.isDirectory(path) ? "/" : ""),
                    Files.isDirectory(path) ? new byte[0] : Files.readAllBytes(path));
            }
        }
        return files;
    }
}
