package dev.rill.operators.window;

import org.agrona.DirectBuffer;

/** Receives one record of a {@link RecordWindow}: {@code length} bytes at {@code offset} of {@code buffer}. */
@FunctionalInterface
public interface RecordConsumer
{
    /**
     * @param buffer the window's buffer; valid only during the call.
     * @param offset first byte of the record.
     * @param length bytes of the record.
     */
    void accept(DirectBuffer buffer, int offset, int length);
}
