package dev.rill.engine.internal.keyed;

import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

import dev.rill.engine.Emitter;
import dev.rill.engine.Event;
import dev.rill.engine.EventFlatMapper;
import dev.rill.engine.EventMapper;
import dev.rill.engine.GroupFunction;
import dev.rill.operators.keyed.CombineByKey;
import dev.rill.operators.keyed.FlatMapValues;
import dev.rill.operators.keyed.GroupByKey;
import dev.rill.operators.keyed.LongFlatMapFunction;
import dev.rill.operators.keyed.LongValuesConsumer;
import dev.rill.operators.keyed.MapValues;
import dev.rill.operators.state.Checkpointable;
import dev.rill.operators.window.KeyValueConsumer;

/**
 * Spark's {@code groupByKey} and {@code combineByKey} as shard operators ({@link GroupByKey}, {@link CombineByKey}
 * per shard), and {@code mapValues}/{@code flatMapValues} as fused per-record operators. Nothing allocates per
 * record or per batch.
 */
public final class GroupingOperators
{
    private static final int EXPECTED = 1024;

    private GroupingOperators()
    {
    }

    /**
     * @param function what each key's group becomes.
     * @return per batch, the function's results for each key of the batch.
     */
    public static ShardOperatorFactory groupByKey(final GroupFunction function)
    {
        return (intervalMs, out) -> new PerBatch()
        {
            private final GroupByKey op = new GroupByKey(EXPECTED);
            private final KeyValueConsumer results = (key, value) -> out.emit(key, value, 0);
            private final LongValuesConsumer emit = (key, values) -> function.apply(key, values, results);

            @Override
            public Checkpointable image()
            {
                return op;
            }

            @Override
            public String shape()
            {
                return "groupByKey";
            }

            @Override
            public void onRecord(final Event event)
            {
                op.add(event.key(), event.long0());
            }

            @Override
            public void endBatch()
            {
                op.endBatch(emit);
            }

            @Override
            public void close()
            {
                op.close();
            }
        };
    }

    /**
     * @param createCombiner a key's first value of the batch to its combiner.
     * @param mergeValue     folds a further value in.
     * @return per batch, each key with its combiner.
     */
    public static ShardOperatorFactory combineByKey(final LongUnaryOperator createCombiner,
        final LongBinaryOperator mergeValue)
    {
        return (intervalMs, out) -> new PerBatch()
        {
            private final CombineByKey op = new CombineByKey(createCombiner, mergeValue, EXPECTED);
            private final KeyValueConsumer emit = (key, value) -> out.emit(key, value, 0);

            @Override
            public Checkpointable image()
            {
                return op;
            }

            @Override
            public String shape()
            {
                return "combineByKey";
            }

            @Override
            public void onRecord(final Event event)
            {
                op.add(event.key(), event.long0());
            }

            @Override
            public void endBatch()
            {
                op.endBatch(emit);
            }

            @Override
            public void close()
            {
                op.close();
            }
        };
    }

    /**
     * @param function the value function.
     * @return a fused map: {@code long0 = f(long0)}, key and the rest unchanged ({@link MapValues}' contract; stateless,
     * so one instance serves every shard's thread).
     */
    public static EventMapper mapValues(final LongUnaryOperator function)
    {
        return (in, out) -> out.long0(function.applyAsLong(in.long0()));
    }

    /**
     * @param function the value function.
     * @return a fused flatMap: one output per value the function produces, the key (and the rest) of the input kept.
     */
    public static EventFlatMapper flatMapValues(final LongFlatMapFunction function)
    {
        // The planner shares one flatMapper between the shards of a stage (several threads): the per-call state lives
        // in one adapter per thread, looked up once per record (no allocation after the first record of a thread).
        final ThreadLocal<FlatMapValuesAdapter> adapters = ThreadLocal.withInitial(() ->
            new FlatMapValuesAdapter(function));
        return (in, out) -> adapters.get().apply(in, out);
    }

    /** One thread's {@link FlatMapValues}, emitting through the stage's emitter. */
    private static final class FlatMapValuesAdapter implements KeyValueConsumer
    {
        private final FlatMapValues op;
        private Emitter target;

        FlatMapValuesAdapter(final LongFlatMapFunction function)
        {
            this.op = new FlatMapValues(function);
        }

        void apply(final Event in, final Emitter out)
        {
            target = out;
            try
            {
                op.apply(in.key(), in.long0(), this);
            }
            finally
            {
                target = null;
            }
        }

        @Override
        public void accept(final long key, final long value)
        {
            target.claim().long0(value);
            target.emit();
        }
    }

    /** Per-batch operators: no alignment, nothing after the last batch. */
    private abstract static class PerBatch implements ShardOperator
    {
        @Override
        public long batchAlignment()
        {
            return 1;
        }

        @Override
        public long trailingBatches()
        {
            return 0;
        }
    }
}
