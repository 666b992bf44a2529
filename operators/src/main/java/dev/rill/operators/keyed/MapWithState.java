package dev.rill.operators.keyed;

import dev.rill.operators.state.Checkpointable;
import dev.rill.operators.state.LongKeyedState;
import dev.rill.operators.state.LongSlotConsumer;
import dev.rill.operators.window.KeyValueConsumer;

import java.util.Arrays;

/**
 * Spark's {@code mapWithState(StateSpec.function(f).timeout(d))} for {@code long} keys, values, state and output,
 * following Spark's {@code MapWithStateRDDRecord.updateRecordWithData}:
 * <ul>
 *   <li>every record is mapped as it arrives, in order: {@code f(key, value, state)}, and the result is emitted
 *   at once (one output per record); the function reads, updates or removes the key's state;</li>
 *   <li>with a timeout, a record of a key that has state refreshes the key's last-update time to the batch time
 *   even if the function does not update the state (Spark's {@code wrappedState.exists && timeout defined});</li>
 *   <li>at the end of batch {@code T}, every key whose last-update time is <em>strictly</em> before
 *   {@code T - timeout} (Spark's {@code StateMap.getByTime}) is offered once with no value and
 *   {@link LongState#isTimingOut()} true, its result is emitted, and it is removed; it cannot update or remove its
 *   state in that call ({@link IllegalArgumentException}, as Spark's {@code StateImpl}).</li>
 * </ul>
 * Batch {@code n} (from 1) has time {@code n * batchIntervalMs}.
 *
 * <p>Example, batch interval 10 ms, timeout 20 ms, {@code f} = running sum returned as output, timing-out call
 * returns {@code -state}; output per batch as {@code key:mapped}:
 * <pre>
 *   batch 1 (t=10): (a,1) (a,2) (b,5) -&gt; a:1 a:3 b:5        one output per record
 *   batch 2 (t=20): (b,1)             -&gt; b:6
 *   batch 3 (t=30): (nothing)         -&gt; (nothing)          a last updated at 10, not &lt; 30 - 20
 *   batch 4 (t=40): (nothing)         -&gt; a:-3               10 &lt; 40 - 20: a times out, is removed
 *   batch 5 (t=50): (a,7)             -&gt; a:7 b:-6           a starts again; b (20 &lt; 30) times out
 * </pre>
 *
 * <p>Where Rill differs from Spark: Spark looks for idle keys only in batches that run a full scan (checkpoint
 * batches, by default every 10 batch intervals), so a key there times out at the first full scan after its timeout;
 * Rill scans at the end of every batch, so a key times out in the first batch that passes the condition above. The
 * scan costs O(capacity of the state map) per batch with a timeout, nothing without. Spark's {@code State.update}
 * of a timed-out key and the {@code Option}-returning mapping functions (to emit nothing) are not offered: every
 * call emits one {@code (key, mapped)}; Spark's mapped stream carries no key, here it comes with the value.
 * {@link #forEachState} is Spark's {@code stateSnapshots()}.
 *
 * <p>If the function throws, the exception propagates and the key's state is left as it was before that call.
 *
 * <p><b>Single writer, not thread-safe. Zero allocation</b> per record, key and batch once the state map and the
 * timed-out list have grown (boxing-free as long as the function is).
 */
public final class MapWithState implements AutoCloseable, Checkpointable
{
    private static final int STATE = 0;
    private static final int UPDATE_TIME_MS = 1;

    private final MapWithStateSpec spec;
    private final LongMappingFunction function;
    private final LongKeyedState states;
    private final LongState state = new LongState();
    private final LongSlotConsumer timeOutIfIdle = this::timeOutIfIdle;
    private final LongSlotConsumer snapshotKey = this::snapshotKey;

    private long batchesEnded;
    private long thresholdMs;
    private KeyValueConsumer emitTarget;
    private long[] timedOutKeys = new long[16];
    private int timedOutKeyCount;

    public MapWithState(final MapWithStateSpec spec, final LongMappingFunction function)
    {
        if (null == spec || null == function)
        {
            throw new NullPointerException(null == spec ? "spec" : "function");
        }
        this.spec = spec;
        this.function = function;
        this.states = new LongKeyedState(2, spec.expectedKeys());
    }

    public MapWithStateSpec spec()
    {
        return spec;
    }

    /** @return time of the current (not yet ended) batch: {@code (batches ended + 1) * batchIntervalMs}. */
    public long batchTimeMs()
    {
        return (batchesEnded + 1) * spec.batchIntervalMs();
    }

