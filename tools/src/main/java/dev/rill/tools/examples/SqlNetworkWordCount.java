package dev.rill.tools.examples;

import java.io.PrintStream;
import java.time.ZoneId;
import java.util.List;

import dev.rill.engine.BatchTime;
import dev.rill.engine.JobContext;
import dev.rill.engine.OverlongLinePolicy;
import dev.rill.engine.Pipeline;
import dev.rill.engine.PipelineConfig;
import dev.rill.engine.RillJob;
import dev.rill.engine.SocketSourceOptions;
import dev.rill.engine.examples.WordDictionary;
import dev.rill.engine.examples.WordSplitter;

/**
 * Spark's {@code sql_network_wordcount} ({@code sql_network_wordcount.py}, {@code SqlNetworkWordCount.scala}): the
 * words of the lines a text server sends, per batch of 1 s, go into a table {@code words(word)} of an embedded SQL
 * engine, and {@value #QUERY} runs over each batch; the result is printed as Spark prints a DataFrame
 * ({@code show()}), under the batch time as the Python example prints it:
 * <pre>
 *   $ nc -lk 9999                                       # in one terminal, then type lines
 *   $ rill example sql-network-wordcount localhost 9999
 *   ========= 2026-11-25 19:40:01 =========
 *   +-----+-----+
 *   | word|total|
 *   +-----+-----+
 *   |hello|    2|
 *   |world|    1|
 *   +-----+-----+
 *
 * </pre>
 * Pipeline: {@code socketTextStream(host, port) -> flatMap(split " ") -> foreachBatch(SQL)}. The SQL engine is H2
 * (pure Java, about 2.6 MB, in memory; no server, so no network listener), through JDBC: per batch a private
 * in-memory database ({@code jdbc:h2:mem:}) gets the table, the batch's words are inserted in one JDBC batch, the query
 * runs, and the database is dropped when its connection closes: Spark's {@code createOrReplaceTempView("words")} per
 * batch, with nothing kept between batches. H2 is in the tools module, not the engine: the engine depends only on the
 * log, the operators, the Disruptor and HdrHistogram.
 * <p>
 * As the Python example: an empty batch prints only its time line (PySpark's {@code createDataFrame} fails on an
 * empty RDD and the example's {@code except: pass} swallows it); the time is the batch time in the local time zone,
 * as Python's {@code str(datetime)}. Words are split as {@code String.split(" ")} (see {@link WordSplitter}); row
 * order is H2's, as Spark's is its own (the query has no {@code order by}).
 */
public final class SqlNetworkWordCount implements RillJob
{
    /** Usage line. */
    public static final String USAGE = "sql-network-wordcount <hostname> <port>";
    /** The query of Spark's example, verbatim. */
    public static final String QUERY = "select word, count(*) as total from words group by word";

    @Override
    public Pipeline build(final JobContext context)
    {
        final List<String> args = context.args();
        if (args.size() != 2)
        {
            throw new IllegalArgumentException("Usage: " + USAGE);
        }
        final int port;
        try
        {
            port = Integer.parseInt(args.get(1));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("port must be a number, not '" + args.get(1) + "' (usage: " + USAGE +
                ")", ex);
        }
        return create(context.configBuilder(), args.get(0), port, ZoneId.systemDefault());
    }

    /**
     * @param config the configuration to start from; the batch interval is set to 1 s of processing time.
     * @param host   text server host.
     * @param port   text server port, 1..65535.
     * @param zone   time zone of the printed batch times.
     * @return the pipeline, built, not started; it prints to the configuration's print stream.
     */
    public static Pipeline create(final PipelineConfig.Builder config, final String host, final int port,
        final ZoneId zone)
    {
        if (port < 1 || port > 65_535)
        {
            throw new IllegalArgumentException("port out of range 1..65535: " + port + " (usage: " + USAGE + ")");
        }
        final Pipeline pipeline = Pipeline.create(config.batchInterval(BatchTime.PROCESSING_TIME, 1_000).build());
        final WordDictionary words = new WordDictionary();
        final PrintStream out = pipeline.config().printStream();
        pipeline.socketTextStream(SocketSourceOptions.port(port).host(host)
                .overlongLines(OverlongLinePolicy.TRUNCATE).build())
            .flatMap("split", new WordSplitter(words))
            .foreachBatch(new SqlWordCounts(words, QUERY, out, zone));
        return pipeline;
    }
}
