package dev.rill.engine.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.rill.engine.BatchTime;
import dev.rill.engine.JobContext;
import dev.rill.engine.Pipeline;
import dev.rill.engine.PipelineConfig;
import dev.rill.engine.RillJob;

/**
 * Spark's {@code network_wordjoinsentiments} ({@code JavaNetworkWordJoinSentiments.java}): every 5 s, the words
 * received in those 5 s are counted, joined with a static word → sentiment list (AFINN), scored
 * {@code happiness = sentiment * count}, sorted by happiness descending, and the top 5 printed:
 * <pre>
 *   $ nc -lk 9999
 *   $ rill example network-wordjoinsentiments localhost 9999
 *   Happiest topics in the last 5 seconds (3 total):
 *   amazing (8 happiness)
 *   good (3 happiness)
 *   bad (-3 happiness)
 * </pre>
 * Spark reads {@code data/streaming/AFINN-111.txt} (2,477 words, tab-separated {@code word<TAB>score}). Rill ships
 * a 20-word sample of that format in its jar ({@code examples/AFINN-sample.txt}, scores as in AFINN-111) so the
 * example runs anywhere; a third argument names another file of the same format, such as the full AFINN-111.txt.
 * <p>
 * Spark joins each batch's RDD with the static RDD inside {@code transform}; the static side is small, so here it
 * is a lookup map applied after {@code reduceByKey} (the inner join: words without a sentiment are dropped). Ties in
 * happiness are ordered by word, so the output is deterministic.
 */
public final class NetworkWordJoinSentiments implements RillJob
{
    /** Usage line. */
    public static final String USAGE = "network-wordjoinsentiments <hostname> <port> [<sentiment file>]";
    /** The bundled sample, a class-path resource. */
    public static final String SAMPLE_RESOURCE = "/examples/AFINN-sample.txt";
    /** Batch interval: Spark's example uses 5 s. */
    public static final long BATCH_MS = 5_000;

    @Override
    public Pipeline build(final JobContext context)
    {
        final List<String> args = context.args();
        if (args.size() != 2 && args.size() != 3)
        {
            throw new IllegalArgumentException("Usage: " + USAGE);
        }
        final Map<String, Long> sentiments = args.size() == 3 ? readSentiments(Path.of(args.get(2))) :
            sampleSentiments();
        return create(context.configBuilder(), args.get(0), ExampleArgs.port(args.get(1), USAGE), sentiments,
            BATCH_MS);
    }

    /**
     * @param config     the configuration to start from; the batch interval is set to {@code batchMs} of processing
     *                   time.
     * @param host       text server host.
     * @param port       text server port.
     * @param sentiments word → sentiment score.
     * @param batchMs    batch interval ({@link #BATCH_MS} as Spark's; tests use less).
     * @return the pipeline, built, not started.
     */
    public static Pipeline create(final PipelineConfig.Builder config, final String host, final int port,
        final Map<String, Long> sentiments, final long batchMs)
    {
        final WordDictionary words = new WordDictionary();
        // the static side, by word id; ids are handed out here first, so a looked-up id is always known
        final Map<Long, Long> byId = new HashMap<>();
        sentiments.forEach((word, score) -> byId.put(words.id(word), score));
        final Pipeline pipeline = Pipeline.create(config.batchInterval(BatchTime.PROCESSING_TIME, batchMs).build());
        final PrintStream out = pipeline.config().printStream();
        final long seconds = batchMs / 1_000;
        pipeline.socketTextStream(NetworkWordCount.socket(host, port))
            .flatMap("split", new WordSplitter(words))
            .reduceByKey(Long::sum)
            .filter("joinSentiments", e -> byId.containsKey(e.key()))
            .map("happiness", (in, o) -> o.long0(byId.get(in.key()) * in.long0()))
            .foreachBatch((batchTimeMs, batch) ->
            {
                final List<long[]> happiest = new ArrayList<>(batch.size());
                for (int i = 0; i < batch.size(); i++)
                {
                    happiest.add(new long[] {batch.get(i).key(), batch.get(i).long0()});
                }
                happiest.sort((a, b) -> a[1] != b[1] ? Long.compare(b[1], a[1]) :
                    words.word(a[0]).compareTo(words.word(b[0])));
                final StringBuilder text = new StringBuilder();
                final String eol = System.lineSeparator();
                text.append("Happiest topics in the last ").append(seconds).append(" seconds (")
                    .append(happiest.size()).append(" total):").append(eol);
                for (int i = 0; i < Math.min(5, happiest.size()); i++)
                {
                    text.append(words.word(happiest.get(i)[0])).append(" (").append(happiest.get(i)[1])
                        .append(" happiness)").append(eol);
                }
                out.print(text);
                out.flush();
            });
        return pipeline;
    }

    /**
     * @return the bundled 20-word sample of AFINN-111.
     */
    public static Map<String, Long> sampleSentiments()
    {
        try (InputStream in = NetworkWordJoinSentiments.class.getResourceAsStream(SAMPLE_RESOURCE))
        {
            Objects.requireNonNull(in, SAMPLE_RESOURCE);
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), SAMPLE_RESOURCE);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + SAMPLE_RESOURCE, ex);
        }
    }

    /**
     * @param file a file of {@code word<TAB>score} lines (AFINN format).
     * @return word → score.
     * @throws IllegalArgumentException if the file is missing or a line is malformed, naming file and line.
     */
    public static Map<String, Long> readSentiments(final Path file)
    {
        if (!Files.isRegularFile(file))
        {
            throw new IllegalArgumentException("no such sentiment file: " + file);
        }
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8))
        {
            return parse(reader, file.toString());
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
    }

    private static Map<String, Long> parse(final BufferedReader reader, final String name) throws IOException
    {
        final Map<String, Long> sentiments = new HashMap<>();
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null)
        {
            number++;
            if (line.isBlank())
            {
                continue;
            }
            final int tab = line.lastIndexOf('\t');
            try
            {
                if (tab < 1)
                {
                    throw new NumberFormatException("no tab");
                }
                sentiments.put(line.substring(0, tab), Long.parseLong(line.substring(tab + 1).trim()));
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("sentiment file " + name + ", line " + number +
                    ": expected word<TAB>score, got '" + line + "'", ex);
            }
        }
        return sentiments;
    }
}
