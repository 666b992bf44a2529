package dev.rill.engine;

import java.io.PrintStream;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;
import java.util.function.Supplier;

import dev.rill.engine.internal.ForeachBatchOutput;
import dev.rill.engine.internal.Output;
import dev.rill.engine.internal.PrintOutput;
import dev.rill.engine.internal.TextFilesOutput;
import dev.rill.engine.internal.keyed.GroupingOperators;
import dev.rill.engine.internal.keyed.KeyedOperators;
import dev.rill.engine.internal.keyed.ShardOperatorFactory;
import dev.rill.engine.internal.keyed.TwoInputOperators;
import dev.rill.engine.internal.keyed.WindowOperators;
import dev.rill.log.RillLog;
import dev.rill.operators.keyed.JoinType;
import dev.rill.operators.keyed.LongFlatMapFunction;
import dev.rill.operators.keyed.LongMappingFunction;
import dev.rill.operators.keyed.LongStateUpdateFunction;
import dev.rill.operators.keyed.MapWithStateSpec;
import dev.rill.operators.window.KeySumCountFilter;
import dev.rill.operators.window.WindowSpec;

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
     * Parse each record's byte area, a UTF-8 text line (as {@code socketTextStream} and {@code textFileStream} make
     * them), into an object stored with {@code codec}: a typed stream of the results, same stage. A line is
     * malformed when {@code parser} throws or returns null: {@link MalformedPolicy#FAIL} stops the pipeline with a
     * {@link PipelineException} naming this operator ({@code parse#n}), the source, the line's number (offset) and
     * the line; {@link MalformedPolicy#SKIP} drops it and counts it as {@code malformedSkipped} in
     * {@link Pipeline#metrics()}. Never silent.
     * <pre>
     * pipeline.socketTextStream("127.0.0.1", 9999)
     *     .parse(Codec.long0(), Long::parseLong, MalformedPolicy.SKIP)
     *     .foreach(n -&gt; ...);
     * </pre>
     *
     * @param codec  how the parsed object is stored in the event.
     * @param parser line to object; throws (or returns null) for a malformed line.
     * @param policy fail or skip-and-count malformed lines.
     * @param <T>    the parsed type.
     * @return the typed stream of parsed objects, same stage.
     */
    public <T> TypedStream<T> parse(final Codec<T> codec, final Function<String, ? extends T> parser,
        final MalformedPolicy policy)
    {
        final LineParseFilter<T> operator = new LineParseFilter<>(codec, parser, policy);
        final EventStream parsed = addOp(StageSpec.OpKind.FILTER, null, "parse", operator);
        operator.name(parsed.stage.ops.get(parsed.stage.ops.size() - 1).name);
        pipeline.meteredOperators.add(operator);
        return new TypedStream<>(parsed, codec);
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
        // after keyed operators, batches are cut by the batch times their results carry (see KeyedPlan), one per slide
        // after a window (Spark's slideDuration: a windowed stream has no batch between two slides)
        target.ops.add(new StageSpec.Op(StageSpec.OpKind.BATCHER, pipeline.operatorName(null, "batch"),
            stage.hasKeyedUpstream() ? Long.valueOf(slideMs()) : null));
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
     * @param updater changes each event in place.
     * @return the updated stream, same stage.
     * @see #update(String, EventUpdater)
     */
    public EventStream update(final EventUpdater updater)
    {
        return update(null, updater);
    }

    /**
     * A map that changes the event in place: the function sees one event, its input and its output at once, so a
     * field it reads after writing it holds the new value (to swap two fields, read both first). Same results as
     * {@link #map} otherwise, and cheaper where the map would copy its input: on a source stage's slot-run path the
     * event is changed in its ring slot with no copy made.
     *
     * @param name    operator name for the plan and errors; null to generate {@code update#n}.
     * @param updater the function.
     * @return the updated stream, same stage.
     */
    public EventStream update(final String name, final EventUpdater updater)
    {
        return addOp(StageSpec.OpKind.MAP, name, "update", Objects.requireNonNull(updater, "updater"));
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
     * Spark's receiver write-ahead log, the Rill way: what this source receives (a socket, which cannot replay) is
     * first appended to partition 0 of a log topic (created with one partition if missing; key = the line number
     * as 8 little-endian bytes, value = the line, timestamp = when it was persisted) and the stream reads that
     * topic, so with {@link Pipeline#checkpoint} a recovered pipeline replays every line persisted since its
     * checkpoint instead of losing it. Events then come from the topic: source = the topic, offset = the record's,
     * event time = the persist time. Only lines received but not yet persisted when the process dies are lost.
     * Call it directly on {@link Pipeline#socketTextStream}'s stream, before any operator.
     *
     * @param log   the log.
     * @param topic topic name.
     * @return the stream read back from the topic.
     */
    public EventStream persistTo(final RillLog log, final String topic)
    {
        Objects.requireNonNull(log, "log");
        Objects.requireNonNull(topic, "topic");
        ensureTip();
        if (opCount != 0 || !(stage.source instanceof dev.rill.engine.internal.source.SocketTextSource))
        {
            throw new IllegalStateException("persistTo applies to a socketTextStream's stream itself, before any " +
                "operator");
        }
        stage.source = new dev.rill.engine.internal.source.PersistedSource(pipeline.operatorName(null,
            "persistedTopic"), stage.source, log, topic, pipeline.config().clock());
        return this;
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

    /**
     * Spark's {@code reduceByKey(func)}, run in each shard of this stage on the keys it owns (put it after
     * {@link #repartition(int)}; a single-shard stage owns every key). Per batch, each key's values ({@code long0})
     * reduced in arrival order as {@code func(reducedSoFar, value)}; nothing carried over. Example, {@code Long::sum}:
     * <pre>
     *   batch 1000 ms: (a,1) (b,2) (a,3)  -&gt; (a,4) (b,2)
     *   batch 2000 ms: (nothing)          -&gt; (nothing)
     *   batch 3000 ms: (b,5)              -&gt; (b,5)
     * </pre>
     * Results: {@code key}, {@code long0} = value, {@code long2} = batch time ms, event time = batch end - 1 ns; the
     * stream after a keyed operator is a record stream again (repartition, foreach, print re-batch it by those
     * times). A throwing function fails the pipeline naming this operator and the record.
     *
     * @param function associative reduce function.
     * @return the per-batch results, same stage.
     */
    public EventStream reduceByKey(final LongBinaryOperator function)
    {
        Objects.requireNonNull(function, "function");
        return keyed("reduceByKey", KeyedOperators.reduceByKey(function));
    }

    /**
     * Spark's {@code countByValue()} over the keys: per batch, each distinct key with the number of its records in
     * {@code long0}. Runs per shard like {@link #reduceByKey}.
     *
     * @return the per-batch counts, same stage.
     */
    public EventStream countByValue()
    {
        return keyed("countByValue", KeyedOperators.countByValue());
    }

    /**
     * Spark's {@code reduceByKeyAndWindow(_ + _, _ - _, windowLength, slideInterval[, filterFunc])} over
     * {@code long0}, keeping sum and count: each slide adds the newest pane and subtracts the expired one (off-heap,
     * per shard), so the cost per record does not grow with the window. Every slide emits each key of the window:
     * {@code long0} = sum, {@code long1} = count, {@code long2} = window end ms. As Spark, the first windows are
     * emitted before they are full, and a key whose values all expired is kept and emitted with (0, 0) unless
     * {@code filter} drops it ({@code KeySumCountFilter.NON_EMPTY}). Window 3 batches of 1000 ms, slide 1 batch,
     * no filter:
     * <pre>
     *   1000 ms: (a,5) (b,1)  -&gt; a=(5,1) b=(1,1)
     *   2000 ms: (a,2)        -&gt; a=(7,2) b=(1,1)
     *   3000 ms:              -&gt; a=(7,2) b=(1,1)
     *   4000 ms:              -&gt; a=(2,1) b=(0,0)
     * </pre>
     * Windows end at multiples of the slide; at the end of input, every window holding a record is emitted.
     *
     * @param windowLengthMs  window length, a multiple of the batch interval.
     * @param slideIntervalMs slide, a multiple of the batch interval, at most the window.
     * @param filter          Spark's filter function, or null to keep every key.
     * @return the window results, same stage.
     * @throws IllegalArgumentException naming both durations if they do not fit the batch interval.
     */
    public EventStream sumCountByKeyAndWindow(final long windowLengthMs, final long slideIntervalMs,
        final KeySumCountFilter filter)
    {
        final WindowSpec spec = WindowSpec.of(windowLengthMs, slideIntervalMs, pipeline.config().batchIntervalMs());
        return windowed(keyed("sumCountByKeyAndWindow", KeyedOperators.sumCountByKeyAndWindow(spec, filter)), spec);
    }

    /**
     * Spark's {@code reduceByKeyAndWindow(func, windowLength, slideInterval)} without an inverse (min, max, any
     * associative function; O(1) amortized per slide with two stacks): every slide emits each key with a value in the
     * window and its aggregate in {@code long0}. Runs per shard like {@link #reduceByKey}.
     *
     * @param function        associative, applied oldest first.
     * @param windowLengthMs  window length, a multiple of the batch interval.
     * @param slideIntervalMs slide, a multiple of the batch interval, at most the window.
     * @return the window results, same stage.
     */
    public EventStream reduceByKeyAndWindow(final LongBinaryOperator function, final long windowLengthMs,
        final long slideIntervalMs)
    {
        Objects.requireNonNull(function, "function");
        final WindowSpec spec = WindowSpec.of(windowLengthMs, slideIntervalMs, pipeline.config().batchIntervalMs());
        return windowed(keyed("reduceByKeyAndWindow", KeyedOperators.reduceByKeyAndWindow(spec, function)), spec);
    }

    /**
     * Spark's {@code reduceByKeyAndWindow(reduceFunc, invReduceFunc, windowLength, slideInterval[, filterFunc])}: as
     * {@link #sumCountByKeyAndWindow} (same panes, same cost per event whatever the window length, same results
     * layout: reduced value in {@code long0}, count of values in {@code long1}) with any reduce function and its
     * inverse. A key new to the window takes the pane's value; a key already there (even with count 0: Spark keeps
     * it unless the filter drops it) becomes {@code reduce(window, pane)}; an expired pane makes it
     * {@code inverse(window, pane)}. Runs per shard like {@link #reduceByKey}.
     *
     * @param reduce          associative, applied in arrival order within a pane.
     * @param inverse         undoes {@code reduce}: {@code inverse(reduce(a, b), b) == a}.
     * @param windowLengthMs  window length, a multiple of the batch interval.
     * @param slideIntervalMs slide, a multiple of the batch interval, at most the window.
     * @param filter          Spark's filter function, or null to keep every key.
     * @return the window results, same stage.
     */
    public EventStream reduceByKeyAndWindow(final LongBinaryOperator reduce, final LongBinaryOperator inverse,
        final long windowLengthMs, final long slideIntervalMs, final KeySumCountFilter filter)
    {
        Objects.requireNonNull(reduce, "reduce");
        Objects.requireNonNull(inverse, "inverse");
        final WindowSpec spec = WindowSpec.of(windowLengthMs, slideIntervalMs, pipeline.config().batchIntervalMs());
        return windowed(keyed("reduceByKeyAndWindow", KeyedOperators.sumCountByKeyAndWindow(spec, filter, reduce,
            inverse)), spec);
    }

    /**
     * Spark's {@code reduceByWindow(reduceFunc, windowLength, slideInterval)}: every slide, the reduction of every
     * value ({@code long0}) in the window, as one record with key 0 and the value in {@code long0}; nothing for a
     * window without values (Spark's reduce of an empty window is empty). Global: a sharded stream is first gathered
     * into one shard; the keys are set to 0 and the values reduced with two stacks ({@link #reduceByKeyAndWindow(
     * LongBinaryOperator, long, long)}).
     *
     * @param reduce          associative, applied oldest first.
     * @param windowLengthMs  window length, a multiple of the batch interval.
     * @param slideIntervalMs slide, a multiple of the batch interval, at most the window.
     * @return one record per slide.
     */
    public EventStream reduceByWindow(final LongBinaryOperator reduce, final long windowLengthMs,
        final long slideIntervalMs)
    {
        Objects.requireNonNull(reduce, "reduce");
        return toOneKey("reduceByWindow").reduceByKeyAndWindow(reduce, windowLengthMs, slideIntervalMs);
    }

    /**
     * Spark's {@code reduceByWindow(reduceFunc, invReduceFunc, windowLength, slideInterval)}: every slide, the
     * reduction of every value ({@code long0}) in the window by adding the newest pane and removing the expired one,
     * as one record with key 0 (value in {@code long0}, count of values in {@code long1}); as Spark, from the first
     * value on a record is emitted at every slide, also once every value expired (then with the inverse-reduced
     * value, 0 for sums). Global: a sharded stream is first gathered into one shard.
     *
     * @param reduce          associative, applied in arrival order within a pane.
     * @param inverse         undoes {@code reduce}: {@code inverse(reduce(a, b), b) == a}.
     * @param windowLengthMs  window length, a multiple of the batch interval.
     * @param slideIntervalMs slide, a multiple of the batch interval, at most the window.
     * @return one record per slide.
     */
    public EventStream reduceByWindow(final LongBinaryOperator reduce, final LongBinaryOperator inverse,
        final long windowLengthMs, final long slideIntervalMs)
    {
        return toOneKey("reduceByWindow").reduceByKeyAndWindow(reduce, inverse, windowLengthMs, slideIntervalMs,
            null);
    }

    /** One shard, every key 0: the input of a global window reduction. */
    private EventStream toOneKey(final String operator)
    {
        final EventStream in = stage.shards > 1 ? repartition(1) : this;
        return in.map(operator + ":key", (e, out) -> out.key(0));
    }

    /**
     * Spark's {@code countByValueAndWindow}: every slide, each distinct key in the window with its count
     * ({@code long0}); keys whose count returned to 0 are dropped, as Spark's filter does. Runs per shard.
     *
     * @param windowLengthMs  window length, a multiple of the batch interval.
     * @param slideIntervalMs slide, a multiple of the batch interval, at most the window.
     * @return the window counts, same stage.
     */
    public EventStream countByValueAndWindow(final long windowLengthMs, final long slideIntervalMs)
    {
        final WindowSpec spec = WindowSpec.of(windowLengthMs, slideIntervalMs, pipeline.config().batchIntervalMs());
        return windowed(keyed("countByValueAndWindow", KeyedOperators.countByValueAndWindow(spec)), spec);
    }

    /**
     * Spark's {@code countByWindow}: every slide, the number of records in the window ({@code long0}, key 0), from
     * the first record on (kept, as 0, once they all expired). Global: a sharded stream is first gathered into one
     * shard.
     *
     * @param windowLengthMs  window length, a multiple of the batch interval.
     * @param slideIntervalMs slide, a multiple of the batch interval, at most the window.
     * @return the window counts.
     */
    public EventStream countByWindow(final long windowLengthMs, final long slideIntervalMs)
    {
        final WindowSpec spec = WindowSpec.of(windowLengthMs, slideIntervalMs, pipeline.config().batchIntervalMs());
        final EventStream in = stage.shards > 1 ? repartition(1) : this;
        return windowed(in.keyed("countByWindow", KeyedOperators.countByWindow(spec)), spec);
    }

    /**
     * Spark's {@code window(windowLength, slideInterval)}: every slide, every record of the last {@code windowLength}
     * (all records, not keyed), oldest batch first and in arrival order within a batch, each record emitted once per
     * window it belongs to; as Spark, the first windows are emitted before they are full. Records keep their key,
     * {@code long0..long3}, doubles and byte area; their event time becomes the window end - 1 ns (so a batch
     * operation or a join after it sees each window as the batch of its end) and their source the operator, shard and
     * window end. Runs in each shard on the records it holds (no gather: the window of a sharded stream is the union
     * of its shards' windows, in arrival order per shard, as Spark's per partition). Records are held off-heap, once
     * each, until no later window needs them. Window 2 batches of 1000 ms, slide 1 batch:
     * <pre>
     *   1000 ms: (a,1)        -&gt; (a,1)
     *   2000 ms: (b,2)        -&gt; (a,1) (b,2)
     *   3000 ms: (c,3) (a,4)  -&gt; (b,2) (c,3) (a,4)
     *   4000 ms:              -&gt; (c,3) (a,4)
     * </pre>
     * Joining two windowed streams ({@code s1.window(w, s).join(s2.window(w, s))}, and the outer joins and
     * {@link #cogroup}) joins, at each slide, the two windows' contents; the two slides must be equal. Where Rill
     * differs from Spark: a slide longer than the window (Spark's "non-overlapping window") is refused.
     *
     * @param windowLengthMs  window length, a multiple of the batch interval.
     * @param slideIntervalMs slide, a multiple of the batch interval, at most the window.
     * @return the window's records at each slide, same stage.
     * @throws IllegalArgumentException naming both durations if they do not fit the batch interval.
     */
    public EventStream window(final long windowLengthMs, final long slideIntervalMs)
    {
        final WindowSpec spec = WindowSpec.of(windowLengthMs, slideIntervalMs, pipeline.config().batchIntervalMs());
        return windowed(keyed("window", WindowOperators.window(spec)), spec);
    }

    /**
     * Spark's {@code groupByKeyAndWindow(windowLength, slideInterval)} followed by {@code function} over each key's
     * group (fused, as {@link #groupByKey(GroupFunction)}): every slide, each key with values in the window and all
     * of them, oldest batch first and in arrival order within a batch; keys with no value left in the window are not
     * passed (nothing kept at zero). Runs per shard like {@link #reduceByKey}; results {@code (key, long0)},
     * {@code long2} = window end ms. Window 2 batches of 1000 ms, slide 1 batch, emitting each group's sum:
     * <pre>
     *   1000 ms: (a,1)              -&gt; a=[1]                 -&gt; (a,1)
     *   2000 ms: (a,2) (b,3)        -&gt; a=[1,2] b=[3]         -&gt; (a,3) (b,3)
     *   3000 ms: (a,4) (b,5) (c,6)  -&gt; a=[2,4] b=[3,5] c=[6] -&gt; (a,6) (b,8) (c,6)
     *   4000 ms:                    -&gt; a=[4] b=[5] c=[6]     -&gt; (a,4) (b,5) (c,6)
     *   5000 ms:                    -&gt; (nothing)
     * </pre>
     *
     * @param windowLengthMs  window length, a multiple of the batch interval.
     * @param slideIntervalMs slide, a multiple of the batch interval, at most the window.
     * @param function        what each key's group becomes; called at each slide, on the shard's thread.
     * @return the function's results at each slide, same stage.
     * @throws IllegalArgumentException naming both durations if they do not fit the batch interval.
     */
    public EventStream groupByKeyAndWindow(final long windowLengthMs, final long slideIntervalMs,
        final GroupFunction function)
    {
        Objects.requireNonNull(function, "function");
        final WindowSpec spec = WindowSpec.of(windowLengthMs, slideIntervalMs, pipeline.config().batchIntervalMs());
        return windowed(keyed("groupByKeyAndWindow", WindowOperators.groupByKeyAndWindow(spec, function)), spec);
    }

    /**
     * Spark's {@code updateStateByKey(updateFunc)}: state per key across batches, off-heap in the shard owning the
     * key; every batch the function is offered each key with new values and each key with state even without new
     * values (Spark's behaviour); {@code state.remove()} drops the key. Each batch emits every key with state and its
     * state ({@code long0}).
     *
     * @param function the update function.
     * @return the state after each batch, same stage.
     */
    public EventStream updateStateByKey(final LongStateUpdateFunction function)
    {
        Objects.requireNonNull(function, "function");
        return keyed("updateStateByKey", KeyedOperators.updateStateByKey(function));
    }

    /**
     * Spark's {@code mapWithState(StateSpec.function(f).timeout(timeout))}: each record is mapped at once with its
     * key's state and emits one result ({@code long0}); with a timeout, a key idle for longer is offered once as
     * timing out ({@code hasValue} false) at the end of a batch, its result emitted, and removed.
     *
     * @param function  the mapping function.
     * @param timeoutMs idle timeout, ms, or {@code MapWithStateSpec.NO_TIMEOUT}.
     * @return one result per record and per timed-out key, same stage.
     */
    public EventStream mapWithState(final LongMappingFunction function, final long timeoutMs)
    {
        Objects.requireNonNull(function, "function");
        if (timeoutMs != MapWithStateSpec.NO_TIMEOUT && timeoutMs <= 0)
        {
            throw new IllegalArgumentException("timeout must be positive (or NO_TIMEOUT): " + timeoutMs + " ms");
        }
        return keyed("mapWithState", KeyedOperators.mapWithState(timeoutMs, function));
    }

    /**
     * Spark's {@code groupByKey()} per batch, followed by {@code function} over each key's group (fused: a group of
     * values does not fit in an event slot). Runs per shard like {@link #reduceByKey}; at each batch end the function
     * gets every key of the batch with all its values in arrival order (off-heap, sorted by key) and emits results
     * {@code (key, long0)}; nothing carried over. Example, emitting the group's size and sum as two records:
     * <pre>
     *   batch 1000 ms: (b,1) (a,2) (b,3)  -&gt; a=[2] b=[1,3]  -&gt; (a,1) (a,2) (b,2) (b,4)
     *   batch 2000 ms: (nothing)          -&gt; (nothing)
     * </pre>
     *
     * @param function what each key's group becomes; called at the batch end, on the shard's thread.
     * @return the function's results per batch, same stage.
     */
    public EventStream groupByKey(final GroupFunction function)
    {
        Objects.requireNonNull(function, "function");
        return keyed("groupByKey", GroupingOperators.groupByKey(function));
    }

    /**
     * Spark's {@code combineByKey(createCombiner, mergeValue, mergeCombiners)} per batch for a {@code long} combiner:
     * a key's first value of the batch becomes {@code createCombiner(v)}, later ones are folded in with
     * {@code mergeValue(c, v)}; each key of the batch is emitted with its combiner ({@code long0}). Spark's
     * {@code mergeCombiners} is not taken: one shard holds all of a key's values. Example, {@code v -> v * 10} and
     * {@code (c, v) -> c + v}:
     * <pre>
     *   batch 1000 ms: (a,1) (a,2) (b,3)  -&gt; (a,12) (b,30)
     *   batch 2000 ms: (a,4)              -&gt; (a,40)          nothing kept from the batch before
     * </pre>
     *
     * @param createCombiner a key's first value of the batch to its combiner.
     * @param mergeValue     folds a further value into the combiner.
     * @return the per-batch combiners, same stage.
     */
    public EventStream combineByKey(final LongUnaryOperator createCombiner, final LongBinaryOperator mergeValue)
    {
        Objects.requireNonNull(createCombiner, "createCombiner");
        Objects.requireNonNull(mergeValue, "mergeValue");
        return keyed("combineByKey", GroupingOperators.combineByKey(createCombiner, mergeValue));
    }

    /**
     * Spark's {@code mapValues(f)}: {@code long0 = f(long0)}, the key (and shard) unchanged, one output per record; a
     * fused map, so it may sit between a repartition and a keyed operator. Example, {@code v -> v * 2}:
     * {@code (a,1) (b,2) -> (a,2) (b,4)}.
     *
     * @param function the value function.
     * @return the mapped stream, same stage.
     */
    public EventStream mapValues(final LongUnaryOperator function)
    {
        Objects.requireNonNull(function, "function");
        return addOp(StageSpec.OpKind.MAP, null, "mapValues", GroupingOperators.mapValues(function));
    }

    /**
     * Spark's {@code flatMapValues(f)}: each value becomes zero or more values, each emitted with the record's key, in
     * the order {@code f} produces them; a fused flatMap (at most {@link PipelineConfig#maxOutputsPerInput()} per
     * record). Example, {@code v} copies of {@code v}: {@code (a,2) (b,0) (c,1) -> (a,2) (a,2) (c,1)}.
     *
     * @param function the value function.
     * @return the stream of outputs, same stage.
     */
    public EventStream flatMapValues(final LongFlatMapFunction function)
    {
        Objects.requireNonNull(function, "function");
        return addOp(StageSpec.OpKind.FLAT_MAP, null, "flatMapValues", GroupingOperators.flatMapValues(function));
    }

    /**
     * Spark's {@code join(other)} of two keyed streams, per batch: for each key in both streams' batch, every left
     * value ({@code long0} of this stream) with every right value (of {@code other}), as
     * {@code key, long0 = left, long1 = right} ({@link JoinedRecord}); nothing carried over. Both streams are routed
     * by key into one new stage with as many shards as the larger of the two; each shard polls one ring per stream
     * and cuts both into the same batches by the minimum watermark of the two. Both must yield batches at the same
     * interval (Spark: the same slide duration): joining a windowed stream with a stream of another slide is refused.
     * Example (print shows Spark's tuples):
     * <pre>
     *   batch 1000 ms: left (a,1) (a,2) (b,3)   right (a,9) (c,8)  -&gt; (a,(1,9)) (a,(2,9))
     *   batch 2000 ms: left (b,4)               right (nothing)    -&gt; (nothing)
     * </pre>
     *
     * @param other the right stream, of the same pipeline.
     * @return the joined pairs, in the new stage.
     * @throws IllegalArgumentException naming both intervals if the streams' batch intervals differ.
     */
    public EventStream join(final EventStream other)
    {
        return twoInput("join", other, TwoInputOperators.join(JoinType.INNER), JoinedRecord.formatter(JoinType.INNER));
    }

    /**
     * Spark's {@code leftOuterJoin(other)} per batch: as {@link #join}, plus each left value of a key absent from the
     * right batch, with the right side absent ({@link JoinedRecord#hasRight} false, {@code long1} 0):
     * <pre>
     *   batch 1000 ms: left (a,1) (b,3)   right (a,9) (c,8)  -&gt; (a,(1,Some(9))) (b,(3,None))
     * </pre>
     *
     * @param other the right stream.
     * @return the joined pairs, in the new stage.
     */
    public EventStream leftOuterJoin(final EventStream other)
    {
        return twoInput("leftOuterJoin", other, TwoInputOperators.join(JoinType.LEFT_OUTER),
            JoinedRecord.formatter(JoinType.LEFT_OUTER));
    }

    /**
     * Spark's {@code rightOuterJoin(other)} per batch: as {@link #join}, plus each right value of a key absent from
     * the left batch, with the left side absent:
     * <pre>
     *   batch 1000 ms: left (a,1) (b,3)   right (a,9) (c,8)  -&gt; (a,(Some(1),9)) (c,(None,8))
     * </pre>
     *
     * @param other the right stream.
     * @return the joined pairs, in the new stage.
     */
    public EventStream rightOuterJoin(final EventStream other)
    {
        return twoInput("rightOuterJoin", other, TwoInputOperators.join(JoinType.RIGHT_OUTER),
            JoinedRecord.formatter(JoinType.RIGHT_OUTER));
    }

    /**
     * Spark's {@code fullOuterJoin(other)} per batch: both outer sides:
     * <pre>
     *   batch 1000 ms: left (a,1) (b,3)   right (a,9) (c,8)  -&gt; (a,(Some(1),Some(9))) (b,(Some(3),None)) (c,(None,Some(8)))
     * </pre>
     *
     * @param other the right stream.
     * @return the joined pairs, in the new stage.
     */
    public EventStream fullOuterJoin(final EventStream other)
    {
        return twoInput("fullOuterJoin", other, TwoInputOperators.join(JoinType.FULL_OUTER),
            JoinedRecord.formatter(JoinType.FULL_OUTER));
    }

    /**
     * Spark's {@code cogroup(other)} per batch, followed by {@code function} over each key's two groups (fused: they
     * do not fit in an event slot). Planned as {@link #join}. Every key present in either batch is passed once, with
     * its values from this stream and from {@code other} in arrival order, one side possibly empty:
     * <pre>
     *   batch 1000 ms: left (a,1) (b,2) (a,3)   right (a,9) (c,8)  -&gt; a=([1,3],[9]) b=([2],[]) c=([],[8])
     *   batch 2000 ms: left (nothing)           right (b,7)        -&gt; b=([],[7])
     * </pre>
     *
     * @param other    the right stream.
     * @param function what each key's two groups become; results {@code (key, long0)}.
     * @return the function's results per batch, in the new stage.
     */
    public EventStream cogroup(final EventStream other, final CogroupFunction function)
    {
        Objects.requireNonNull(function, "function");
        return twoInput("cogroup", other, TwoInputOperators.cogroup(function), EventFormatter.PAIR);
    }

    /** How often this stream yields a batch, ms: the slide of its last window, else the batch interval. */
    private long slideMs()
    {
        return stage.slideMs != 0 ? stage.slideMs : pipeline.config().batchIntervalMs();
    }

    private static EventStream windowed(final EventStream stream, final WindowSpec spec)
    {
        stream.stage.slideMs = spec.slideIntervalMs();
        return stream;
    }

    private EventStream twoInput(final String prefix, final EventStream other, final TwoInputOperators.Factory factory,
        final EventFormatter textForm)
    {
        Objects.requireNonNull(other, "other");
        if (other.pipeline != pipeline)
        {
            throw new IllegalArgumentException("cannot " + prefix + " streams of two pipelines");
        }
        if (other.stage == stage)
        {
            throw new IllegalArgumentException("cannot " + prefix + " a stream with itself (stage " + stage.id + ")");
        }
        ensureTip();
        ensureNotBatched();
        other.ensureTip();
        other.ensureNotBatched();
        final String name = pipeline.operatorName(null, prefix);
        if (slideMs() != other.slideMs())
        {
            throw new IllegalArgumentException(name + ": the two streams have different batch intervals: left " +
                slideMs() + " ms, right " + other.slideMs() + " ms (a windowed stream yields a batch per slide); " +
                "both sides of a join must be cut into the same batches");
        }
        // each side's records are tagged at the end of their own stage, then routed by key into the join's stage
        final boolean leftCarriesTime = stage.hasKeyedUpstream();
        final boolean rightCarriesTime = other.stage.hasKeyedUpstream();
        // one side results of keyed operators or windows (stamped with their batch), the other raw records, under
        // processing time: the raw side is stamped with the clock as it leaves its stage, and both are cut by the
        // times they carry (by the clock at the join, the results, emitted at their batch end, would be a batch late)
        final boolean stampRawSide = leftCarriesTime != rightCarriesTime &&
            pipeline.config().batchTime() == BatchTime.PROCESSING_TIME;
        final EventMapper leftTag = stampRawSide && !leftCarriesTime ?
            TwoInputOperators.sideWithClock(TwoInputOperators.LEFT_SIDE, pipeline.config().clock()) :
            TwoInputOperators.LEFT;
        final EventMapper rightTag = stampRawSide && !rightCarriesTime ?
            TwoInputOperators.sideWithClock(TwoInputOperators.RIGHT_SIDE, pipeline.config().clock()) :
            TwoInputOperators.RIGHT;
        stage.ops.add(new StageSpec.Op(StageSpec.OpKind.MAP, name + ".left", leftTag));
        other.stage.ops.add(new StageSpec.Op(StageSpec.OpKind.MAP, name + ".right", rightTag));
        final StageSpec next = pipeline.newStage(Math.max(stage.shards, other.stage.shards), null);
        next.slideMs = stage.slideMs;
        stage.downstream = next;
        other.stage.downstream = next;
        next.inputs.add(new StageSpec.Input(stage, StageSpec.Boundary.ROUTE_BY_KEY));
        next.inputs.add(new StageSpec.Input(other.stage, StageSpec.Boundary.ROUTE_BY_KEY));
        // both sides carry their batch (results of keyed operators, or stamped above): batches by the times they
        // carry, as a batch operation after keyed results
        next.ops.add(new StageSpec.Op(StageSpec.OpKind.KEYED, name,
            (leftCarriesTime && rightCarriesTime) || stampRawSide ? TwoInputOperators.byCarriedTime(factory) :
                factory));
        return new EventStream(pipeline, next, 1, false, textForm);
    }

    private EventStream keyed(final String prefix, final ShardOperatorFactory factory)
    {
        ensureTip();
        if (batched)
        {
            throw new IllegalStateException(prefix + " takes records, not batches: put keyed and window operators " +
                "before count, reduce, transform or a batch output (stage " + stage.id + ")");
        }
        stage.ops.add(new StageSpec.Op(StageSpec.OpKind.KEYED, pipeline.operatorName(null, prefix), factory));
        return new EventStream(pipeline, stage, opCount + 1, false, formatter);
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
        next.slideMs = stage.slideMs;
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
