package dev.rill.engine.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.agrona.concurrent.CachedEpochClock;

import dev.rill.engine.BatchTime;
import dev.rill.engine.Event;
import dev.rill.engine.EventQueue;
import dev.rill.engine.EventStream;
import dev.rill.engine.Pipeline;
import dev.rill.engine.PipelineConfig;
import dev.rill.engine.ThreadingMode;

/**
 * Runs an operation over lists of input batches and returns the output of every batch, as Spark Streaming's
 * {@code TestSuiteBase.testOperation(input, operation, expectedOutput)} does: a test reads
 * {@code input -> operation -> expected output per batch}.
 * <p>
 * It builds a real {@link Pipeline} in {@link ThreadingMode#STEPPING} mode with processing-time batches on a manual
 * clock ({@link CachedEpochClock}, starting at 0): at tick {@code k} (from 0) the clock is set to
 * {@code k * interval}, input batch {@code k} is added to a queue source (key and {@code long0} from each {@link KV};
 * an input list shorter than the run gives empty batches) and every stage is stepped until idle; a last tick moves the
 * clock to {@code numBatches * interval} so the last batch completes; the input then ends and the pipeline drains.
 * No thread, no sleep: the same input always gives the same output.
 * <p>
 * Output batch {@code k} is every record the operation's stream produced for the batch of time
 * {@code (k + 1) * interval} (what Spark prints as {@code Time: ... ms}): for a batched stream ({@code count},
 * {@code reduce}, {@code transform}) the batch it was emitted in; for records (keyed operators, windows, maps) the batch
 * holding their event time (keyed results are stamped with their batch). Records of later batches (a window's tail at
 * the end of input) are not returned. Keyed operators give no order within a batch (neither does Spark), so each
 * batch's records are sorted by key, then {@code long0}, {@code long1}, {@code long2}.
 * <p>
 * Example, copied from {@code BatchTestDriverTest#reduceByKeyOverTwoShards}:
 * <pre>{@code
 * final List<List<KV>> output = BatchTestDriver.withBatchInterval(1_000).shards(2).run(
 *     List.of(List.of(kv(1, 1), kv(2, 2), kv(1, 3)), List.of(), List.of(kv(2, 5))),
 *     s -> s.reduceByKey(Long::sum),
 *     3);
 * assertEquals(List.of(List.of(kv(1, 4), kv(2, 2)), List.of(), List.of(kv(2, 5))), output);
 * }</pre>
 * Immutable; each run builds and closes its own pipeline; not for concurrent use of one run's operation.
 */
public final class BatchTestDriver
{
    private static final Comparator<Event> RECORD_ORDER = Comparator.comparingLong((Event e) -> e.key())
        .thenComparingLong(e -> e.long0()).thenComparingLong(e -> e.long1()).thenComparingLong(e -> e.long2());

    private final long batchIntervalMs;
    private final int shards;

    private BatchTestDriver(final long batchIntervalMs, final int shards)
    {
        this.batchIntervalMs = batchIntervalMs;
        this.shards = shards;
    }

    /**
     * @param batchIntervalMs the batch interval, ms, at least 1.
     * @return a driver feeding the operation the input stream as is (one shard).
     */
    public static BatchTestDriver withBatchInterval(final long batchIntervalMs)
    {
        if (batchIntervalMs < 1)
        {
            throw new IllegalArgumentException("batch interval must be >= 1 ms: " + batchIntervalMs);
        }
        return new BatchTestDriver(batchIntervalMs, 1);
    }

    /**
     * @param shards when above 1, each input stream is repartitioned by key into that many shards before the
     *               operation, so keyed operators run on several shards as in production.
     * @return a driver like this one with that many shards.
     */
    public BatchTestDriver shards(final int shards)
    {
        if (shards < 1)
        {
            throw new IllegalArgumentException("shards must be >= 1: " + shards);
        }
        return new BatchTestDriver(batchIntervalMs, shards);
    }

    /**
     * @param input      input batches, in order.
     * @param operation  from the input stream to the output stream (not ended by an output operation).
     * @param numBatches batches to run and return.
     * @return per batch, its output records as {@code (key, long0)}.
     * @throws InterruptedException if interrupted while draining.
     */
    public List<List<KV>> run(final List<List<KV>> input, final Function<EventStream, EventStream> operation,
        final int numBatches) throws InterruptedException
    {
        return run(input, operation, numBatches, e -> new KV(e.key(), e.long0()));
    }

    /**
     * @param input      input batches, in order.
     * @param operation  from the input stream to the output stream.
     * @param numBatches batches to run and return.
     * @param reader     reads one output record (valid only during the call) into the returned type.
     * @param <R>        the output type.
     * @return per batch, its output records.
     * @throws InterruptedException if interrupted while draining.
     */
    public <R> List<List<R>> run(final List<List<KV>> input, final Function<EventStream, EventStream> operation,
        final int numBatches, final Function<Event, R> reader) throws InterruptedException
    {
        Objects.requireNonNull(operation, "operation");
        return runAll(List.of(input), streams -> operation.apply(streams.get(0)), numBatches, reader);
    }

