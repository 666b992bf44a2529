package dev.rill.engine.examples;

import java.util.List;

import dev.rill.engine.BatchTime;
import dev.rill.engine.JobContext;
import dev.rill.engine.OverlongLinePolicy;
import dev.rill.engine.Pipeline;
import dev.rill.engine.PipelineConfig;
import dev.rill.engine.RillJob;
import dev.rill.engine.SocketSourceOptions;

/**
 * Spark's {@code network_wordcount} ({@code NetworkWordCount.scala}, {@code JavaNetworkWordCount.java}): counts the
 * words of the lines a text server sends, per batch of 1 s, and prints each batch in Spark's {@code print()} format.
 * <pre>
 *   $ nc -lk 9999                                  # in one terminal, then type lines
 *   $ rill example network-wordcount localhost 9999
 *   -------------------------------------------
 *   Time: 1714564801000 ms
 *   -------------------------------------------
 *   (hello,2)
 *   (world,1)
 * </pre>
 * Pipeline: {@code socketTextStream(host, port) -> flatMap(split " ", (word, 1)) -> reduceByKey(+) -> print()}.
 * Words become keys through a {@link WordDictionary} (no hash collisions). Lines longer than the engine's 64-byte
 * text area are cut at a UTF-8 boundary and counted ({@link OverlongLinePolicy#TRUNCATE}) rather than stopping the
 * example. Records within a batch come in the engine's key order, not Spark's (which is hash-partition order).
 */
public final class NetworkWordCount implements RillJob
{
    /** Usage line. */
    public static final String USAGE = "network-wordcount <hostname> <port>";

    @Override
    public Pipeline build(final JobContext context)
    {
        final List<String> args = context.args();
        ExampleArgs.expect(args, 2, USAGE);
        return create(context.configBuilder(), args.get(0), ExampleArgs.port(args.get(1), USAGE), new WordDictionary());
    }

    /**
     * @param config the configuration to start from; the batch interval is set to 1 s of processing time.
     * @param host   text server host.
     * @param port   text server port.
     * @param words  the dictionary of words seen.
     * @return the pipeline, built, not started.
     */
    public static Pipeline create(final PipelineConfig.Builder config, final String host, final int port,
        final WordDictionary words)
    {
        final Pipeline pipeline = Pipeline.create(config.batchInterval(BatchTime.PROCESSING_TIME, 1_000).build());
        pipeline.socketTextStream(socket(host, port))
            .flatMap("split", new WordSplitter(words))
            .reduceByKey(Long::sum)
            .format(words.pairFormatter())
            .print();
        return pipeline;
    }

    /**
     * @param host host.
     * @param port port.
     * @return the socket options the socket examples use: over-long lines truncated, not fatal.
     */
    static SocketSourceOptions socket(final String host, final int port)
    {
        return SocketSourceOptions.port(port).host(host).overlongLines(OverlongLinePolicy.TRUNCATE).build();
    }
}
