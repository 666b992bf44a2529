package dev.rill.engine.internal.keyed;

import java.util.function.LongBinaryOperator;
import java.util.function.LongConsumer;

import dev.rill.engine.Event;
import dev.rill.operators.keyed.CountByValue;
import dev.rill.operators.keyed.CountByValueAndWindow;
import dev.rill.operators.keyed.CountByWindow;
import dev.rill.operators.keyed.LongMappingFunction;
import dev.rill.operators.keyed.LongStateUpdateFunction;
import dev.rill.operators.keyed.MapWithState;
import dev.rill.operators.keyed.MapWithStateSpec;
import dev.rill.operators.keyed.ReduceByKey;
import dev.rill.operators.keyed.UpdateStateByKey;
import dev.rill.operators.state.Checkpointable;
import dev.rill.operators.window.KeySumCountConsumer;
import dev.rill.operators.window.KeySumCountFilter;
import dev.rill.operators.window.KeyValueConsumer;
import dev.rill.operators.window.KeyedAggregateWindow;
import dev.rill.operators.window.KeyedSumCountWindow;
import dev.rill.operators.window.WindowSpec;

/**
 * Factories of the {@link ShardOperator}s: thin adapters from the engine's records ({@code key}, value in
 * {@code long0}) to the off-heap operators of {@code dev.rill.operators}. Each adapter keeps its result callback in
 * a field, so nothing allocates per record or per batch.
 */
public final class KeyedOperators
{
    private static final int EXPECTED_KEYS = 1024;

    private KeyedOperators()
    {
    }

    /**
     * @param function Spark's reduce function, applied as {@code f(reducedSoFar, value)}.
     * @return per batch, each key's values reduced.
     */
    public static ShardOperatorFactory reduceByKey(final LongBinaryOperator function)
    {
        return ShardOperatorFactory.emittingOnlyAtBatchEndFromKeyAndLong0((intervalMs, out) -> new PerBatch(out)
        {
            private final ReduceByKey op = new ReduceByKey(function, EXPECTED_KEYS);

            @Override
            public Checkpointable image()
            {
                return op;
            }

            @Override
            public String shape()
            {
                return "reduceByKey";
            }

            @Override
            public void onRecord(final Event event)
            {
                op.add(event.key(), event.long0());
            }

            @Override
            public void endBatch()
            {
                op.endBatch(emitValue);
            }

            @Override
            public void close()
            {
                op.close();
            }
        });
    }

    /**
     * @return per batch, each distinct key with its number of records.
     */
    public static ShardOperatorFactory countByValue()
    {
        return ShardOperatorFactory.emittingOnlyAtBatchEndFromKeyAndLong0((intervalMs, out) -> new PerBatch(out)
        {
            private final CountByValue op = new CountByValue(EXPECTED_KEYS);

            @Override
            public Checkpointable image()
            {
                return op;
            }

            @Override
            public String shape()
            {
                return "countByValue";
            }

            @Override
            public void onRecord(final Event event)
            {
                op.add(event.key());
            }

            @Override
            public void endBatch()
            {
                op.endBatch(emitValue);
            }

            @Override
            public void close()
            {
                op.close();
            }
        });
    }

    /**
     * @param function Spark's update function.
     * @return per batch, every key with state and its state.
     */
    public static ShardOperatorFactory updateStateByKey(final LongStateUpdateFunction function)
    {
        return ShardOperatorFactory.emittingOnlyAtBatchEndFromKeyAndLong0((intervalMs, out) -> new PerBatch(out)
        {
            private final UpdateStateByKey op = new UpdateStateByKey(function, EXPECTED_KEYS);

            @Override
            public Checkpointable image()
            {
                return op;
            }

            @Override
            public String shape()
            {
                return "updateStateByKey,batch=" + intervalMs + "ms";
            }

            @Override
            public void onRecord(final Event event)
            {
                op.add(event.key(), event.long0());
            }

            @Override
            public void endBatch()
            {
                op.endBatch(emitValue);
            }

            @Override
            public void close()
            {
                op.close();
            }
        });
    }

    /**
     * @param timeoutMs idle timeout, or {@link MapWithStateSpec#NO_TIMEOUT}.
     * @param function  the mapping function.
     * @return one result per record, and one per key timing out.
     */
    public static ShardOperatorFactory mapWithState(final long timeoutMs, final LongMappingFunction function)
    {
        return (intervalMs, out) -> new PerBatch(out)
        {
            private final MapWithState op = new MapWithState(timeoutMs == MapWithStateSpec.NO_TIMEOUT ?
                MapWithStateSpec.withoutTimeout(intervalMs, EXPECTED_KEYS) :
                MapWithStateSpec.withTimeout(timeoutMs, intervalMs, EXPECTED_KEYS), function);

            @Override
            public Checkpointable image()
            {
                return op;
            }

            @Override
            public String shape()
            {
                return "mapWithState,batch=" + intervalMs + "ms,timeout=" + timeoutMs + "ms";
            }

            @Override
            public void onRecord(final Event event)
            {
                op.map(event.key(), event.long0(), emitValue);
            }

            @Override
            public void endBatch()
            {
                op.endBatch(emitValue);
            }

            @Override
            public void close()
            {
                op.close();
            }
        };
    }