    /**
     * Maps one record of the current batch with the function, applies its state decision and emits its result.
     *
     * @param consumer receives {@code (key, mapped)}; not retained.
     */
    public void map(final long key, final long value, final KeyValueConsumer consumer)
    {
        final LongKeyedState states = this.states;
        final LongState state = this.state;
        int slot = states.find(key);
        state.wrap(slot >= 0, slot >= 0 ? states.getLong(slot, STATE) : 0);
        final long mapped = function.map(key, value, true, state);
        if (state.isRemoved())
        {
            if (slot >= 0)
            {
                states.remove(key);
            }
        }
        else if (state.isUpdated() || (state.exists() && spec.hasTimeout()))
        {
            slot = states.getOrInsert(key);
            states.putLong(slot, STATE, state.value());
            states.putLong(slot, UPDATE_TIME_MS, batchTimeMs());
        }
        consumer.accept(key, mapped);
    }

    /**
     * Ends the batch: with a timeout, offers each idle key once as timing out, emits its result and removes it.
     *
     * @param consumer receives {@code (key, mapped)} of the timing-out calls; not retained.
     */
    public void endBatch(final KeyValueConsumer consumer)
    {
        try
        {
            if (spec.hasTimeout())
            {
                thresholdMs = batchTimeMs() - spec.timeoutMs();
                emitTarget = consumer;
                timedOutKeyCount = 0;
                try
                {
                    states.forEach(timeOutIfIdle);
                }
                finally
                {
                    emitTarget = null;
                    // Removal waits for the end of the iteration, which a removal's backward shift would disturb.
                    for (int i = 0; i < timedOutKeyCount; i++)
                    {
                        states.remove(timedOutKeys[i]);
                    }
                }
            }
        }
        finally
        {
            batchesEnded++;
        }
    }

    /** Spark's {@code stateSnapshots()}: every key with state and its state, in map order. */
    public void forEachState(final KeyValueConsumer consumer)
    {
        emitTarget = consumer;
        try
        {
            states.forEach(snapshotKey);
        }
        finally
        {
            emitTarget = null;
        }
    }

    /** @return keys with state. */
    public int size()
    {
        return states.size();
    }

    public long offHeapBytes()
    {
        return states.offHeapBytes();
    }

    /** Version of the layout written by {@link #writeTo}. */
    public static final int IMAGE_VERSION = 1;

    /**
     * Writes this operator's state for a checkpoint: {@code int version | long batch interval ms | long timeout ms |
     * long batches ended | the state map's image (LongKeyedState.writeTo: state, last update time per key)}.
     *
     * @param buffer where to write (must have room; an expandable Agrona buffer grows).
     * @param offset where to start.
     * @return the offset after the image.
     */
    @Override
    public int writeTo(final org.agrona.MutableDirectBuffer buffer, final int offset)
    {
        buffer.putInt(offset, IMAGE_VERSION);
        buffer.putLong(offset + 4, spec.batchIntervalMs());
        buffer.putLong(offset + 12, spec.hasTimeout() ? spec.timeoutMs() : -1);
        buffer.putLong(offset + 20, batchesEnded);
        return states.writeTo(buffer, offset + 28);
    }

    /**
     * Replaces this operator's state with an image written by {@link #writeTo} for the same spec.
     *
     * @param buffer where to read.
     * @param offset where to start.
     * @return the offset after the image.
     * @throws IllegalArgumentException if the image has another version, batch interval or timeout.
     */
    @Override
    public int readFrom(final org.agrona.DirectBuffer buffer, final int offset)
    {
        final int version = buffer.getInt(offset);
        final long batchMs = buffer.getLong(offset + 4);
        final long timeoutMs = buffer.getLong(offset + 12);
        if (version != IMAGE_VERSION || batchMs != spec.batchIntervalMs() ||
            timeoutMs != (spec.hasTimeout() ? spec.timeoutMs() : -1))
        {
            throw new IllegalArgumentException("mapWithState image (version " + version + ", batch " + batchMs +
                " ms, timeout " + timeoutMs + " ms) does not match this operator (version " + IMAGE_VERSION +
                ", batch " + spec.batchIntervalMs() + " ms, timeout " + (spec.hasTimeout() ? spec.timeoutMs() : -1) +
                " ms)");
        }
        batchesEnded = buffer.getLong(offset + 20);
        return states.readFrom(buffer, offset + 28);
    }

    @Override
    public void close()
    {
        states.close();
    }

    private void timeOutIfIdle(final long key, final int slot)
    {
        final LongKeyedState states = this.states;
        if (states.getLong(slot, UPDATE_TIME_MS) < thresholdMs)
        {
            // Queued before the call: the key is removed even if the function throws.
            if (timedOutKeyCount == timedOutKeys.length)
            {
                timedOutKeys = Arrays.copyOf(timedOutKeys, timedOutKeyCount * 2);
            }
            timedOutKeys[timedOutKeyCount++] = key;
            state.wrapTimingOut(states.getLong(slot, STATE));
            emitTarget.accept(key, function.map(key, 0, false, state));
        }
    }

    private void snapshotKey(final long key, final int slot)
    {
        emitTarget.accept(key, states.getLong(slot, STATE));
    }
}
