package dev.rill.engine;

import java.io.PrintStream;
import java.util.Objects;
import java.util.function.Supplier;

import dev.rill.engine.internal.ForeachBatchOutput;
import dev.rill.engine.internal.Output;
import dev.rill.engine.internal.PrintOutput;
import dev.rill.engine.internal.TextFilesOutput;
import dev.rill.log.RillLog;

/**
 * A stream of {@link Event}s, built fluently like a Spark {@code DStream}. Stateless operators ({@link #map},
 * {@link #filter}, {@link #flatMap}) fuse into the current stage: no ring between them. {@link #repartition(int)},
 * {@link #async()} and {@link #union(EventStream)} start a new stage behind Disruptor rings. An output operation
 * ({@link #foreach}, {@link #saveToTopic}) ends the stream.
 * <p>
 * A stream is used once: each operator returns a new stream, and calling a second operator on the same stream
 * (branching) is an error. Build on one thread, before {@link Pipeline#start()}.
 * <p>
 * Batches (Spark's batch interval, {@link PipelineConfig.Builder#batchInterval(BatchTime, long)}): the first batch
 * operation ({@link #count()}, {@link #reduce}, {@link #transform}, {@link #print(int)}, {@link #foreachBatch},
 * {@link #saveAsTextFiles}) cuts the stream into batches there, in a single-shard stage (a sharded stream is first
 * gathered into one, over rings, so a batch is the whole stream's); the stream after it is batched: per-record
 * operators keep working inside each batch, later batch operations see the same batches, and it must end in this
 * stage (no repartition, async or union after it).
 *
 * A compiled example is in {@code engine/ENGINE.md}, copied from {@code FusionAndPlanTest}.
 */
public final class EventStream
{
    private final Pipeline pipeline;
    private final StageSpec stage;
    private final int opCount;
    private final boolean batched;
    private final EventFormatter formatter;

    EventStream(final Pipeline pipeline, final StageSpec stage, final int opCount)
    {
        this(pipeline, stage, opCount, false, EventFormatter.PAIR);
    }

    private EventStream(final Pipeline pipeline, final StageSpec stage, final int opCount, final boolean batched,
        final EventFormatter formatter)
    {
        this.pipeline = pipeline;
        this.stage = stage;
        this.opCount = opCount;
        this.batched = batched;
        this.formatter = formatter;
    }

    /**
     * @return true after a batch operation: the stream is cut into batches.
     */
    public boolean isBatched()
    {
        return batched;
    }

    /**
     * The text form of this stream's records for {@link #print(int)} and {@link #saveAsTextFiles} (default
     * {@link EventFormatter#PAIR}; {@link #count()}'s stream uses {@link EventFormatter#LONG0}). Not an operator.
     *
     * @param formatter the text form.
     * @return this stream with that text form.
     */
    public EventStream format(final EventFormatter formatter)
    {
        ensureTip();
        return new EventStream(pipeline, stage, opCount, batched, Objects.requireNonNull(formatter, "formatter"));
    }

    /**
     * Per batch, one record: the number of records in the batch ({@code long0}; key 0), 0 for an empty batch, as
     * Spark's {@code count()}. Example, batches of 1000 ms: input times {@code 100, 300, 2500} ms give
     * {@code Time: 1000 ms -> 2}, {@code Time: 2000 ms -> 0}, {@code Time: 3000 ms -> 1}.
     *
     * @return the batched stream of counts.
     */
    public EventStream count()
    {
        final EventStream in = batchedTip();
        in.stage.ops.add(new StageSpec.Op(StageSpec.OpKind.COUNT, pipeline.operatorName(null, "count"), null));
        return new EventStream(pipeline, in.stage, in.opCount + 1, true, EventFormatter.LONG0);
    }

