package dev.rill.engine.internal.source;

import org.agrona.MutableDirectBuffer;

import dev.rill.engine.Event;

/**
 * Collects the bytes of one text line, keeping at most {@link Event#BYTES_CAPACITY} of them but counting them all,
 * so an overlong line costs no memory and is still detected. A trailing {@code '\r'} (CRLF line ends) is not part of
 * the line. One thread.
 */
final class LineAccumulator
{
    // one byte more than an event holds: enough to see whether the cut falls inside a UTF-8 character
    private final byte[] kept = new byte[Event.BYTES_CAPACITY + 1];
    private int keptLength;
    private long fullLength;
    private boolean endsWithCr;

    void append(final byte[] src, final int from, final int to)
    {
        if (to <= from)
        {
            return;
        }
        final int room = kept.length - keptLength;
        final int copy = Math.min(room, to - from);
        if (copy > 0)
        {
            System.arraycopy(src, from, kept, keptLength, copy);
            keptLength += copy;
        }
        fullLength += to - from;
        endsWithCr = src[to - 1] == '\r';
    }

    boolean isEmpty()
    {
        return fullLength == 0;
    }

    /**
     * @return bytes of the line, without a trailing {@code '\r'}.
     */
    long lineLength()
    {
        return endsWithCr ? fullLength - 1 : fullLength;
    }

    /**
     * @return bytes that fit the event: the whole line, or its first {@link Event#BYTES_CAPACITY} bytes cut back so
     * that no UTF-8 character is split.
     */
    int fittingLength()
    {
        final long line = lineLength();
        if (line <= Event.BYTES_CAPACITY)
        {
            return (int)line;
        }
        int cut = Event.BYTES_CAPACITY;
        // kept[cut] is the first byte left out: while it continues a character (10xxxxxx), that character is split
        while (cut > 0 && (kept[cut] & 0xC0) == 0x80)
        {
            cut--;
        }
        return cut;
    }

    /**
     * Copy the fitting bytes.
     *
     * @param dst   destination.
     * @param index where in {@code dst}.
     * @return bytes copied.
     */
    int copyTo(final MutableDirectBuffer dst, final int index)
    {
        final int length = fittingLength();
        dst.putBytes(index, kept, 0, length);
        return length;
    }

    void reset()
    {
        keptLength = 0;
        fullLength = 0;
        endsWithCr = false;
    }
}
