package dev.rill.engine.examples;

import dev.rill.engine.BatchTime;
import dev.rill.engine.EventQueue;
import dev.rill.engine.JobContext;
import dev.rill.engine.Pipeline;
import dev.rill.engine.PipelineConfig;
import dev.rill.engine.RillJob;

/**
 * Spark's {@code queue_stream} ({@code QueueStream.scala}): a queue of 5 "RDDs", each holding the numbers 1 to 1000,
 * one per batch of 1 s, mapped to {@code (x % 10, 1)}, reduced by key and printed:
 * <pre>
 *   $ rill example queue-stream
 *   -------------------------------------------
 *   Time: 1000 ms
 *   -------------------------------------------
 *   (0,100)
 *   (1,100)
 *   ...                     (keys 0 to 9, each 100, five batches)
 * </pre>
 * Rill's {@code queueStream} takes records with event times rather than prepared RDDs: RDD {@code i} becomes 1000
 * records at event time {@code i} s, and the batches are event-time batches of 1 s, so batch {@code i} holds RDD
 * {@code i} and prints as {@code Time: (i + 1) * 1000 ms} (Spark prints the wall-clock batch time). The queue is ended
 * after the last RDD, so the example stops by itself (Spark's sleeps 6 s and stops). Each batch's results are sorted
 * by key before printing, so the output is exactly Spark's for these keys.
 */
public final class QueueStream implements RillJob
{
    /** RDDs in the queue, as the Python example. */
    public static final int RDDS = 5;
    /** Numbers per RDD. */
    public static final int NUMBERS = 1_000;

    @Override
    public Pipeline build(final JobContext context)
    {
        ExampleArgs.expect(context.args(), 0, "queue-stream");
        return create(context.configBuilder());
    }

    /**
     * @param config the configuration to start from; batches are set to event time, 1 s.
     * @return the pipeline, built, not started; its queue is already filled and ended.
     */
    public static Pipeline create(final PipelineConfig.Builder config)
    {
        final EventQueue queue = new EventQueue("rddQueue", 1);
        for (int rdd = 0; rdd < RDDS; rdd++)
        {
            for (int x = 1; x <= NUMBERS; x++)
            {
                queue.add(0, rdd * 1_000L, 0, x);
            }
        }
        queue.end();
        final Pipeline pipeline = Pipeline.create(config.batchInterval(BatchTime.EVENT_TIME, 1_000).build());
        final java.io.PrintStream out = pipeline.config().printStream();
        pipeline.queueStream(queue)
            .map("mod10", (in, o) -> o.key(in.long0() % 10).long0(1))
            .reduceByKey(Long::sum)
            .foreachBatch(new SortedPrint(out, 10, (e, s) -> s.append('(').append(e.key()).append(',')
                .append(e.long0()).append(')')));
        return pipeline;
    }
}