    /**
     * @param spec   the window.
     * @param filter Spark's filter for keys whose values all expired, or null to keep them with 0.
     * @return at each slide, every key of the window with the sum ({@code long0}) and count ({@code long1}).
     */
    public static ShardOperatorFactory sumCountByKeyAndWindow(final WindowSpec spec, final KeySumCountFilter filter)
    {
        return sumCountByKeyAndWindow(spec, filter, null, null);
    }

    /**
     * @param spec    the window.
     * @param filter  Spark's filter function, or null.
     * @param reduce  the reduce function, or null (with {@code inverse}) for sums.
     * @param inverse its inverse.
     * @return at each slide, every key of the window with its reduced value ({@code long0}) and count ({@code long1}).
     */
    public static ShardOperatorFactory sumCountByKeyAndWindow(final WindowSpec spec, final KeySumCountFilter filter,
        final LongBinaryOperator reduce, final LongBinaryOperator inverse)
    {
        return ShardOperatorFactory.emittingOnlyAtBatchEndFromKeyAndLong0((intervalMs, out) -> new Windowed(spec)
        {
            private final KeyedSumCountWindow op = new KeyedSumCountWindow(spec, EXPECTED_KEYS, filter, reduce,
                inverse);
            private final KeySumCountConsumer emit = out::emit;

            @Override
            public Checkpointable image()
            {
                return op;
            }

            @Override
            public String shape()
            {
                return windowShape(spec) + ",filter=" + (filter != null) + (reduce == null ? "" : ",reduce=function");
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
        });
    }

    /**
     * @param spec     the window.
     * @param function associative, applied oldest first.
     * @return at each slide, every key with a value in the window and its aggregate.
     */
    public static ShardOperatorFactory reduceByKeyAndWindow(final WindowSpec spec, final LongBinaryOperator function)
    {
        return ShardOperatorFactory.emittingOnlyAtBatchEndFromKeyAndLong0((intervalMs, out) -> new Windowed(spec)
        {
            private final KeyedAggregateWindow op = new KeyedAggregateWindow(spec, EXPECTED_KEYS, function);
            private final KeyValueConsumer emit = (key, value) -> out.emit(key, value, 0);

            @Override
            public Checkpointable image()
            {
                return op;
            }

            @Override
            public String shape()
            {
                return "reduceByKeyAndWindow," + windowShape(spec);
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
        });
    }

    /**
     * @param spec the window.
     * @return at each slide, every distinct key in the window with its count; keys back at 0 dropped (Spark).
     */
    public static ShardOperatorFactory countByValueAndWindow(final WindowSpec spec)
    {
        return ShardOperatorFactory.emittingOnlyAtBatchEndFromKeyAndLong0((intervalMs, out) -> new Windowed(spec)
        {
            private final CountByValueAndWindow op = new CountByValueAndWindow(spec, EXPECTED_KEYS);
            private final KeyValueConsumer emit = (key, value) -> out.emit(key, value, 0);

            @Override
            public Checkpointable image()
            {
                return op;
            }

            @Override
            public String shape()
            {
                return "countByValueAndWindow," + windowShape(spec);
            }

            @Override
            public void onRecord(final Event event)
            {
                op.add(event.key());
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
        });
    }

    /**
     * @param spec the window.
     * @return at each slide, the number of records in the window (key 0), once a record has been seen.
     */
    public static ShardOperatorFactory countByWindow(final WindowSpec spec)
    {
        return ShardOperatorFactory.emittingOnlyAtBatchEndFromKeyAndLong0((intervalMs, out) -> new Windowed(spec)
        {
            private final CountByWindow op = new CountByWindow(spec);
            private final LongConsumer emit = count -> out.emit(0, count, 0);

            @Override
            public Checkpointable image()
            {
                return op;
            }

            @Override
            public String shape()
            {
                return "countByWindow," + windowShape(spec);
            }

            @Override
            public void onRecord(final Event event)
            {
                op.add();
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
        });
    }

    /**
     * @return the window's lengths, as a checkpoint's shape records them.
     */
    static String windowShape(final WindowSpec spec)
    {
        return "window=" + spec.windowLengthMs() + "ms,slide=" + spec.slideIntervalMs() + "ms,batch=" +
            spec.batchIntervalMs() + "ms";
    }

    /** Per-batch operators: no alignment, nothing after the last batch. */
    private abstract static class PerBatch implements ShardOperator
    {
        final KeyValueConsumer emitValue;

        PerBatch(final ResultEmitter out)
        {
            this.emitValue = (key, value) -> out.emit(key, value, 0);
        }

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

    /** Window operators: aligned to the slide, run until the last record has left every window. */
    abstract static class Windowed implements ShardOperator
    {
        private final WindowSpec spec;

        Windowed(final WindowSpec spec)
        {
            this.spec = spec;
        }

@Override
        public long batchAlignment()
        {
            return spec.batchesPerSlide();
        }

        @Override
        public long trailingBatches()
        {
            return spec.batchesPerWindow() - 1;
        }
    }
}
