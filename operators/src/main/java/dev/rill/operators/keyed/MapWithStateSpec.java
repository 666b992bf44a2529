package dev.rill.operators.keyed;

/**
 * Spark's {@code StateSpec} for {@link MapWithState}, the parts that apply to one shard: the batch interval, an
 * optional idle timeout and the number of keys to size the state for. Spark's {@code numPartitions}/{@code
 * partitioner} belong to the engine; {@code initialState} is not offered yet.
 *
 * <p>Immutable and thread-safe; validated when built.
 */
public final class MapWithStateSpec
{
    /** {@link #timeoutMs()} of a spec without a timeout. */
    public static final long NO_TIMEOUT = -1;

    private final long batchIntervalMs;
    private final long timeoutMs;
    private final int expectedKeys;

    private MapWithStateSpec(final long batchIntervalMs, final long timeoutMs, final int expectedKeys)
    {
        this.batchIntervalMs = batchIntervalMs;
        this.timeoutMs = timeoutMs;
        this.expectedKeys = expectedKeys;
    }

    /**
     * A spec whose keys never time out: state lives until the function removes it.
     *
     * @throws IllegalArgumentException naming the value if the interval is not positive or expectedKeys is negative.
     */
    public static MapWithStateSpec withoutTimeout(final long batchIntervalMs, final int expectedKeys)
    {
        requirePositive("batch interval", batchIntervalMs);
        requireExpectedKeys(expectedKeys);
        return new MapWithStateSpec(batchIntervalMs, NO_TIMEOUT, expectedKeys);
    }

    /**
     * A spec with Spark's {@code StateSpec.timeout(idleDuration)}: a key that received no record for more than
     * {@code timeoutMs} is offered once with {@link LongState#isTimingOut()} and removed.
     *
     * @throws IllegalArgumentException naming the value if a duration is not positive or expectedKeys is negative.
     */
    public static MapWithStateSpec withTimeout(final long timeoutMs, final long batchIntervalMs, final int expectedKeys)
    {
        requirePositive("batch interval", batchIntervalMs);
        requirePositive("timeout", timeoutMs);
        requireExpectedKeys(expectedKeys);
        return new MapWithStateSpec(batchIntervalMs, timeoutMs, expectedKeys);
    }

    public long batchIntervalMs()
    {
        return batchIntervalMs;
    }

    /** @return idle timeout in ms, or {@link #NO_TIMEOUT}. */
    public long timeoutMs()
    {
        return timeoutMs;
    }

    public boolean hasTimeout()
    {
        return timeoutMs != NO_TIMEOUT;
    }

    public int expectedKeys()
    {
        return expectedKeys;
    }

    @Override
    public String toString()
    {
        return "MapWithStateSpec{batchIntervalMs=" + batchIntervalMs + ", timeoutMs=" + timeoutMs +
            ", expectedKeys=" + expectedKeys + "}";
    }

    private static void requirePositive(final String name, final long durationMs)
    {
        if (durationMs <= 0)
        {
            throw new IllegalArgumentException(name + " must be positive: " + durationMs + " ms");
        }
    }

    private static void requireExpectedKeys(final int expectedKeys)
    {
        if (expectedKeys < 0)
        {
            throw new IllegalArgumentException("expected keys must not be negative: " + expectedKeys);
        }
    }
}
