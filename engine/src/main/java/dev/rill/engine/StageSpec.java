package dev.rill.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import dev.rill.engine.internal.Output;
import dev.rill.engine.internal.SourceReader;
import dev.rill.log.RillLog;

/**
 * A logical stage as the fluent API builds it: a source or input boundaries, a list of fused operators, and either
 * a downstream stage or a sink. Used on the building thread only.
 */
final class StageSpec
{
    /** How an upstream stage's shards feed this stage's shards. */
    enum Boundary
    {
        /** Each upstream shard routes by key hash to every shard of this stage. */
        ROUTE_BY_KEY,
        /** Upstream shard i feeds shard i (same shard count). */
        ONE_TO_ONE,
        /** Every upstream shard feeds the single shard of this stage. */
        ALL_TO_ONE
    }

    /** Operator kinds that fuse. BATCHER starts a batched chain; COUNT, REDUCE and TRANSFORM work per batch. */
    enum OpKind
    {
        MAP, FILTER, FLAT_MAP, BATCHER, COUNT, REDUCE, TRANSFORM,
        /** A keyed per-shard batch operator; the function is a {@code ShardOperatorFactory}. */
        KEYED
    }

    /** One fused operator. */
    static final class Op
    {
        final OpKind kind;
        final String name;
        final Object function;

        Op(final OpKind kind, final String name, final Object function)
        {
            this.kind = kind;
            this.name = name;
            this.function = function;
        }
    }

    /** One input of a ring-fed stage. */
    static final class Input
    {
        final StageSpec upstream;
        final Boundary boundary;

        Input(final StageSpec upstream, final Boundary boundary)
        {
            this.upstream = upstream;
            this.boundary = boundary;
        }
    }

    final int id;
    final int shards;
    SourceReader source; // replaced once by EventStream.persistTo
    final List<Input> inputs = new ArrayList<>();
    final List<Op> ops = new ArrayList<>();
    StageSpec downstream;
    String sinkName;
    EventConsumer foreach;
    RillLog sinkLog;
    String sinkTopic;
    Supplier<Output> sinkFactory;
    String sinkKind;
    WaitStrategy waitStrategy;
    int cpu = -1;
    /**
     * Spark's slide duration of the stream leaving this stage: how often it yields a batch, ms; 0 for the pipeline's
     * batch interval. A window operator sets its slide; a boundary carries it on; a join needs equal ones.
     */
    long slideMs;

    StageSpec(final int id, final int shards, final SourceReader source)
    {
        this.id = id;
        this.shards = shards;
        this.source = source;
    }

    boolean hasOutput()
    {
        return downstream != null || sinkName != null;
    }

    boolean hasBatcher()
    {
        for (final Op op : ops)
        {
            if (op.kind == OpKind.BATCHER || op.kind == OpKind.KEYED)
            {
                return true;
            }
        }
        return false;
    }

    boolean hasKeyedOp()
    {
        for (final Op op : ops)
        {
            if (op.kind == OpKind.KEYED)
            {
                return true;
            }
        }
        return false;
    }

    /** True if this stage or one feeding it runs a keyed operator: its records are results stamped with batch times. */
    boolean hasKeyedUpstream()
    {
        if (hasKeyedOp())
        {
            return true;
        }
        for (final Input input : inputs)
        {
            if (input.upstream.hasKeyedUpstream())
            {
                return true;
            }
        }
        return false;
    }

    boolean hasFlatMap()
    {
        for (final Op op : ops)
        {
            if (op.kind == OpKind.FLAT_MAP)
            {
                return true;
            }
        }
        return false;
    }

    String lastFlatMapName()
    {
        String name = "stage " + id;
        for (final Op op : ops)
        {
            if (op.kind == OpKind.FLAT_MAP)
            {
                name = op.name;
            }
        }
        return name;
    }

    int inputIndexOf(final StageSpec upstream)
    {
        for (int i = 0; i < inputs.size(); i++)
        {
            if (inputs.get(i).upstream == upstream)
            {
                return i;
            }
        }
        throw new IllegalStateException("stage " + upstream.id + " does not feed stage " + id);
    }

    int producersOf(final Input input)
    {
        return input.boundary == Boundary.ONE_TO_ONE ? 1 : input.upstream.shards;
    }
}