    /**
     * Per batch, the records folded into one by {@code reducer} (starting from a copy of the first); nothing for an
     * empty batch, as Spark's {@code reduce}. Example: values {@code 1, 2} in batch 1000 ms and {@code 5} in batch
     * 2000 ms, summed, give {@code 3} then {@code 5}.
     *
     * @param reducer folds a record into the running result, in place.
     * @return the batched stream of results.
     */
    public EventStream reduce(final EventReducer reducer)
    {
        Objects.requireNonNull(reducer, "reducer");
        final EventStream in = batchedTip();
        in.stage.ops.add(new StageSpec.Op(StageSpec.OpKind.REDUCE, pipeline.operatorName(null, "reduce"), reducer));
        return new EventStream(pipeline, in.stage, in.opCount + 1, true, formatter);
    }

    /**
     * A function over each batch's records (Spark's {@code transform}): what it emits is the output batch. Called
     * for every batch, empty ones included.
     *
     * @param transformer the function.
     * @return the batched stream of outputs.
     */
    public EventStream transform(final BatchTransformer transformer)
    {
        Objects.requireNonNull(transformer, "transformer");
        final EventStream in = batchedTip();
        in.stage.ops.add(new StageSpec.Op(StageSpec.OpKind.TRANSFORM, pipeline.operatorName(null, "transform"),
            transformer));
        return new EventStream(pipeline, in.stage, in.opCount + 1, true, formatter);
    }

    /**
     * Output operation: Spark's {@code print()}, the first 10 records of each batch.
     */
    public void print()
    {
        print(10);
    }

    /**
     * Output operation: Spark's {@code print(num)}. Per batch, to {@link PipelineConfig#printStream()}:
     * <pre>
     * -------------------------------------------
     * Time: 2000 ms
     * -------------------------------------------
     * (7,1)
     * (8,2)
     * ...
     *
     * </pre>
     * the first {@code num} records in this stream's text form ({@link #format}), {@code ...} if there were more,
     * then an empty line; empty batches print the header and the empty line.
     *
     * @param num records printed per batch, at least 0.
     */
    public void print(final int num)
    {
        if (num < 0)
        {
            throw new IllegalArgumentException("num must be >= 0: " + num);
        }
        final EventStream in = batchedTip();
        final String name = pipeline.operatorName(null, "print");
        final EventFormatter textForm = formatter;
        final PrintStream out = pipeline.config().printStream();
        in.setSink(name, "print " + num, () -> new PrintOutput(name, num, textForm, out));
    }

    /**
     * Output operation: Spark's {@code foreachRDD}. Calls {@code consumer} once per batch, empty batches included,
     * with the batch time and the batch's records through a reused view, on the batch stage's thread.
     *
     * @param consumer the callback.
     */
    public void foreachBatch(final BatchConsumer consumer)
    {
        Objects.requireNonNull(consumer, "consumer");
        final EventStream in = batchedTip();
        final String name = pipeline.operatorName(null, "foreachBatch");
        in.setSink(name, "foreachBatch", () -> new ForeachBatchOutput(name, consumer));
    }

    /**
     * Output operation: Spark's {@code saveAsTextFiles}. One file per batch, empty batches included, named
     * {@code prefix-<batch time ms>.suffix} (no dot and suffix when {@code suffix} is empty), one record's text form
     * per line ({@link #format}); each file is written under a temporary name and renamed into place.
     *
     * @param prefix file name prefix, with its directory (created if missing).
     * @param suffix file name suffix, may be empty.
     */
    public void saveAsTextFiles(final String prefix, final String suffix)
    {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(suffix, "suffix");
        final EventStream in = batchedTip();
        final String name = pipeline.operatorName(null, "saveAsTextFiles");
        final EventFormatter textForm = formatter;
        in.setSink(name, "text files " + prefix + "-<time>" + (suffix.isEmpty() ? "" : "." + suffix),
            () -> new TextFilesOutput(name, prefix, suffix, textForm));
    }

    /**
     * A typed view of this stream: records decoded into Java objects by {@code codec} for convenience operators.
     *
     * @param codec how records map to objects.
     * @param <T>   the object type.
     * @return the typed stream, same stage.
     */
    public <T> TypedStream<T> typed(final Codec<T> codec)
    {
        ensureTip();
        return new TypedStream<>(this, Objects.requireNonNull(codec, "codec"));
    }

    private void setSink(final String name, final String kind, final Supplier<Output> factory)
    {
        ensureTip();
        stage.sinkName = name;
        stage.sinkKind = kind;
        stage.sinkFactory = factory;
    }

