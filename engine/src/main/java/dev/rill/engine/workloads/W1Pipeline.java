package dev.rill.engine.workloads;

import java.nio.ByteOrder;
import java.util.Objects;

import org.agrona.DirectBuffer;

import dev.rill.engine.BatchTime;
import dev.rill.engine.Event;
import dev.rill.engine.EventConsumer;
import dev.rill.engine.EventStream;
import dev.rill.engine.LogSourceOptions;
import dev.rill.engine.Pipeline;
import dev.rill.engine.PipelineConfig;
import dev.rill.engine.RecordDecoder;
import dev.rill.engine.ThreadingMode;
import dev.rill.engine.WaitStrategy;
import dev.rill.log.RillLog;
import dev.rill.operators.window.KeySumCountFilter;

/**
 * W1 of {@code shared/bench/WORKLOADS.md} as a Rill pipeline:
 * <pre>
 *   source (generator, or a log topic the generator was written into)
 *     -&gt; update: long0 = price * qty (notional)                    fused into the source stage
 *     -&gt; repartition(shards): key = symbol                          N keyed shards
 *     -&gt; sumCountByKeyAndWindow(1000 ms, 100 ms, NON_EMPTY)          inverse reduce, off-heap, per shard
 *     -&gt; repartition(1) -&gt; foreach(W1Sink)                        records and checksum on one thread
 *                                                                     (no repartition(1) with 1 shard: fused)
 * </pre>
 * Batches are event-time, 100 ms; a window {@code [end - 1 s, end)} is emitted by each shard when the watermark
 * reaches {@code end}, and at the end of input every window holding an event is emitted. The filter drops a symbol
 * from the window once its count is back to 0, so only (window, symbol) pairs with at least one event are results.
 * <p>
 * Reuse: {@link #build} wires the operators onto any stream of generator-shaped events (key = symbol, long0 = price,
 * long1 = qty); {@link #runGenerator}, {@link #runTopic} and {@link #runTopicByPartition} run the whole thing;
 * {@link #writeTopic} fills a topic with the generator's events (price and qty as two little-endian longs in the
 * value, timestamp = event time, partitioned by symbol).
 */
public final class W1Pipeline
{
    /**
     * Decodes a record of {@link #writeTopic} straight into the source's event: key = symbol, long0 = price,
     * long1 = qty (the value's two little-endian longs). No byte copy and no decoding map after the source.
     */
    public static final RecordDecoder DECODE = (record, event) ->
    {
        final DirectBuffer buffer = record.buffer();
        final int value = record.valueOffset();
        event.key(buffer.getLong(record.keyOffset(), ByteOrder.LITTLE_ENDIAN))
            .long0(buffer.getLong(value, ByteOrder.LITTLE_ENDIAN))
            .long1(buffer.getLong(value + Long.BYTES, ByteOrder.LITTLE_ENDIAN));
    };
    /** Window length. */
    public static final long WINDOW_LENGTH_MS = 1_000;
    /** Slide, and the batch interval. */
    public static final long SLIDE_MS = 100;

    private W1Pipeline()
    {
    }

    /**
     * The configuration W1 needs: event-time batches of 100 ms, no out-of-orderness (the input is in order).
     *
     * @param mode threading mode.
     * @param wait wait strategy of every stage.
     * @return the builder, to adjust further.
     */
    public static PipelineConfig.Builder config(final ThreadingMode mode, final WaitStrategy wait)
    {
        return PipelineConfig.builder().threadingMode(mode).waitStrategy(wait).ringSize(1 << 14)
            .batchInterval(BatchTime.EVENT_TIME, SLIDE_MS);
    }

