package dev.rill.operators.state;

import org.agrona.DirectBuffer;

/**
 * Receives each entry of a {@link BytesKeyedState} during {@link BytesKeyedState#forEach(BytesSlotConsumer)}.
 *
 * <p>The key is handed over as a range of the table's own off-heap buffer, not a copy; read it during the call only.
 * Implementations may update values through the slot but must not insert, remove or clear.
 */
@FunctionalInterface
public interface BytesSlotConsumer
{
    /**
     * @param keyBuffer buffer holding the key bytes, valid for the duration of this call.
     * @param keyOffset offset of the key in {@code keyBuffer}.
     * @param keyLength bytes of key.
     * @param slot      the entry's slot, valid for the duration of this call.
     */
    void accept(DirectBuffer keyBuffer, int keyOffset, int keyLength, int slot);
}
