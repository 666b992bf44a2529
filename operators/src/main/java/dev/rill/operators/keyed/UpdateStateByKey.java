package dev.rill.operators.keyed;

import dev.rill.operators.state.Checkpointable;
import dev.rill.operators.state.LongKeyedState;
import dev.rill.operators.state.LongSlotConsumer;
import dev.rill.operators.window.KeyValueConsumer;

import java.util.Arrays;

/**
 * Spark's {@code updateStateByKey(updateFunc)} for {@code long} keys, values and state: state kept across batches in
 * an off-heap {@link LongKeyedState}; at the end of every batch the function is offered every key that has new values
 * <em>or</em> has state, even with no new values (Spark's quirk: "In every batch the updateFunc will be called for
 * each state even if there are no new values", {@code JavaPairDStream.updateStateByKey}; Spark's {@code StateDStream}
 * cogroups the previous state with the batch). Removing the state (Spark's {@code None}) drops the key. The output of
 * every batch is the whole state after the batch: every key that has state, with it.
 *
 * <p>Example, running sum that is dropped when it reaches 0 ({@code s = state.exists() ? state.get() : 0; s +=
 * values.sum(); if (s == 0) state.remove(); else state.update(s)}); output per batch as {@code key=state}:
 * <pre>
 *   batch 1: (a,1) (b,2)   -&gt; a=1 b=2       f(a,[1],none) f(b,[2],none)
 *   batch 2: (a,4)         -&gt; a=5 b=2       f(a,[4],1) and f(b,[],2): b offered with no values, keeps 2
 *   batch 3: (b,-2)        -&gt; a=5           f(b,[-2],2) removes b; f(a,[],5)
 *   batch 4: (nothing)     -&gt; a=5           f(a,[],5): still called every batch
 * </pre>
 *
 * <p>The function signature is {@link LongStateUpdateFunction}: the previous state and the result go through one
 * reused {@link LongState}, so nothing allocates per key. A key with new values is offered once with all of them
 * (arrival order); keys come to the function in ascending order for keys with values, then in map order for the rest.
 *
 * <p>Cost per batch: O(n log n) to sort the batch's n pairs (stable, off-heap) plus O(capacity of the state map) to
 * offer every state to the function, as Spark's full cogroup does; use {@link MapWithState} when only keys with new
 * values should be touched. If the function throws, the exception propagates from {@link #endBatch}: the keys
 * offered before it keep their new state, the rest their old one, and the batch's values are dropped.
 *
 * <p><b>Single writer, not thread-safe. Zero allocation</b> per value, key and batch once the state map, the pair
 * buffer and the removal list have grown to the workload.
 */
public final class UpdateStateByKey implements AutoCloseable, Checkpointable
{
    private static final int STATE = 0;
    /** Number of the last batch in which the key was offered, so the second pass skips it. */
    private static final int OFFERED_IN_BATCH = 1;

    private final LongStateUpdateFunction updateFunction;
    private final LongKeyedState states;
    private final PairBuffer pairs;
    private final LongValues values = new LongValues();
    private final LongValues noValues = new LongValues();
    private final LongState state = new LongState();
    private final LongSlotConsumer offerIdleKey = this::offerIdleKey;

    private long batchNumber;
    private KeyValueConsumer emitTarget;
    private long[] removedKeys = new long[16];
    private int removedKeyCount;

    /**
     * @param updateFunction the state update function.
     * @param expectedKeys   keys with state to size the map for, and records per batch for the pair buffer; both grow.
     */
    public UpdateStateByKey(final LongStateUpdateFunction updateFunction, final int expectedKeys)
    {
        if (null == updateFunction)
        {
            throw new NullPointerException("updateFunction");
        }
        this.updateFunction = updateFunction;
        this.states = new LongKeyedState(2, expectedKeys);
        this.pairs = new PairBuffer(expectedKeys);
        noValues.wrapEmpty();
    }

    /** Adds a value for the key to the current batch. */
    public void add(final long key, final long value)
    {
        pairs.append(key, value);
    }

