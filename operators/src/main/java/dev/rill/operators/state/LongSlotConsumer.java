package dev.rill.operators.state;

/**
 * Receives each entry of a {@link LongKeyedState} during {@link LongKeyedState#forEach(LongSlotConsumer)}.
 *
 * <p>Implementations read and update values through the slot ({@link LongKeyedState#getLong},
 * {@link LongKeyedState#putLong}, {@link LongKeyedState#addLong}) but must not insert, remove or clear. Keep one
 * instance in a field (a bound method reference made once) so that iterating allocates nothing.
 */
@FunctionalInterface
public interface LongSlotConsumer
{
    /**
     * @param key  the entry's key.
     * @param slot the entry's slot, valid for the duration of this call.
     */
    void accept(long key, int slot);
}
