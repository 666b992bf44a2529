package dev.rill.tools;

/**
 * Builds one JSON object on one line, field by field, into a reused buffer. Strings are escaped as RFC 8259
 * asks: quote, backslash and control characters; everything else is written as is (the output is UTF-8).
 * Not thread-safe.
 */
final class JsonLine
{
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder text = new StringBuilder(256);
    private boolean isFirst;

    JsonLine begin()
    {
        text.setLength(0);
        text.append('{');
        isFirst = true;
        return this;
    }

    JsonLine field(final String name, final String value)
    {
        name(name);
        string(value);
        return this;
    }

    JsonLine field(final String name, final long value)
    {
        name(name);
        text.append(value);
        return this;
    }

    /**
     * @return the object, valid until the next {@link #begin()}.
     */
    CharSequence end()
    {
        text.append('}');
        return text;
    }

    private void name(final String name)
    {
        if (!isFirst)
        {
            text.append(',');
        }
        isFirst = false;
        string(name);
        text.append(':');
    }

    private void string(final String s)
    {
        text.append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            switch (c)
            {
                case '"':
                    text.append("\\\"");
                    break;
                case '\\':
                    text.append("\\\\");
                    break;
                case '\n':
                    text.append("\\n");
                    break;
                case '\r':
                    text.append("\\r");
                    break;
                case '\t':
                    text.append("\\t");
                    break;
                case '\b':
                    text.append("\\b");
                    break;
                case '\f':
                    text.append("\\f");
                    break;
                default:
                    if (c < 0x20 || c == '\u2028' || c == '\u2029')
                    {
                        // U+2028/2029 are valid JSON but break JavaScript readers of the line
                        text.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF])
                            .append(HEX[c >> 4 & 0xF]).append(HEX[c & 0xF]);
                    }
                    else
                    {
                        text.append(c);
                    }
                    break;
            }
        }
        text.append('"');
    }
}