    /**
     * Ends the batch: offers the function every key with new values or with state, applies its decisions, and emits
     * the resulting state of every key.
     *
     * @param consumer receives {@code (key, state)} for every key that has state after the batch; not retained.
     */
    public void endBatch(final KeyValueConsumer consumer)
    {
        final long batch = ++batchNumber;
        final PairBuffer pairs = this.pairs;
        final LongKeyedState states = this.states;
        emitTarget = consumer;
        removedKeyCount = 0;
        try
        {
            pairs.sort();
            final int size = pairs.size();
            for (int start = 0; start < size; )
            {
                final int end = pairs.runEnd(start);
                final long key = pairs.key(start);
                values.wrap(pairs, start, end);
                start = end;

                int slot = states.find(key);
                state.wrap(slot >= 0, slot >= 0 ? states.getLong(slot, STATE) : 0);
                updateFunction.update(key, values, state);
                if (state.isRemoved())
                {
                    if (slot >= 0)
                    {
                        states.remove(key);
                    }
                }
                else if (state.exists())
                {
                    slot = states.getOrInsert(key);
                    states.putLong(slot, STATE, state.value());
                    states.putLong(slot, OFFERED_IN_BATCH, batch);
                    consumer.accept(key, state.value());
                }
            }
            values.wrapEmpty();
            // Every other key with state: offered with no new values. Removals wait for the end of the iteration.
            states.forEach(offerIdleKey);
            for (int i = 0; i < removedKeyCount; i++)
            {
                states.remove(removedKeys[i]);
            }
        }
        finally
        {
            emitTarget = null;
            values.wrapEmpty();
            pairs.clear();
        }
    }

    /** @return keys with state. */
    public int size()
    {
        return states.size();
    }

    /** @return whether the key has state. */
    public boolean hasState(final long key)
    {
        return states.containsKey(key);
    }

    public long offHeapBytes()
    {
        return states.offHeapBytes() + pairs.offHeapBytes();
    }

    /** Version of the layout written by {@link #writeTo}. */
    public static final int IMAGE_VERSION = 1;

    /**
     * Writes this operator's state for a checkpoint: {@code int version | long batches ended | int pending pairs |
     * (long key, long value) * pending, in arrival order | the state map's image (LongKeyedState.writeTo)}. Pending
     * pairs are the open batch's records, so an image taken between two records restores mid-batch.
     *
     * @param buffer where to write (must have room; an expandable Agrona buffer grows).
     * @param offset where to start.
     * @return the offset after the image.
     */
    @Override
    public int writeTo(final org.agrona.MutableDirectBuffer buffer, final int offset)
    {
        buffer.putInt(offset, IMAGE_VERSION);
        buffer.putLong(offset + 4, batchNumber);
        final int at = pairs.writeTo(buffer, offset + 12);
        return states.writeTo(buffer, at);
    }

    /**
     * Replaces this operator's state with an image written by {@link #writeTo}.
     *
     * @param buffer where to read.
     * @param offset where to start.
     * @return the offset after the image.
     * @throws IllegalArgumentException if the image has another version.
     */
    @Override
    public int readFrom(final org.agrona.DirectBuffer buffer, final int offset)
    {
        final int version = buffer.getInt(offset);
        if (version != IMAGE_VERSION)
        {
            throw new IllegalArgumentException("updateStateByKey image version " + version + ", expected " +
                IMAGE_VERSION);
        }
        batchNumber = buffer.getLong(offset + 4);
        final int at = pairs.readFrom(buffer, offset + 12);
        return states.readFrom(buffer, at);
    }

    @Override
    public void close()
    {
        states.close();
        pairs.close();
    }

    private void offerIdleKey(final long key, final int slot)
    {
        final LongKeyedState states = this.states;
        final long batch = batchNumber;
        if (states.getLong(slot, OFFERED_IN_BATCH) == batch)
        {
            return;
        }
        state.wrap(true, states.getLong(slot, STATE));
        updateFunction.update(key, noValues, state);
        states.putLong(slot, OFFERED_IN_BATCH, batch);
        if (state.isRemoved())
        {
            if (removedKeyCount == removedKeys.length)
            {
                removedKeys = Arrays.copyOf(removedKeys, removedKeyCount * 2);
            }
            removedKeys[removedKeyCount++] = key;
        }
        else
        {
            states.putLong(slot, STATE, state.value());
            emitTarget.accept(key, state.value());
        }
    }
}