    /**
     * Wire W1 onto a stream of generator-shaped events.
     *
     * @param source events with key = symbol, long0 = price, long1 = qty, event time.
     * @param shards keyed shards for the window.
     * @param sink   the sink.
     */
    public static void build(final EventStream source, final int shards, final W1Sink sink)
    {
        Objects.requireNonNull(sink, "sink");
        final EventStream windows = source
            .update("notional", W1Pipeline::notional)
            .repartition(shards)
            .sumCountByKeyAndWindow(WINDOW_LENGTH_MS, SLIDE_MS, KeySumCountFilter.NON_EMPTY);
        // one shard: the sink runs in the window's stage (a gather onto one thread would only add a thread and a ring)
        (shards > 1 ? windows.repartition(1) : windows).foreach("w1sink", sink);
    }

    /** W1's step 1: long0 = price * qty. */
    private static void notional(final Event event)
    {
        event.long0(event.long0() * event.long1());
    }

    /**
     * W1 from a topic written by {@link #writeTopic} to a topic, as {@code rill example trades-window} and the
     * checkpoint harnesses run it: the record's value (price, qty; 8 bytes little-endian each) decoded into the
     * notional, {@code repartition(shards)}, the window, then one output record per (window, symbol) with value sum,
     * count and window end ms (8 bytes little-endian each), saved to {@code out} (partitioned by symbol).
     *
     * @param topic  the input topic's stream (key = symbol).
     * @param shards keyed shards for the window.
     * @param log    the log holding {@code out}.
     * @param out    the output topic, existing.
     */
    public static void topicToTopic(final EventStream topic, final int shards, final RillLog log, final String out)
    {
        windowIntoTopic(topic.map("decode", (in, o) -> o.long0(in.bytes().getLong(0) * in.bytes().getLong(8))),
            shards, log, out);
    }

    /**
     * The window and output half of {@link #topicToTopic}, for a stream whose {@code long0} is already the notional.
     *
     * @param notional events with key = symbol, long0 = notional, event time.
     * @param shards   keyed shards for the window.
     * @param log      the log holding {@code out}.
     * @param out      the output topic, existing.
     */
    public static void windowIntoTopic(final EventStream notional, final int shards, final RillLog log,
        final String out)
    {
        notional.repartition(shards)
            .sumCountByKeyAndWindow(WINDOW_LENGTH_MS, SLIDE_MS, KeySumCountFilter.NON_EMPTY)
            .map("encode", (in, o) ->
            {
                o.bytes().putLong(0, in.long0());
                o.bytes().putLong(8, in.long1());
                o.bytes().putLong(16, in.long2());
                o.bytesLength(24);
            })
            .saveToTopic(log, out);
    }

    /**
     * Run W1 from the generator to the end.
     *
     * @param config  the pipeline's configuration (see {@link #config}).
     * @param events  N.
     * @param symbols K.
     * @param shards  keyed shards.
     * @return records and checksum.
     * @throws InterruptedException if interrupted while waiting.
     */
    public static W1Result runGenerator(final PipelineConfig config, final long events, final int symbols,
        final int shards) throws InterruptedException
    {
        final W1Sink sink = new W1Sink();
        try (Pipeline pipeline = Pipeline.create(config))
        {
            build(pipeline.generatorStream(symbols, events), shards, sink);
            pipeline.start();
            awaitEnd(pipeline);
        }
        return sink.result();
    }

    /**
     * Run W1 from a log topic holding the generator's events ({@link #writeTopic}), from its earliest record to
     * its end.
     *
     * @param config the pipeline's configuration (see {@link #config}).
     * @param log    the log.
     * @param topic  the topic.
     * @param shards keyed shards.
     * @return records and checksum.
     * @throws InterruptedException if interrupted while waiting.
     */
    public static W1Result runTopic(final PipelineConfig config, final RillLog log, final String topic,
        final int shards) throws InterruptedException
    {
        final W1Sink sink = new W1Sink();
        try (Pipeline pipeline = Pipeline.create(config))
        {
            build(pipeline.topicStream(log, LogSourceOptions.topic(topic).decoder(DECODE)), shards, sink);
            pipeline.start();
            awaitEnd(pipeline);
        }
        return sink.result();
    }

