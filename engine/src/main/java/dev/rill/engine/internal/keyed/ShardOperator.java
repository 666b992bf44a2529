package dev.rill.engine.internal.keyed;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import dev.rill.engine.Event;
import dev.rill.operators.state.Checkpointable;

/**
 * A keyed batch operator on one shard: records of the open batch go in with {@link #onRecord}, {@link #endBatch}
 * closes it. Batches are ended in order, every one of them, empty ones included. Owns its off-heap state, which
 * only the shard's thread touches; {@link #close()} frees it.
 */
public interface ShardOperator extends AutoCloseable
{
    /**
     * @param event a record of the open batch ({@code key}, value in {@code long0}); valid only during the call.
     */
    void onRecord(Event event);

    /**
     * Ends the open batch; results go to the emitter the operator was made with.
     */
    void endBatch();

    /**
     * @return batches per slide: the first batch a shard runs is aligned down to a multiple of it, so window ends
     * are multiples of the slide in absolute time on every shard (1 for per-batch operators).
     */
    long batchAlignment();

    /**
     * @return batches to run after the last batch holding a record, at the end of time: for a window,
     * {@code batchesPerWindow - 1}, so that every window holding a record is emitted; 0 for per-batch operators.
     */
    long trailingBatches();

    /**
     * @return whether the operator keeps state per key, so every record must reach the shard owning its key (true);
     * false for operators that keep whatever records their shard gets ({@code window}).
     */
    default boolean isKeyed()
    {
        return true;
    }

    /**
     * @return the operator whose state a checkpoint writes ({@link Checkpointable#writeTo}), or null if it cannot be
     * checkpointed (checkpoints then refuse the pipeline, naming the operator).
     */
    default Checkpointable image()
    {
        return null;
    }

    /**
     * @return whether {@link #writeState}/{@link #readState} are implemented (checkpoints refuse operators without).
     */
    default boolean isCheckpointable()
    {
        return image() != null;
    }

    /**
     * @return the parameters a checkpoint must match (operator kind, window lengths, join type), for the shape
     * fingerprint.
     */
    default String shape()
    {
        return "";
    }

    /**
     * Writes the operator's state; only called when {@link #isCheckpointable()}.
     *
     * @return offset after it.
     */
    default int writeState(final MutableDirectBuffer out, final int offset)
    {
        return image().writeTo(out, offset);
    }

    /**
     * Reads state written by {@link #writeState}; only called when {@link #isCheckpointable()}.
     *
     * @return offset after it.
     * @throws IllegalArgumentException naming what differs if the image is of another operator or shape.
     */
    default int readState(final DirectBuffer in, final int offset)
    {
        return image().readFrom(in, offset);
    }

    @Override
    void close();
}
