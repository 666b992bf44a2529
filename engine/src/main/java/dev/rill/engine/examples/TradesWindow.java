package dev.rill.engine.examples;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Objects;

import dev.rill.engine.JobContext;
import dev.rill.engine.LogSourceOptions;
import dev.rill.engine.Pipeline;
import dev.rill.engine.PipelineConfig;
import dev.rill.engine.RillJob;
import dev.rill.engine.ThreadingMode;
import dev.rill.engine.WaitStrategy;
import dev.rill.engine.workloads.W1Pipeline;
import dev.rill.engine.workloads.W1Result;
import dev.rill.log.ConsumerOptions;
import dev.rill.log.RillLog;
import dev.rill.log.Topic;
import dev.rill.operators.window.KeySumCountFilter;

/**
 * W1 of {@code shared/bench/WORKLOADS.md} from a log topic to a log topic, with checkpoints: the pipeline behind
 * {@code rill example trades-window --input IN --output OUT --checkpoint DIR [--checkpoint-interval 1s] [--until-end]}.
 * <pre>
 *   topic IN (rill produce IN --generator trades --count N)
 *     -&gt; decode + map notional = price * qty
 *     -&gt; repartition(1) -&gt; sumCountByKeyAndWindow(1000 ms, 100 ms, NON_EMPTY)   event time, batches of 100 ms
 *     -&gt; encode -&gt; topic OUT                                              exactly-once sink
 * </pre>
 * Input record ({@link #INPUT_VALUE_BYTES} bytes of value, the layout of {@code rill produce --generator trades}):
 * <pre>
 *   key:   symbol (8 bytes, little-endian long)
 *   value: offset 0  price        (8 bytes, little-endian long)
 *          offset 8  qty          (8 bytes, little-endian long)
 *          offset 16 event time   (8 bytes, little-endian long, ns; also the record timestamp)
 * </pre>
 * Output: one record per (window, symbol) with at least one trade in the window:
 * <pre>
 *   key:       symbol (8 bytes, little-endian long)
 *   value:     offset 0  notional sum (8 bytes LE)    offset 8  trades (8 bytes LE)    offset 16  window end ms (8 bytes LE)
 *   timestamp: window end - 1 ns
 * </pre>
 * The event time is the record timestamp, so {@link #checksum} of the output equals
 * {@link dev.rill.engine.workloads.W1Reference#run} over the same events. With {@code untilEnd} the source stops at the
 * end of the input and every window is emitted; otherwise it follows the topic. Runs through
 * {@link Pipeline#getOrCreate}: killed and started again with the same arguments, it resumes from the newest complete
 * checkpoint and the output topic holds every result once (the engine's exactly-once log sink). One window shard: the
 * engine cannot yet align barriers over a gather from several shards.
 */
public final class TradesWindow implements RillJob
{
    /** Bytes of an input value. */
    public static final int INPUT_VALUE_BYTES = 24;
    /** Bytes of an output value. */
    public static final int OUTPUT_VALUE_BYTES = 24;
    /** Default checkpoint interval. */
    public static final long DEFAULT_CHECKPOINT_INTERVAL_MS = 1_000;
    /** Usage line. */
    public static final String USAGE = "trades-window --input TOPIC --output TOPIC --checkpoint DIR " +
        "[--checkpoint-interval MS] [--until-end]";

    @Override
    public Pipeline build(final JobContext context)
    {
        String input = null;
        String output = null;
        Path checkpoint = null;
        long intervalMs = DEFAULT_CHECKPOINT_INTERVAL_MS;
        boolean untilEnd = false;
        final var args = context.args();
        for (int i = 0; i < args.size(); i++)
        {
            final String arg = args.get(i);
            final boolean hasValue = i + 1 < args.size();
            if ("--until-end".equals(arg))
            {
                untilEnd = true;
            }
            else if ("--input".equals(arg) && hasValue)
            {
                input = args.get(++i);
            }
            else if ("--output".equals(arg) && hasValue)
            {
                output = args.get(++i);
            }
            else if ("--checkpoint".equals(arg) && hasValue)
            {
                checkpoint = Path.of(args.get(++i));
            }
            else if ("--checkpoint-interval".equals(arg) && hasValue)
            {
                intervalMs = Long.parseLong(args.get(++i));
            }
            else
            {
                throw new IllegalArgumentException("unknown or incomplete argument: " + arg + " (usage: " + USAGE + ")");
            }
        }
        if (input == null || output == null || checkpoint == null)
        {
            throw new IllegalArgumentException("Usage: " + USAGE);
        }
        return create(config(context.configBuilder()), context.log(), input, output, checkpoint, intervalMs,
            untilEnd);
    }

