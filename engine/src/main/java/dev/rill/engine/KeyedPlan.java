package dev.rill.engine;

import dev.rill.engine.internal.EventSink;
import dev.rill.engine.internal.Output;
import dev.rill.engine.internal.PipelineRuntime;
import dev.rill.engine.internal.keyed.DeferredOutput;
import dev.rill.engine.internal.keyed.ShardBatchNode;
import dev.rill.engine.internal.keyed.ShardOperatorFactory;
import dev.rill.engine.internal.keyed.TwoInputOperators;

/**
 * How the planner instantiates keyed operators: one {@link ShardBatchNode} per shard of the stage, and a
 * {@link DeferredOutput} at the end of that stage's chain so a window's burst of results never has to fit in a ring.
 */
final class KeyedPlan
{
    private KeyedPlan()
    {
    }

    static Output wrapOutput(final StageSpec stage, final Output output)
    {
        return stage.hasKeyedOp() ? new DeferredOutput(output) : output;
    }

    static EventSink node(final StageSpec.Op op, final PipelineConfig config, final PipelineRuntime runtime,
        final int shard, final int shards, final EventSink next)
    {
        if (op.function instanceof TwoInputOperators.Factory)
        {
            return ((TwoInputOperators.Factory)op.function).node(op.name, config.batchTime() == BatchTime.EVENT_TIME,
                config.batchIntervalMs(), config.clock(), runtime, shard, shards, next);
        }
        return new ShardBatchNode(op.name, (ShardOperatorFactory)op.function,
            config.batchTime() == BatchTime.EVENT_TIME, config.batchIntervalMs(), config.clock(), runtime, shard,
            shards, next);
    }
}
