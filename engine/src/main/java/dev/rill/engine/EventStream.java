package dev.rill.engine;

import java.util.Objects;

import dev.rill.log.RillLog;

/**
 * A stream of {@link Event}s, built fluently like a Spark {@code DStream}. Stateless operators ({@link #map},
 * {@link #filter}, {@link #flatMap}) fuse into the current stage: no ring between them. {@link #repartition(int)},
 * {@link #async()} and {@link #union(EventStream)} start a new stage behind Disruptor rings. An output operation
 * ({@link #foreach}, {@link #saveToTopic}) ends the stream.
 * <p>
 * A stream is used once: each operator returns a new stream, and calling a second operator on the same stream
 * (branching) is an error. Build on one thread, before {@link Pipeline#start()}.
 *
 * A compiled example is in {@code engine/ENGINE.md}, copied from {@code FusionAndPlanTest}.
 */
public final class EventStream
{
    private final Pipeline pipeline;
    private final StageSpec stage;
    private final int opCount;

    EventStream(final Pipeline pipeline, final StageSpec stage, final int opCount)
    {
        this.pipeline = pipeline;
        this.stage = stage;
        this.opCount = opCount;
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
        return new EventStream(pipeline, stage, opCount + 1);
    }

    private StageSpec boundary(final int shards)
    {
        ensureTip();
        final StageSpec next = pipeline.newStage(shards, null);
        stage.downstream = next;
        return next;
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