    /**
     * @param base a builder (its print stream is kept).
     * @return W1's batches (event time, 100 ms) on dedicated threads.
     */
    public static PipelineConfig.Builder config(final PipelineConfig.Builder base)
    {
        return base.threadingMode(ThreadingMode.DEDICATED).waitStrategy(WaitStrategy.BACKOFF).ringSize(1 << 14)
            .batchInterval(dev.rill.engine.BatchTime.EVENT_TIME, W1Pipeline.SLIDE_MS);
    }

    /**
     * Build (or restore) the pipeline; the output topic is created with the input's partition count if missing.
     *
     * @param config        the configuration ({@link #config}, or a stepping one in tests).
     * @param log           the log holding both topics.
     * @param input         input topic, existing.
     * @param output        output topic.
     * @param checkpointDir checkpoint directory.
     * @param intervalMs    checkpoint interval, ms of the pipeline clock.
     * @param untilEnd      stop at the end of the input (else follow it).
     * @return the pipeline, not started.
     */
    public static Pipeline create(final PipelineConfig.Builder config, final RillLog log, final String input,
        final String output, final Path checkpointDir, final long intervalMs, final boolean untilEnd)
    {
        Objects.requireNonNull(checkpointDir, "checkpointDir");
        if (intervalMs < 1)
        {
            throw new IllegalArgumentException("checkpoint interval must be >= 1 ms: " + intervalMs);
        }
        final Topic in = log.topic(input);
        if (!log.hasTopic(output))
        {
            log.createTopic(output, dev.rill.log.TopicConfig.builder(in.partitionCount()).build());
        }
        final PipelineConfig built = config.build();
        return Pipeline.getOrCreate(checkpointDir, () ->
        {
            final Pipeline pipeline = Pipeline.create(built);
            pipeline.checkpoint(checkpointDir, intervalMs);
            pipeline.topicStream(log, LogSourceOptions.topic(input).follow(!untilEnd))
                .map("notional", (r, o) -> o.long0(r.bytes().getLong(0) * r.bytes().getLong(8)))
                .repartition(1)
                .sumCountByKeyAndWindow(W1Pipeline.WINDOW_LENGTH_MS, W1Pipeline.SLIDE_MS, KeySumCountFilter.NON_EMPTY)
                .map("encode", (r, o) ->
                {
                    o.bytes().putLong(0, r.long0());
                    o.bytes().putLong(8, r.long1());
                    o.bytes().putLong(16, r.long2());
                    o.bytesLength(OUTPUT_VALUE_BYTES);
                })
                .saveToTopic(log, output);
            return pipeline;
        });
    }

    /**
     * W1's records and checksum over an output topic of this pipeline (every partition, from the earliest record).
     *
     * @param log   the log.
     * @param topic the output topic.
     * @return records and checksum, comparable with {@link dev.rill.engine.workloads.W1Reference#run}.
     */
    public static W1Result checksum(final RillLog log, final String topic)
    {
        final long[] sums = new long[2];
        try (var consumer = log.topic(topic).consumer(ConsumerOptions.fromEarliest()))
        {
            while (consumer.poll(r ->
            {
                final ByteBuffer key = ByteBuffer.wrap(r.keyBytes()).order(ByteOrder.LITTLE_ENDIAN);
                final ByteBuffer value = ByteBuffer.wrap(r.valueBytes()).order(ByteOrder.LITTLE_ENDIAN);
                sums[0]++;
                sums[1] += W1Result.term(value.getLong(16), key.getLong(0), value.getLong(0), value.getLong(8));
            }, 4_096) > 0)
            {
                // until the end
            }
        }
        return new W1Result(sums[0], sums[1]);
    }
}
