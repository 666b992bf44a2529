package dev.rill.engine.internal.source;

import dev.rill.engine.Event;

/**
 * Layout of one line in the receiver-to-stage ring of bytes (an Agrona {@code OneToOneRingBuffer} message of type
 * {@link #LINE_MSG_TYPE_ID}): the line's full length, then at most {@link Event#BYTES_CAPACITY} of its bytes.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |            line length in bytes (long, may exceed kept)       |
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |          kept bytes (0..64: message length - 8)              ...
 *  +---------------------------------------------------------------+
 * </pre>
 */
final class LineMessageDescriptor
{
    /** Message type of a line. */
    static final int LINE_MSG_TYPE_ID = 1;
    /** Offset of the full line length. */
    static final int LINE_LENGTH_OFFSET = 0;
    /** Offset of the kept bytes. */
    static final int BYTES_OFFSET = 8;
    /** Largest message. */
    static final int MAX_LENGTH = BYTES_OFFSET + Event.BYTES_CAPACITY;

    private LineMessageDescriptor()
    {
    }
}