    /**
     * This stream if already batched; else a batched one: gathered into a new single-shard stage if sharded, then
     * cut into batches.
     */
    private EventStream batchedTip()
    {
        ensureTip();
        if (batched)
        {
            return this;
        }
        StageSpec target = stage;
        int ops = opCount;
        if (stage.shards > 1)
        {
            target = boundary(1);
            target.inputs.add(new StageSpec.Input(stage, StageSpec.Boundary.ALL_TO_ONE));
            ops = 0;
        }
        target.ops.add(new StageSpec.Op(StageSpec.OpKind.BATCHER, pipeline.operatorName(null, "batch"), null));
        return new EventStream(pipeline, target, ops + 1, true, formatter);
    }

    /**
     * @param mapper the function; the output starts as a copy of the input.
     * @return the mapped stream, same stage.
     */
    public EventStream map(final EventMapper mapper)
    {
        return map(null, mapper);
    }

    /**
     * @param name   operator name for the plan and errors; null to generate {@code map#n}.
     * @param mapper the function; the output starts as a copy of the input.
     * @return the mapped stream, same stage.
     */
    public EventStream map(final String name, final EventMapper mapper)
    {
        return addOp(StageSpec.OpKind.MAP, name, "map", Objects.requireNonNull(mapper, "mapper"));
    }

    /**
     * @param filter keeps events it returns true for.
     * @return the filtered stream, same stage.
     */
    public EventStream filter(final EventFilter filter)
    {
        return filter(null, filter);
    }

    /**
     * @param name   operator name; null to generate {@code filter#n}.
     * @param filter keeps events it returns true for.
     * @return the filtered stream, same stage.
     */
    public EventStream filter(final String name, final EventFilter filter)
    {
        return addOp(StageSpec.OpKind.FILTER, name, "filter", Objects.requireNonNull(filter, "filter"));
    }

    /**
     * @param flatMapper emits zero or more events per input.
     * @return the stream of outputs, same stage.
     */
    public EventStream flatMap(final EventFlatMapper flatMapper)
    {
        return flatMap(null, flatMapper);
    }

    /**
     * @param name       operator name; null to generate {@code flatMap#n}.
     * @param flatMapper emits zero or more events per input.
     * @return the stream of outputs, same stage.
     */
    public EventStream flatMap(final String name, final EventFlatMapper flatMapper)
    {
        return addOp(StageSpec.OpKind.FLAT_MAP, name, "flatMap", Objects.requireNonNull(flatMapper, "flatMapper"));
    }

    /**
     * A key shuffle: a new stage of {@code shards} shards, each owning the keys with
     * {@link KeyHash#shardFor(long, int)} equal to its index. Order is kept per key (per upstream shard).
     * Unlike Spark's round-robin {@code repartition}, events are placed by key, so keyed operators can follow.
     *
     * @param shards number of shards, 1 to 1024.
     * @return the stream in the new stage.
     */
    public EventStream repartition(final int shards)
    {
        if (shards < 1 || shards > 1024)
        {
            throw new IllegalArgumentException("shards must be in 1..1024: " + shards);
        }
        final StageSpec next = boundary(shards);
        next.inputs.add(new StageSpec.Input(stage, StageSpec.Boundary.ROUTE_BY_KEY));
        return new EventStream(pipeline, next, 0);
    }

    /**
     * An explicit boundary: the rest runs in a new stage with as many shards as this one, shard i fed by shard i
     * through its own ring.
     *
     * @return the stream in the new stage.
     */
    public EventStream async()
    {
        final StageSpec next = boundary(stage.shards);
        next.inputs.add(new StageSpec.Input(stage, StageSpec.Boundary.ONE_TO_ONE));
        return new EventStream(pipeline, next, 0);
    }

