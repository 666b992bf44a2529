package dev.rill.engine;

import java.nio.ByteOrder;

import dev.rill.log.RecordView;

/**
 * Turns a log record into an event, in place and allocation-free. The log source sets the event time (the
 * record timestamp) and the source metadata before calling it.
 */
@FunctionalInterface
public interface RecordDecoder
{
    /**
     * The default: an 8-byte key is read as a little-endian long (an empty key gives 0), the value is copied into
     * the byte area. Any other key length, or a value over {@link Event#BYTES_CAPACITY}, is an error naming the
     * record. The inverse of the log sink's encoding.
     */
    RecordDecoder RAW = (record, event) ->
    {
        final int keyLength = record.keyLength();
        if (keyLength == Long.BYTES)
        {
            event.key(record.buffer().getLong(record.keyOffset(), ByteOrder.LITTLE_ENDIAN));
        }
        else if (keyLength != 0)
        {
            throw new IllegalArgumentException("RAW decoding needs an 8-byte or empty key, found " + keyLength +
                " bytes");
        }
        final int valueLength = record.valueLength();
        if (valueLength > Event.BYTES_CAPACITY)
        {
            throw new IllegalArgumentException("value of " + valueLength + " bytes is over the event byte area of " +
                Event.BYTES_CAPACITY);
        }
        event.putBytes(record.buffer(), record.valueOffset(), valueLength);
    };

    /**
     * @param record the record, valid only during the call.
     * @param event  the event to fill.
     */
    void decode(RecordView record, Event event);
}
