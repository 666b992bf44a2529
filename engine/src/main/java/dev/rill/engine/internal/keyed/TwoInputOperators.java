package dev.rill.engine.internal.keyed;

import org.agrona.concurrent.EpochClock;

import dev.rill.engine.Event;
import dev.rill.engine.EventMapper;
import dev.rill.engine.JoinedRecord;
import dev.rill.engine.internal.EventSink;
import dev.rill.engine.internal.PipelineRuntime;
import dev.rill.operators.keyed.BatchJoin;
import dev.rill.operators.keyed.Cogroup;
import dev.rill.operators.keyed.CogroupConsumer;
import dev.rill.operators.keyed.JoinConsumer;
import dev.rill.operators.keyed.JoinType;
import dev.rill.operators.state.Checkpointable;
import dev.rill.operators.window.KeyValueConsumer;

/**
 * Keyed operators over two streams, per batch: Spark's {@code join}, {@code leftOuterJoin}, {@code rightOuterJoin},
 * {@code fullOuterJoin} ({@link BatchJoin}) and {@code cogroup} ({@link Cogroup}).
 * <p>
 * Plan: both streams are routed by key into one stage of N shards (two input rings per shard, polled in turn by the
 * stage, which forwards the minimum watermark over both inputs). Each record's side is stamped into {@code long3} by
 * a fused {@link #LEFT}/{@link #RIGHT} map at the end of its upstream stage (the join reads only {@code key} and
 * {@code long0}, so nothing of the record is lost). Each shard runs one {@link ShardBatchNode} whose operator feeds
 * {@code addLeft}/{@code addRight} by that tag, so both sides of a key meet in the shard that owns the key and are
 * cut into the same batches by the same watermark.
 * <p>
 * Join results carry which sides are present in {@code long3} ({@link JoinedRecord}); a small {@link PresenceStamp}
 * link after the shard's node writes it, so the node's result format is unchanged.
 */
public final class TwoInputOperators
{
    /** Side tag of the left (this) stream's records, in {@code long3}. */
    public static final long LEFT_SIDE = 0x4C45_4654L;
    /** Side tag of the right (other) stream's records, in {@code long3}. */
    public static final long RIGHT_SIDE = 0x5249_4748L;

    /** Stamps a record as the left side; fused at the end of the left stream's stage. */
    public static final EventMapper LEFT = (in, out) -> out.long3(LEFT_SIDE);
    /** Stamps a record as the right side. */
    public static final EventMapper RIGHT = (in, out) -> out.long3(RIGHT_SIDE);

    private static final int EXPECTED_PAIRS = 1024;

    /**
     * @param side  {@link #LEFT_SIDE} or {@link #RIGHT_SIDE}.
     * @param clock the pipeline's clock, ms.
     * @return a side tag that also stamps the record's event time with the clock as it leaves its stage: for raw
     * records joined, under processing time, with results of keyed operators (which carry their batch), so the join
     * cuts both sides by the times they carry ({@link #byCarriedTime}); cut by the clock at arrival, the results
     * would land a batch late. Stateless: one instance serves every shard's thread.
     */
    public static EventMapper sideWithClock(final long side, final EpochClock clock)
    {
        return (in, out) -> out.long3(side).eventTimeNs(clock.time() * 1_000_000L);
    }

    private TwoInputOperators()
    {
    }

    /** A two-input operator's factory: its shard node has a {@link PresenceStamp} behind it. */
    public interface Factory
    {
        /**
         * @param intervalMs the batch interval.
         * @param out        the shard node.
         * @param stamp      the link after the node, for the presence bits of the next result.
         * @return a new operator with empty state.
         */
        ShardOperator create(long intervalMs, ResultEmitter out, PresenceStamp stamp);

        /**
         * @return the shard node of this operator, with a {@link PresenceStamp} in front of {@code next}.
         */
        default ShardBatchNode node(final String name, final boolean eventTime, final long intervalMs,
            final EpochClock clock, final PipelineRuntime runtime, final int shard, final int shards,
            final EventSink next)
        {
            final PresenceStamp stamp = new PresenceStamp(next);
            return new ShardBatchNode(name, (interval, out) -> create(interval, out, stamp), eventTime, intervalMs,
                clock, runtime, shard, shards, stamp);
        }
    }

