package dev.rill.engine.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import dev.rill.engine.BatchTime;
import dev.rill.engine.Event;
import dev.rill.engine.EventConsumer;
import dev.rill.engine.JobContext;
import dev.rill.engine.Pipeline;
import dev.rill.engine.PipelineConfig;
import dev.rill.engine.RillJob;

/**
 * Spark's {@code recoverable_network_wordcount} ({@code RecoverableNetworkWordCount.scala}): word counts per batch of
 * 1 s from a text server, the words {@code a}, {@code b} and {@code c} excluded (and counted as dropped), one line
 * per batch appended to an output file, the pipeline made with {@code getOrCreate} from a checkpoint directory:
 * <pre>
 *   $ rill example recoverable-network-wordcount localhost 9999 /tmp/chk /tmp/out.txt
 *   Creating new context                              (only when no checkpoint exists; the output file is deleted)
 *   Counts at time 1714564801000 ms [(hello,2), (world,1)]
 *   Dropped 1 word(s) totally
 *   Appending to /tmp/out.txt
 * </pre>
 * Kill it and start it again with the same arguments: the pipeline is restored from the newest complete checkpoint
 * (no "Creating new context"), and lines keep being appended to the same file.
 * <p>
 * Written when only {@code sumCountByKeyAndWindow} could be checkpointed, and kept that way (its output format is
 * tested): Spark's {@code reduceByKey} + {@code foreachRDD} is a tumbling window of one
 * batch, {@code sumCountByKeyAndWindow(1 s, 1 s)} without a filter, whose results go to a per-record {@code foreach}
 * sink that gathers them by window end and writes one line per batch when the next batch's first result arrives.
 * Consequences: a batch's line is written one batch late; no line is written before the first word (Spark writes
 * {@code []} lines from the start); the words are sorted in each line. Word ids must mean the same words after a
 * restart, so the dictionary is journaled in {@code CHECKPOINT_DIR/words.txt} ({@link WordDictionary#journaled}).
 * As Spark's accumulator, the dropped-words counter restarts at 0 after recovery. A socket is not replayable: lines
 * received after the last checkpoint are lost by a crash (at-most-once), and a batch cut short by the crash can be
 * written again, with the counts the restored state holds.
 */
public final class RecoverableNetworkWordCount implements RillJob
{
    /** Usage line. */
    public static final String USAGE =
        "recoverable-network-wordcount <hostname> <port> <checkpoint-directory> <output-file>";
    /** Spark's word exclude list. */
    public static final Set<String> EXCLUDED = Set.of("a", "b", "c");
    /** Checkpoint interval. */
    public static final long CHECKPOINT_INTERVAL_MS = 1_000;

    @Override
    public Pipeline build(final JobContext context)
    {
        final List<String> args = context.args();
        ExampleArgs.expect(args, 4, USAGE);
        return getOrCreate(context.configBuilder(), args.get(0), ExampleArgs.port(args.get(1), USAGE),
            Path.of(args.get(2)), Path.of(args.get(3)), CHECKPOINT_INTERVAL_MS, context.out());
    }

    /**
     * Spark's {@code StreamingContext.getOrCreate(checkpoint, createContext)}.
     *
     * @param config             the configuration to start from; the batch interval is set to 1 s of processing time.
     * @param host               text server host.
     * @param port               text server port.
     * @param checkpointDir      checkpoint directory (created if missing).
     * @param outputFile         the file lines are appended to.
     * @param checkpointInterval checkpoint interval, ms.
     * @param out                where the progress lines go.
     * @return the pipeline, restored or new, not started.
     */
    public static Pipeline getOrCreate(final PipelineConfig.Builder config, final String host, final int port,
        final Path checkpointDir, final Path outputFile, final long checkpointInterval, final PrintStream out)
    {
        final PipelineConfig built = config.batchInterval(BatchTime.PROCESSING_TIME, 1_000).build();
        try
        {
            Files.createDirectories(checkpointDir);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot create checkpoint directory " + checkpointDir, ex);
        }
        final WordDictionary words = WordDictionary.journaled(checkpointDir.resolve("words.txt"));
        final Pipeline pipeline = Pipeline.getOrCreate(checkpointDir, () ->
        {
            final Pipeline p = Pipeline.create(built);
            p.checkpoint(checkpointDir, checkpointInterval);
            p.socketTextStream(NetworkWordCount.socket(host, port))
                .flatMap("split", new WordSplitter(words))
                .repartition(1)
                .sumCountByKeyAndWindow(1_000, 1_000, null)
                .foreach("echo", new Echo(words, outputFile, out));
            return p;
        });
        if (pipeline.restoredCheckpointId() == 0)
        {
            out.println("Creating new context");
            try
            {
                Files.deleteIfExists(outputFile);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot delete " + outputFile, ex);
            }
        }
        return pipeline;
    }

    /**
     * Spark's {@code foreachRDD} body, on per-record window results: gathers a window's (word, count) pairs and
     * writes the batch's line when the first result of a later window arrives. Single writer: the sink stage's thread.
     */
    static final class Echo implements EventConsumer
    {
        private final WordDictionary words;
        private final Path outputFile;
        private final PrintStream out;
        private final List<String> pairs = new ArrayList<>();
        private long windowEndMs = Long.MIN_VALUE;
        private long dropped;

        Echo(final WordDictionary words, final Path outputFile, final PrintStream out)
        {
            this.words = Objects.requireNonNull(words, "words");
            this.outputFile = Objects.requireNonNull(outputFile, "outputFile");
            this.out = Objects.requireNonNull(out, "out");
        }

        @Override
        public void accept(final Event result)
        {
            if (result.long2() != windowEndMs)
            {
                if (windowEndMs != Long.MIN_VALUE)
                {
                    flush();
                }
                windowEndMs = result.long2();
            }
            final long count = result.long0();
            if (count == 0)
            {
                return;
            }
            final String word = words.word(result.key());
            if (EXCLUDED.contains(word))
            {
                dropped += count;
                return;
            }
            pairs.add(word + "," + count);
        }

        private void flush()
        {
            pairs.sort(null);
            final String counts = "Counts at time " + windowEndMs + " ms [(" + String.join("), (", pairs) + ")]";
            final String line = pairs.isEmpty() ? "Counts at time " + windowEndMs + " ms []" : counts;
            pairs.clear();
            out.println(line);
            out.println("Dropped " + dropped + " word(s) totally");
            out.println("Appending to " + outputFile.toAbsolutePath());
            out.flush();
            try
            {
                Files.write(outputFile, (line + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot append to " + outputFile, ex);
            }
        }
    }
}