    /**
     * Both streams into one new single-shard stage, which polls one ring per input and adds up the work.
     * Order is kept per input shard, not across inputs.
     *
     * @param other the other stream, of the same pipeline.
     * @return the union, in the new stage.
     */
    public EventStream union(final EventStream other)
    {
        if (other.pipeline != pipeline)
        {
            throw new IllegalArgumentException("cannot union streams of two pipelines");
        }
        if (other.stage == stage)
        {
            throw new IllegalArgumentException("cannot union a stream with itself");
        }
        other.ensureTip();
        other.ensureNotBatched();
        final StageSpec next = boundary(1);
        next.inputs.add(new StageSpec.Input(stage, StageSpec.Boundary.ALL_TO_ONE));
        next.inputs.add(new StageSpec.Input(other.stage, StageSpec.Boundary.ALL_TO_ONE));
        other.stage.downstream = next;
        return new EventStream(pipeline, next, 0);
    }

    /**
     * Set the wait strategy of this stream's stage (all its shards), overriding the pipeline's.
     *
     * @param strategy the wait strategy.
     * @return this stream.
     */
    public EventStream waitStrategy(final WaitStrategy strategy)
    {
        pipeline.ensureBuilding();
        stage.waitStrategy = Objects.requireNonNull(strategy, "strategy");
        return this;
    }

    /**
     * Pin the threads of this stream's stage (all its shards) to a CPU, with OpenHFT
     * {@code Affinity.setAffinity(cpu)} when each thread starts. Ignored in stepping mode.
     *
     * @param cpu CPU number, from 0.
     * @return this stream.
     */
    public EventStream pinToCpu(final int cpu)
    {
        pipeline.ensureBuilding();
        if (cpu < 0 || cpu >= Runtime.getRuntime().availableProcessors())
        {
            throw new IllegalArgumentException("no such cpu: " + cpu + " (available: " +
                Runtime.getRuntime().availableProcessors() + ")");
        }
        stage.cpu = cpu;
        return this;
    }

    /**
     * Output operation: call {@code consumer} for each event, on the stage's thread(s).
     *
     * @param consumer the callback.
     */
    public void foreach(final EventConsumer consumer)
    {
        foreach(null, consumer);
    }

    /**
     * Output operation: call {@code consumer} for each event, on the stage's thread(s).
     *
     * @param name     operator name; null to generate {@code foreach#n}.
     * @param consumer the callback.
     */
    public void foreach(final String name, final EventConsumer consumer)
    {
        Objects.requireNonNull(consumer, "consumer");
        ensureTip();
        stage.sinkName = pipeline.operatorName(name, "foreach");
        stage.foreach = consumer;
    }

    /**
     * Output operation: append each event to a log topic (key: the key as 8 little-endian bytes; value: the byte
     * area; timestamp: the event time; partition: {@link KeyHash#shardFor(long, int)} of the key). Read it back
     * with {@link RecordDecoder#RAW}. The topic must exist when the pipeline starts.
     *
     * @param log   the log.
     * @param topic topic name.
     */
    public void saveToTopic(final RillLog log, final String topic)
    {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(topic, "topic");
        ensureTip();
        stage.sinkName = pipeline.operatorName(null, "saveToTopic");
        stage.sinkLog = log;
        stage.sinkTopic = topic;
    }

    private EventStream addOp(final StageSpec.OpKind kind, final String name, final String prefix,
        final Object function)
    {
        ensureTip();
        stage.ops.add(new StageSpec.Op(kind, pipeline.operatorName(name, prefix), function));
        return new EventStream(pipeline, stage, opCount + 1, batched, formatter);
    }

    private StageSpec boundary(final int shards)
    {
        ensureTip();
        ensureNotBatched();
        final StageSpec next = pipeline.newStage(shards, null);
        stage.downstream = next;
        return next;
    }

    private void ensureNotBatched()
    {
        if (batched)
        {
            throw new IllegalStateException("a batched stream (after count, reduce, transform or a batch output) " +
                "ends in its stage (stage " + stage.id + "): put repartition, async and union before the first " +
                "batch operation");
        }
    }

    private void ensureTip()
    {
        pipeline.ensureBuilding();
        if (stage.ops.size() != opCount || stage.hasOutput())
        {
            throw new IllegalStateException("this stream already has a downstream operator (stage " + stage.id +
                "); branching one stream into several is not supported");
        }
    }
}