    /**
     * Run W1 from a log topic written by {@link #writeTopic} as Kafka Streams runs a job whose input is already keyed:
     * one task per partition. Each partition gets a source stage of its own (one thread) that reads it, computes the
     * notional and runs the window and its sink part, with no ring and no repartition in between; the results are
     * the sum of the parts. Right because {@link #writeTopic} places each symbol in one partition
     * ({@link dev.rill.engine.KeyHash#shardFor} over the topic's partitions), so no (window, symbol) is split
     * between two tasks; a topic partitioned otherwise gives wrong sums and counts (the harness checks every result
     * against the single-threaded loop).
     * <p>
     * Each task ends its event-time batches on its own watermark: the windows it emits are those that hold one of
     * its symbols' events, which is every result W1 defines.
     *
     * @param config the pipeline's configuration (see {@link #config}).
     * @param log    the log.
     * @param topic  the topic, partitioned by symbol.
     * @return records and checksum, over every partition.
     * @throws InterruptedException if interrupted while waiting.
     */
    public static W1Result runTopicByPartition(final PipelineConfig config, final RillLog log, final String topic)
        throws InterruptedException
    {
        final int partitions = log.topic(topic).partitionCount();
        final W1Sink[] sinks = new W1Sink[partitions];
        try (Pipeline pipeline = Pipeline.create(config))
        {
            for (int p = 0; p < partitions; p++)
            {
                sinks[p] = new W1Sink();
                pipeline.topicStream(log, LogSourceOptions.topic(topic).partitions(p).decoder(DECODE))
                    .update("notional", W1Pipeline::notional)
                    .sumCountByKeyAndWindow(WINDOW_LENGTH_MS, SLIDE_MS, KeySumCountFilter.NON_EMPTY)
                    .foreach("w1sink-" + p, sinks[p]);
            }
            pipeline.start();
            awaitEnd(pipeline);
        }
        long records = 0;
        long checksum = 0;
        for (final W1Sink sink : sinks)
        {
            final W1Result part = sink.result();
            records += part.records();
            checksum += part.checksum();
        }
        return new W1Result(records, checksum);
    }

    /**
     * Append the generator's events 0 to N - 1 to an existing topic: key = symbol, value = price and qty as two
     * little-endian longs, timestamp = event time, partition = {@link dev.rill.engine.KeyHash#shardFor}{@code (symbol,
     * partitions)} (the log sink's rule), so each symbol is in one partition.
     *
     * @param config  the pipeline's configuration.
     * @param log     the log.
     * @param topic   the topic, existing.
     * @param events  N.
     * @param symbols K.
     * @throws InterruptedException if interrupted while waiting.
     */
    public static void writeTopic(final PipelineConfig config, final RillLog log, final String topic,
        final long events, final int symbols) throws InterruptedException
    {
        try (Pipeline pipeline = Pipeline.create(config))
        {
            pipeline.generatorStream(symbols, events)
                .map("encode", (in, out) ->
                {
                    out.bytes().putLong(0, in.long0(), ByteOrder.LITTLE_ENDIAN);
                    out.bytes().putLong(8, in.long1(), ByteOrder.LITTLE_ENDIAN);
                    out.bytesLength(16);
                })
                .saveToTopic(log, topic);
            pipeline.start();
            awaitEnd(pipeline);
        }
    }

    private static void awaitEnd(final Pipeline pipeline) throws InterruptedException
    {
        if (!pipeline.awaitTermination(Long.MAX_VALUE / 2_000_000L))
        {
            throw new IllegalStateException("W1 did not terminate");
        }
    }

    /**
     * The W1 sink: counts results and sums the checksum of WORKLOADS.md. Single writer (the sink stage's thread);
     * read {@link #result()} after the pipeline has terminated.
     */
    public static final class W1Sink implements EventConsumer
    {
        private long records;
        private long checksum;

        @Override
        public void accept(final Event result)
        {
            records++;
            checksum += W1Result.term(result.long2(), result.key(), result.long0(), result.long1());
        }

        /**
         * @return records and checksum so far.
         */
        public W1Result result()
        {
            return new W1Result(records, checksum);
        }
    }
}
