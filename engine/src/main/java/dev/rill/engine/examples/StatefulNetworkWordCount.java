package dev.rill.engine.examples;

import java.util.List;

import dev.rill.engine.BatchTime;
import dev.rill.engine.EventQueue;
import dev.rill.engine.JobContext;
import dev.rill.engine.Pipeline;
import dev.rill.engine.PipelineConfig;
import dev.rill.engine.RillJob;

/**
 * Spark's {@code stateful_network_wordcount} ({@code StatefulNetworkWordCount.scala}): running word counts over
 * every line received since the start, printed every second, starting from the initial state
 * {@code (hello,1), (world,1)}:
 * <pre>
 *   $ nc -lk 9999
 *   $ rill example stateful-network-wordcount localhost 9999
 *   -------------------------------------------
 *   Time: 1714564801000 ms
 *   -------------------------------------------
 *   (hello,1)
 *   (world,1)
 *                                         (then, after "hello rill" was typed:)
 *   (hello,2)
 *   (world,1)
 *   (rill,1)
 * </pre>
 * Pipeline: {@code socketTextStream -> flatMap(split " ", (word, 1))}, unioned with the initial state, then
 * {@code updateStateByKey(sum(newValues) + state)} and {@code print()}.
 * <p>
 * Differences from Spark, on purpose: Spark's {@code updateStateByKey} takes an {@code initialRDD}; here the initial
 * pairs are a bounded {@code queueStream} unioned in, so they are added in the first batch (the printed state is the
 * same). Spark must call {@code ssc.checkpoint("checkpoint")} because its state RDDs need their lineage cut; Rill's
 * state lives in off-heap maps and needs no checkpoint to run, and the engine cannot yet checkpoint
 * {@code updateStateByKey} (only {@code sumCountByKeyAndWindow} writes its state), nor would a socket source replay
 * after a crash: so this example runs without a checkpoint directory.
 */
public final class StatefulNetworkWordCount implements RillJob
{
    /** Usage line. */
    public static final String USAGE = "stateful-network-wordcount <hostname> <port>";

    @Override
    public Pipeline build(final JobContext context)
    {
        final List<String> args = context.args();
        ExampleArgs.expect(args, 2, USAGE);
        return create(context.configBuilder(), args.get(0), ExampleArgs.port(args.get(1), USAGE),
            new WordDictionary());
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
        final EventQueue initialState = new EventQueue("initialRDD", 1);
        initialState.add(0, 0, words.id("hello"), 1);
        initialState.add(0, 0, words.id("world"), 1);
        initialState.end();
        pipeline.socketTextStream(NetworkWordCount.socket(host, port))
            .flatMap("split", new WordSplitter(words))
            .union(pipeline.queueStream(initialState))
            .updateStateByKey((key, newValues, state) ->
                state.update(newValues.sum() + (state.exists() ? state.get() : 0)))
            .format(words.pairFormatter())
            .print();
        return pipeline;
    }
}
