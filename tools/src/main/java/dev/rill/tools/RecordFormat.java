package dev.rill.tools;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.rill.log.RecordView;

/**
 * How {@code rill consume} prints a record, one line each.
 * <ul>
 * <li>{@code text}: {@code partition<TAB>offset<TAB>timestamp<TAB>key<TAB>value}, the timestamp ISO-8601 in UTC;
 * key and value decoded as UTF-8 (invalid bytes become U+FFFD) with backslash, tab, CR and LF escaped as
 * {@code \\ \t \r \n} so that a record stays one line.</li>
 * <li>{@code json}: {@code {"topic":..,"partition":..,"offset":..,"timestamp":<epoch ns>,"key":..,"value":..}},
 * with {@code keyBase64}/{@code valueBase64} instead of {@code key}/{@code value} when the bytes are not valid
 * UTF-8.</li>
 * </ul>
 * Not thread-safe.
 */
enum RecordFormat
{
    /** Tab-separated text. */
    TEXT,
    /** One JSON object per line. */
    JSON;

    /**
     * A formatter of this format; one per consumer thread.
     *
     * @return a new formatter.
     */
    Formatter formatter()
    {
        return new Formatter(this);
    }

    /**
     * Formats records of one format, reusing its buffers.
     */
    static final class Formatter
    {
        private final RecordFormat format;
        private final CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
        private final JsonLine json = new JsonLine();
        private final StringBuilder text = new StringBuilder(256);

        private Formatter(final RecordFormat format)
        {
            this.format = format;
        }

        /**
         * @param record a record.
         * @return its line, without the line end; valid until the next call.
         */
        CharSequence format(final RecordView record)
        {
            final byte[] key = record.keyBytes();
            final byte[] value = record.valueBytes();
            if (format == JSON)
            {
                json.begin()
                    .field("topic", record.topic())
                    .field("partition", record.partition())
                    .field("offset", record.offset())
                    .field("timestamp", record.timestampNs());
                utf8OrBase64("key", key);
                utf8OrBase64("value", value);
                return json.end();
            }
            text.setLength(0);
            text.append(record.partition()).append('\t')
                .append(record.offset()).append('\t')
                .append(TimeArg.format(record.timestampNs())).append('\t');
            escaped(new String(key, StandardCharsets.UTF_8));
            text.append('\t');
            escaped(new String(value, StandardCharsets.UTF_8));
            return text;
        }

        private void utf8OrBase64(final String name, final byte[] bytes)
        {
            final String s = strictUtf8(bytes);
            if (s == null)
            {
                json.field(name + "Base64", Base64.getEncoder().encodeToString(bytes));
            }
            else
            {
                json.field(name, s);
            }
        }

        private String strictUtf8(final byte[] bytes)
        {
            try
            {
                final CharBuffer chars = strict.decode(ByteBuffer.wrap(bytes));
                return chars.toString();
            }
            catch (final CharacterCodingException ex)
            {
                return null;
            }
        }

        private void escaped(final String s)
        {
            for (int i = 0; i < s.length(); i++)
            {
                final char c = s.charAt(i);
                switch (c)
                {
                    case '\\':
                        text.append("\\\\");
                        break;
                    case '\t':
                        text.append("\\t");
                        break;
                    case '\n':
                        text.append("\\n");
                        break;
                    case '\r':
                        text.append("\\r");
                        break;
                    default:
                        text.append(c);
                        break;
                }
            }
        }
    }
}
