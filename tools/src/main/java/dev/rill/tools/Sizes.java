package dev.rill.tools;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Sizes on the command line: bytes with an optional binary unit, {@code 1024}, {@code 64k}, {@code 512m},
 * {@code 10g}, {@code 1t} (also {@code 512MB}, {@code 10GiB}). Converts to bytes.
 */
final class Sizes implements ITypeConverter<Long>
{
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(?:([kmgt])(?:i?b)?|b)?");
    private static final String[] UNITS = {"t", "g", "m", "k"};
    private static final int[] SHIFTS = {40, 30, 20, 10};

    @Override
    public Long convert(final String text)
    {
        return parseBytes(text);
    }

    /**
     * @param text e.g. {@code 10g}.
     * @return bytes, &gt; 0.
     * @throws TypeConversionException naming the text if it is not a positive size.
     */
    static long parseBytes(final String text)
    {
        final Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches())
        {
            throw new TypeConversionException("bad size '" + text +
                "': use a whole number of bytes with an optional unit k, m, g or t (e.g. 1024, 512m, 10g)");
        }
        final String unit = m.group(2);
        int shift = 0;
        for (int i = 0; unit != null && i < UNITS.length; i++)
        {
            if (UNITS[i].equals(unit))
            {
                shift = SHIFTS[i];
            }
        }
        try
        {
            final long number = Long.parseLong(m.group(1));
            if (number > (Long.MAX_VALUE >> shift))
            {
                throw new NumberFormatException("overflow");
            }
            final long bytes = number << shift;
            if (bytes <= 0)
            {
                throw new TypeConversionException("bad size '" + text + "': must be more than 0");
            }
            return bytes;
        }
        catch (final NumberFormatException ex)
        {
            throw new TypeConversionException("bad size '" + text + "': too large");
        }
    }

    /**
     * @param bytes a size.
     * @return the largest unit that divides it exactly, e.g. {@code 10g}, {@code 1536k}, {@code 1000}.
     */
    static String format(final long bytes)
    {
        for (int i = 0; i < UNITS.length; i++)
        {
            if (bytes != 0 && bytes % (1L << SHIFTS[i]) == 0)
            {
                return (bytes >> SHIFTS[i]) + UNITS[i];
            }
        }
        return Long.toString(bytes);
    }

    /**
     * @param bytes a size.
     * @return it for people: {@code 512 B}, {@code 80.0 KiB}, {@code 1.5 GiB}.
     */
    static String human(final long bytes)
    {
        if (bytes < 1024)
        {
            return bytes + " B";
        }
        final String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes / 1024.0;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1)
        {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
