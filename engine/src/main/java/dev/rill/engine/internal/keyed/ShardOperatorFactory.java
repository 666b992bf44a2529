package dev.rill.engine.internal.keyed;

/**
 * Makes one {@link ShardOperator} per shard when the pipeline starts (state is allocated then, not at build time).
 */
@FunctionalInterface
public interface ShardOperatorFactory
{
    /**
     * @param batchIntervalMs the pipeline's batch interval.
     * @param out             where the operator's results go.
     * @return a new operator with empty state.
     */
    ShardOperator create(long batchIntervalMs, ResultEmitter out);
}
