package dev.rill.engine;

/**
 * How keys are spread over shards: a 64-bit mix of the key (the SplitMix64 / Stafford variant 13 finaliser, so
 * that keys 0, 1, 2... spread evenly), taken modulo the shard count. Pure functions, allocation-free.
 */
public final class KeyHash
{
    private KeyHash()
    {
    }

    /**
     * @param key a key.
     * @return its 64-bit mix.
     */
    public static long mix(final long key)
    {
        long z = key;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * @param key    a key.
     * @param shards number of shards, at least 1.
     * @return the shard owning the key, 0 to shards - 1.
     */
    public static int shardFor(final long key, final int shards)
    {
        return (int)Long.remainderUnsigned(mix(key), shards);
    }
}
