package dev.rill.operators.window;

/**
 * Spark's {@code filterFunc} of {@code reduceByKeyAndWindow} with an inverse: decides, at every slide, whether a key
 * stays in the window state. A key it rejects is neither emitted nor kept.
 */
@FunctionalInterface
public interface KeySumCountFilter
{
    /** Keeps keys that still have values in the window: the usual filter, dropping keys whose count returned to 0. */
    KeySumCountFilter NON_EMPTY = (key, sum, count) -> count != 0;

    /** @return whether to keep (and emit) the key. */
    boolean keep(long key, long sum, long count);
}
