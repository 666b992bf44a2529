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

    /**
     * @return true if the operators made never emit from {@link ShardOperator#onRecord} (results leave only from
     * {@link ShardOperator#endBatch}): a ring-fed stage may then hand them records in runs
     * ({@link ShardBatchNode#takeRun}) without opening an input on its output for each; false (the default) for
     * operators that may emit per record.
     */
    default boolean emitsOnlyAtBatchEnd()
    {
        return false;
    }

    /**
     * @param factory makes operators that never emit from {@link ShardOperator#onRecord}.
     * @return the same factory, saying so ({@link #emitsOnlyAtBatchEnd()}).
     */
    static ShardOperatorFactory emittingOnlyAtBatchEnd(final ShardOperatorFactory factory)
    {
        return new ShardOperatorFactory()
        {
            @Override
            public ShardOperator create(final long batchIntervalMs, final ResultEmitter out)
            {
                return factory.create(batchIntervalMs, out);
            }

            @Override
            public boolean emitsOnlyAtBatchEnd()
            {
                return true;
            }
        };
    }
}
