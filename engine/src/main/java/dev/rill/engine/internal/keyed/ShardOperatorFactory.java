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
     * @return true if the operators made read nothing of a record but its {@code key} and {@code long0} (and, through
     * their batch node, its event time): a ring into their stage may then carry just those, several records to a slot
     * (a packed ring, engine/ENGINE.md "Packed rings"); false (the default) for operators that may read more.
     */
    default boolean readsOnlyKeyAndLong0()
    {
        return false;
    }

    /**
     * @param factory makes operators that never emit from {@link ShardOperator#onRecord}.
     * @return the same factory, saying so ({@link #emitsOnlyAtBatchEnd()}).
     */
    static ShardOperatorFactory emittingOnlyAtBatchEnd(final ShardOperatorFactory factory)
    {
        return declaring(factory, false);
    }

    /**
     * @param factory makes operators that never emit from {@link ShardOperator#onRecord} and read only a record's
     *                {@code key} and {@code long0}.
     * @return the same factory, saying so ({@link #emitsOnlyAtBatchEnd()}, {@link #readsOnlyKeyAndLong0()}).
     */
    static ShardOperatorFactory emittingOnlyAtBatchEndFromKeyAndLong0(final ShardOperatorFactory factory)
    {
        return declaring(factory, true);
    }

    private static ShardOperatorFactory declaring(final ShardOperatorFactory factory, final boolean keyAndLong0)
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

            @Override
            public boolean readsOnlyKeyAndLong0()
            {
                return keyAndLong0;
            }
        };
    }
}