    /**
     * Two inputs, for operations on two streams (union, joins): both get batch {@code k} at tick {@code k}.
     *
     * @param input1     first stream's batches.
     * @param input2     second stream's batches.
     * @param operation  from the two input streams to the output stream.
     * @param numBatches batches to run and return.
     * @return per batch, its output records as {@code (key, long0)}.
     * @throws InterruptedException if interrupted while draining.
     */
    public List<List<KV>> run(final List<List<KV>> input1, final List<List<KV>> input2,
        final BiFunction<EventStream, EventStream, EventStream> operation, final int numBatches)
        throws InterruptedException
    {
        Objects.requireNonNull(operation, "operation");
        return runAll(List.of(input1, input2), streams -> operation.apply(streams.get(0), streams.get(1)), numBatches,
            e -> new KV(e.key(), e.long0()));
    }

    /**
     * Two inputs, reading each output record with {@code reader} (joins: {@code long1} and the presence bits of
     * {@link dev.rill.engine.JoinedRecord}).
     *
     * @param input1     first (left) stream's batches.
     * @param input2     second (right) stream's batches.
     * @param operation  from the two input streams to the output stream.
     * @param numBatches batches to run and return.
     * @param reader     reads one output record (valid only during the call) into the returned type.
     * @param <R>        the output type.
     * @return per batch, its output records.
     * @throws InterruptedException if interrupted while draining.
     */
    public <R> List<List<R>> run(final List<List<KV>> input1, final List<List<KV>> input2,
        final BiFunction<EventStream, EventStream, EventStream> operation, final int numBatches,
        final Function<Event, R> reader) throws InterruptedException
    {
        Objects.requireNonNull(operation, "operation");
        return runAll(List.of(input1, input2), streams -> operation.apply(streams.get(0), streams.get(1)), numBatches,
            reader);
    }

    private <R> List<List<R>> runAll(final List<List<List<KV>>> inputs,
        final Function<List<EventStream>, EventStream> operation, final int numBatches,
        final Function<Event, R> reader) throws InterruptedException
    {
        if (numBatches < 0)
        {
            throw new IllegalArgumentException("numBatches must be >= 0: " + numBatches);
        }
        final CachedEpochClock clock = new CachedEpochClock();
        clock.update(0);
        final List<List<Event>> collected = new ArrayList<>();
        for (int k = 0; k < numBatches; k++)
        {
            collected.add(new ArrayList<>());
        }
        final List<EventQueue> queues = new ArrayList<>();
        try (Pipeline pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING)
            .clock(clock).batchInterval(BatchTime.PROCESSING_TIME, batchIntervalMs).build()))
        {
            final List<EventStream> streams = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++)
            {
                final EventQueue queue = new EventQueue("input" + (i + 1), 1);
                queues.add(queue);
                final EventStream stream = pipeline.queueStream(queue);
                streams.add(shards > 1 ? stream.repartition(shards) : stream);
            }
            final EventStream output = Objects.requireNonNull(operation.apply(streams), "operation returned null");
            if (output.isBatched())
            {
                output.foreachBatch((batchTimeMs, batch) ->
                {
                    for (int i = 0; i < batch.size(); i++)
                    {
                        collect(collected, batchTimeMs, batch.get(i));
                    }
                });
            }
            else
            {
                output.foreach("batchTestDriver", e ->
                    collect(collected, (Math.floorDiv(e.eventTimeNs(), batchIntervalMs * 1_000_000L) + 1) *
                        batchIntervalMs, e));
            }
            pipeline.start();
            for (int k = 0; k <= numBatches; k++)
            {
                clock.update(k * batchIntervalMs);
                for (int i = 0; i < inputs.size(); i++)
                {
                    if (k < numBatches && k < inputs.get(i).size())
                    {
                        for (final KV record : inputs.get(i).get(k))
                        {
                            queues.get(i).add(0, k * batchIntervalMs, record.key(), record.value());
                        }
                    }
                }
                pipeline.runUntilIdle();
            }
            for (final EventQueue queue : queues)
            {
                queue.end();
            }
            pipeline.stop(true);
        }
        final List<List<R>> result = new ArrayList<>();
        for (final List<Event> batch : collected)
        {
            batch.sort(RECORD_ORDER);
            final List<R> records = new ArrayList<>();
            for (final Event event : batch)
            {
                records.add(reader.apply(event));
            }
            result.add(records);
        }
        return result;
    }

    private void collect(final List<List<Event>> collected, final long batchTimeMs, final Event event)
    {
        final long index = batchTimeMs / batchIntervalMs - 1;
        if (index >= 0 && index < collected.size())
        {
            collected.get((int)index).add(new Event().copyFrom(event));
        }
    }
}
