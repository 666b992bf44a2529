package dev.rill.engine.internal.keyed;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import dev.rill.engine.Event;
import dev.rill.engine.GroupFunction;
import dev.rill.operators.keyed.LongValuesConsumer;
import dev.rill.operators.window.GroupByKeyAndWindow;
import dev.rill.operators.window.KeyValueConsumer;
import dev.rill.operators.window.RecordConsumer;
import dev.rill.operators.window.RecordWindow;
import dev.rill.operators.window.WindowSpec;

/**
 * Spark's {@code window} and {@code groupByKeyAndWindow} as shard operators, over the off-heap {@link RecordWindow}
 * and {@link GroupByKeyAndWindow}: aligned to the slide and run until the last record has left every window, as the
 * other windows ({@link KeyedOperators}). Nothing allocates per record, per batch or per slide once the buffers have
 * grown. Both are checkpointable: their state is the window's image ({@link RecordWindow#writeTo}).
 */
public final class WindowOperators
{
    private static final int EXPECTED_BYTES = 64 * 1024;
    private static final int EXPECTED_PAIRS = 1024;

    private WindowOperators()
    {
    }

    /**
     * @param spec the window.
     * @return at each slide, every record of the shard's window ({@link WindowRecordDescriptor}: values and byte area
     * kept), oldest batch first and in arrival order; event time = window end - 1 ns.
     */
    public static ShardOperatorFactory window(final WindowSpec spec)
    {
        return ShardOperatorFactory.emittingOnlyAtBatchEnd((intervalMs, out) ->
            new CheckpointedWindow("window", spec)
        {
            private final RecordWindow op = new RecordWindow(spec, EXPECTED_BYTES);
            private final RecordConsumer emit = (buffer, offset, length) ->
            {
                WindowRecordDescriptor.read(buffer, offset, out.claimResult());
                out.emitResult();
            };

            @Override
            public boolean isKeyed()
            {
                return false;
            }

            @Override
            public int writeState(final MutableDirectBuffer buffer, final int offset)
            {
                return op.writeTo(buffer, offset);
            }

            @Override
            public int readState(final DirectBuffer buffer, final int offset)
            {
                return op.readFrom(buffer, offset);
            }

            @Override
            public void onRecord(final Event event)
            {
                final int offset = op.claim(WindowRecordDescriptor.length(event));
                WindowRecordDescriptor.write(event, op.buffer(), offset);
                op.commit();
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
     * @param function what each key's group becomes.
     * @return at each slide, the function's results for each key with values in the window.
     */
    public static ShardOperatorFactory groupByKeyAndWindow(final WindowSpec spec, final GroupFunction function)
    {
        return ShardOperatorFactory.emittingOnlyAtBatchEnd((intervalMs, out) ->
            new CheckpointedWindow("groupByKeyAndWindow", spec)
        {
            private final GroupByKeyAndWindow op = new GroupByKeyAndWindow(spec, EXPECTED_PAIRS);
            private final KeyValueConsumer results = (key, value) -> out.emit(key, value, 0);
            private final LongValuesConsumer emit = (key, values) -> function.apply(key, values, results);

            @Override
            public int writeState(final MutableDirectBuffer buffer, final int offset)
            {
                return op.writeTo(buffer, offset);
            }

            @Override
            public int readState(final DirectBuffer buffer, final int offset)
            {
                return op.readFrom(buffer, offset);
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

    /** A window whose state a checkpoint writes; the shape names the operator and the window's three lengths. */
    private abstract static class CheckpointedWindow extends KeyedOperators.Windowed
    {
        private final String shape;

        CheckpointedWindow(final String kind, final WindowSpec spec)
        {
            super(spec);
            this.shape = kind + ",window=" + spec.windowLengthMs() + "ms,slide=" + spec.slideIntervalMs() + "ms,batch=" +
                spec.batchIntervalMs() + "ms";
        }

        @Override
        public boolean isCheckpointable()
        {
            return true;
        }

        @Override
        public String shape()
        {
            return shape;
        }
    }
}
