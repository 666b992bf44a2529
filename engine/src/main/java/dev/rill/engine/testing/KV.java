package dev.rill.engine.testing;

/**
 * A key and a value: one input record of {@link BatchTestDriver} (into {@code key} and {@code long0}) or one output
 * record (from them). Ordered by key, then value.
 *
 * @param key   the key.
 * @param value the value.
 */
public record KV(long key, long value) implements Comparable<KV>
{
    /**
     * @param key   the key.
     * @param value the value.
     * @return the pair.
     */
    public static KV kv(final long key, final long value)
    {
        return new KV(key, value);
    }

    @Override
    public int compareTo(final KV other)
    {
        final int byKey = Long.compare(key, other.key);
        return byKey != 0 ? byKey : Long.compare(value, other.value);
    }

    @Override
    public String toString()
    {
        return "(" + key + "," + value + ")";
    }
}