    /**
     * @param factory a two-input operator.
     * @return the same operator cutting its batches by the time its records carry: for inputs that are results of
     * keyed operators or windows (stamped with their batch end), so a result meets the other side's result of the
     * same batch even with processing-time batches (where the clock at arrival would be one batch later).
     */
    public static Factory byCarriedTime(final Factory factory)
    {
        return new Factory()
        {
            @Override
            public ShardOperator create(final long intervalMs, final ResultEmitter out, final PresenceStamp stamp)
            {
                return factory.create(intervalMs, out, stamp);
            }

            @Override
            public ShardBatchNode node(final String name, final boolean eventTime, final long intervalMs,
                final EpochClock clock, final PipelineRuntime runtime, final int shard, final int shards,
                final EventSink next)
            {
                return factory.node(name, true, intervalMs, clock, runtime, shard, shards, next);
            }
        };
    }

    /**
     * @param type inner, left, right or full outer.
     * @return per batch, the joined pairs: {@code long0} left, {@code long1} right, {@code long3} presence bits.
     */
    public static Factory join(final JoinType type)
    {
        return (intervalMs, out, stamp) -> new TwoSided()
        {
            private final BatchJoin op = new BatchJoin(type, EXPECTED_PAIRS);
            private final JoinConsumer emit = (key, left, hasLeft, right, hasRight) ->
            {
                stamp.presence = (hasLeft ? JoinedRecord.HAS_LEFT : 0) | (hasRight ? JoinedRecord.HAS_RIGHT : 0);
                out.emit(key, left, right);
            };

            @Override
            public Checkpointable image()
            {
                return op;
            }

            @Override
            public String shape()
            {
                return "join=" + type;
            }

            @Override
            void left(final long key, final long value)
            {
                op.addLeft(key, value);
            }

            @Override
            void right(final long key, final long value)
            {
                op.addRight(key, value);
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
     * @param function what each key's two groups become.
     * @return per batch, the function's results per key present on either side.
     */
    public static Factory cogroup(final dev.rill.engine.CogroupFunction function)
    {
        return (intervalMs, out, stamp) -> new TwoSided()
        {
            private final Cogroup op = new Cogroup(EXPECTED_PAIRS);
            private final KeyValueConsumer results = (key, value) -> out.emit(key, value, 0);
            private final CogroupConsumer emit = (key, left, right) -> function.apply(key, left, right, results);

            @Override
            public Checkpointable image()
            {
                return op;
            }

            @Override
            public String shape()
            {
                return "cogroup";
            }

            @Override
            void left(final long key, final long value)
            {
                op.addLeft(key, value);
            }

            @Override
            void right(final long key, final long value)
            {
                op.addRight(key, value);
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

    /** Dispatches a record to its side by the tag in {@code long3}; per batch, no alignment. */
    private abstract static class TwoSided implements ShardOperator
    {
        abstract void left(long key, long value);

        abstract void right(long key, long value);

        @Override
        public void onRecord(final Event event)
        {
            final long side = event.long3();
            if (side == LEFT_SIDE)
            {
                left(event.key(), event.long0());
            }
            else if (side == RIGHT_SIDE)
            {
                right(event.key(), event.long0());
            }
            else
            {
                throw new IllegalStateException("record without a side tag in long3: " + side);
            }
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

    /**
     * The link after a two-input operator's {@link ShardBatchNode}: writes the presence bits the operator set for the
     * result being emitted into {@code long3} (0 for operators that set none), and passes everything on.
     * One shard thread.
     */
    public static final class PresenceStamp implements EventSink
    {
        private final EventSink next;
        long presence;

        PresenceStamp(final EventSink next)
        {
            this.next = next;
        }

        @Override
        public void onEvent(final Event event)
        {
            event.long3(presence);
            next.onEvent(event);
        }

        @Override
        public void onWatermark(final long watermarkNs)
        {
            next.onWatermark(watermarkNs);
        }

        @Override
        public void onBatchEnd(final long batchTimeMs)
        {
            next.onBatchEnd(batchTimeMs);
        }

        @Override
        public void onEndOfStream()
        {
            next.onEndOfStream();
        }
    }
}
