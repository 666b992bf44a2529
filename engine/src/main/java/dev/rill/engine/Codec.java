package dev.rill.engine;

import java.nio.charset.StandardCharsets;

/**
 * Maps a user object to an event's fields and byte area and back, for {@link TypedStream}. Encoding writes only
 * the fields the codec owns (the event time, source and other fields stay as they were). Decoding makes an object
 * per record: typed streams are a convenience, not the hot path.
 *
 * @param <T> the object type.
 */
public interface Codec<T>
{
    /**
     * @param value the object.
     * @param out   the event to write it into.
     */
    void encode(T value, Event out);

    /**
     * @param in the event.
     * @return the object it holds.
     */
    T decode(Event in);

    /**
     * @return a codec of strings as UTF-8 in the byte area (at most {@link Event#BYTES_CAPACITY} bytes; a longer one
     * fails the operator that encodes it).
     */
    static Codec<String> utf8()
    {
        return new Codec<>()
        {
            @Override
            public void encode(final String value, final Event out)
            {
                final byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
                if (bytes.length > Event.BYTES_CAPACITY)
                {
                    throw new IllegalArgumentException("string of " + bytes.length + " UTF-8 bytes does not fit " +
                        "the byte area of " + Event.BYTES_CAPACITY + ": " + value);
                }
                out.bytes().putBytes(0, bytes);
                out.bytesLength(bytes.length);
            }

            @Override
            public String decode(final Event in)
            {
                return in.bytes().getStringWithoutLengthUtf8(0, in.bytesLength());
            }
        };
    }

    /**
     * @return a codec of longs in {@code long0}.
     */
    static Codec<Long> long0()
    {
        return new Codec<>()
        {
            @Override
            public void encode(final Long value, final Event out)
            {
                out.long0(value);
            }

            @Override
            public Long decode(final Event in)
            {
                return in.long0();
            }
        };
    }
}
