package dev.rill.engine;

/**
 * The text form of a record, for {@link EventStream#print(int)} and {@link EventStream#saveAsTextFiles}. Appends
 * to a reused builder, so formatting longs and doubles allocates nothing.
 */
@FunctionalInterface
public interface EventFormatter
{
    /** A pair, as Spark prints a tuple: {@code (key,long0)}. The default. */
    EventFormatter PAIR = (event, out) -> out.append('(').append(event.key()).append(',').append(event.long0())
        .append(')');

    /** The value alone: {@code long0}; the form of {@link EventStream#count()}'s records. */
    EventFormatter LONG0 = (event, out) -> out.append(event.long0());

    /** The byte area as UTF-8 text (text lines). */
    EventFormatter TEXT = (event, out) ->
    {
        final int length = event.bytesLength();
        boolean ascii = true;
        for (int i = 0; i < length && ascii; i++)
        {
            ascii = event.bytes().getByte(i) >= 0;
        }
        if (ascii)
        {
            for (int i = 0; i < length; i++)
            {
                out.append((char)event.bytes().getByte(i));
            }
        }
        else
        {
            out.append(event.bytes().getStringWithoutLengthUtf8(0, length));
        }
    };

    /**
     * @param event the record.
     * @param out   where its text goes, without a line end.
     */
    void format(Event event, StringBuilder out);
}
