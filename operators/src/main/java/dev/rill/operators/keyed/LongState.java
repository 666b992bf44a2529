package dev.rill.operators.keyed;

import java.util.NoSuchElementException;

/**
 * The state of one key as seen by a {@link LongMappingFunction} or {@link LongStateUpdateFunction}: Spark's
 * {@code org.apache.spark.streaming.State[S]} for a {@code long} state, with the same rules (Spark's
 * {@code StateImpl}):
 * <ul>
 *   <li>{@link #get()} throws {@link NoSuchElementException} if the state does not exist;</li>
 *   <li>{@link #update} and {@link #remove} throw {@link IllegalArgumentException} after {@link #remove} or while the
 *   key {@link #isTimingOut()}; a timing-out key is removed by the operator after the call whatever the function
 *   does.</li>
 * </ul>
 *
 * <p>An operator owns one instance and re-wraps it for every key: <b>valid only during the call</b>, never retained.
 */
public final class LongState
{
    private long value;
    private boolean exists;
    private boolean isUpdated;
    private boolean isRemoved;
    private boolean isTimingOut;

    LongState()
    {
    }

    void wrap(final boolean exists, final long value)
    {
        this.exists = exists;
        this.value = exists ? value : 0;
        this.isUpdated = false;
        this.isRemoved = false;
        this.isTimingOut = false;
    }

    void wrapTimingOut(final long value)
    {
        wrap(true, value);
        this.isTimingOut = true;
    }

    /** @return whether the key has state (Spark's {@code State.exists}). */
    public boolean exists()
    {
        return exists;
    }

    /**
     * @return the state.
     * @throws NoSuchElementException if it does not exist (never set, or removed in this call).
     */
    public long get()
    {
        if (!exists)
        {
            throw new NoSuchElementException("state does not exist");
        }
        return value;
    }

    /**
     * Sets the state.
     *
     * @throws IllegalArgumentException if it was removed in this call or is timing out.
     */
    public void update(final long newValue)
    {
        if (isRemoved)
        {
            throw new IllegalArgumentException("cannot update the state after it has been removed");
        }
        if (isTimingOut)
        {
            throw new IllegalArgumentException("cannot update the state that is timing out");
        }
        value = newValue;
        exists = true;
        isUpdated = true;
    }

    /**
     * Removes the state (Spark's {@code None} result of {@code updateStateByKey}).
     *
     * @throws IllegalArgumentException if it was already removed in this call or is timing out.
     */
    public void remove()
    {
        if (isTimingOut)
        {
            throw new IllegalArgumentException("cannot remove the state that is timing out");
        }
        if (isRemoved)
        {
            throw new IllegalArgumentException("cannot remove the state that has already been removed");
        }
        exists = false;
        isUpdated = false;
        isRemoved = true;
        value = 0;
    }

    /** @return whether the key is timing out: offered once without a value, then removed by the operator. */
    public boolean isTimingOut()
    {
        return isTimingOut;
    }

    boolean isUpdated()
    {
        return isUpdated;
    }

    boolean isRemoved()
    {
        return isRemoved;
    }

    long value()
    {
        return value;
    }
}
