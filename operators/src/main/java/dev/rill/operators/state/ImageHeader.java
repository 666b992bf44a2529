package dev.rill.operators.state;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The header of a {@link Checkpointable} operator's image, so that an image read by another kind of operator, or
 * written in another layout version, is refused with a message naming both rather than misread:
 * <pre>
 *   int version | int kind length | kind (ASCII, e.g. "reduceByKey")
 * </pre>
 * Stateless; writing allocates nothing, a refusal builds its message.
 */
public final class ImageHeader
{
    private ImageHeader()
    {
    }

    /**
     * @param buffer  where to write.
     * @param offset  where to start.
     * @param kind    the operator kind (ASCII).
     * @param version the layout version of the image that follows.
     * @return the offset after the header.
     */
    public static int write(final MutableDirectBuffer buffer, final int offset, final String kind, final int version)
    {
        buffer.putInt(offset, version);
        return offset + Integer.BYTES + buffer.putStringAscii(offset + Integer.BYTES, kind);
    }

    /**
     * @param buffer  where to read.
     * @param offset  where the header starts.
     * @param kind    the kind expected.
     * @param version the version expected.
     * @return the offset after the header.
     * @throws IllegalArgumentException naming the image's kind and version and the expected ones if they differ.
     */
    public static int check(final DirectBuffer buffer, final int offset, final String kind, final int version)
    {
        final int imageVersion = buffer.getInt(offset);
        final int kindLength = buffer.getInt(offset + Integer.BYTES);
        final String imageKind = kindLength >= 0 && kindLength <= 64 &&
            offset + 2 * Integer.BYTES + kindLength <= buffer.capacity() ?
            buffer.getStringAscii(offset + Integer.BYTES) : "(unreadable kind, length " + kindLength + ")";
        if (imageVersion != version || !imageKind.equals(kind))
        {
            throw new IllegalArgumentException("state image of " + imageKind + " version " + imageVersion +
                " cannot be read by " + kind + " version " + version);
        }
        return offset + 2 * Integer.BYTES + kindLength;
    }
}
