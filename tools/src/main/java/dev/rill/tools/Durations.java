package dev.rill.tools;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Durations on the command line: a positive whole number and a unit, {@code 500ms}, {@code 30s}, {@code 15m},
 * {@code 24h}, {@code 7d}. Converts to milliseconds.
 */
final class Durations implements ITypeConverter<Long>
{
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
    private static final String[] UNITS = {"d", "h", "m", "s"};
    private static final long[] UNIT_MS = {86_400_000L, 3_600_000L, 60_000L, 1_000L};

    @Override
    public Long convert(final String text)
    {
        return parseMs(text);
    }

    /**
     * @param text e.g. {@code 24h}.
     * @return milliseconds, &gt; 0.
     * @throws TypeConversionException naming the text if it is not a positive duration.
     */
    static long parseMs(final String text)
    {
        final Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches())
        {
            throw new TypeConversionException("bad duration '" + text +
                "': use a whole number and a unit ms, s, m, h or d (e.g. 30s, 15m, 24h, 7d)");
        }
        final long unitMs;
        switch (m.group(2))
        {
            case "ms":
                unitMs = 1;
                break;
            case "s":
                unitMs = 1_000L;
                break;
            case "m":
                unitMs = 60_000L;
                break;
            case "h":
                unitMs = 3_600_000L;
                break;
            case "d":
                unitMs = 86_400_000L;
                break;
            default:
                throw new IllegalStateException("unit " + m.group(2));
        }
        try
        {
            final long ms = Math.multiplyExact(Long.parseLong(m.group(1)), unitMs);
            if (ms <= 0)
            {
                throw new TypeConversionException("bad duration '" + text + "': must be more than 0");
            }
            return ms;
        }
        catch (final ArithmeticException | NumberFormatException ex)
        {
            throw new TypeConversionException("bad duration '" + text + "': too large");
        }
    }

    /**
     * @param ms milliseconds.
     * @return the largest unit that divides it exactly, e.g. {@code 24h}, {@code 90m}, {@code 1500ms}.
     */
    static String format(final long ms)
    {
        for (int i = 0; i < UNITS.length; i++)
        {
            if (ms != 0 && ms % UNIT_MS[i] == 0)
            {
                return ms / UNIT_MS[i] + UNITS[i];
            }
        }
        return ms + "ms";
    }
}
