package dev.rill.operators.keyed;

/**
 * Receives one key of a {@code cogroup} batch: its values in the left and in the right stream, either possibly empty
 * (never both). Both {@link LongValues} are valid only during the call.
 */
@FunctionalInterface
public interface CogroupConsumer
{
    void accept(long key, LongValues left, LongValues right);
}
