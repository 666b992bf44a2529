package dev.rill.tools;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.regex.Pattern;

/**
 * Points in time on the command line, as epoch nanoseconds: epoch milliseconds ({@code 1714564800000}) or
 * ISO-8601: an instant ({@code 2024-05-01T12:00:00Z}), with an offset ({@code 2024-05-01T14:00:00+02:00}) or a
 * zone ({@code 2024-05-01T14:00+02:00[Europe/Paris]}), or a local date-time or date in the given zone
 * ({@code 2024-05-01T12:00}, {@code 2024-05-01}).
 */
final class TimeArg
{
    private static final Pattern EPOCH_MS = Pattern.compile("-?\\d{1,18}");

    private TimeArg()
    {
    }

    /**
     * @param text a time.
     * @param zone zone of local date-times.
     * @return epoch nanoseconds.
     * @throws IllegalArgumentException naming the text if it is not a time.
     */
    static long parseEpochNs(final String text, final ZoneId zone)
    {
        final String t = text.trim();
        if (EPOCH_MS.matcher(t).matches())
        {
            return Math.multiplyExact(Long.parseLong(t), 1_000_000L);
        }
        final Instant instant = parseIso(t, zone);
        if (instant == null)
        {
            throw new IllegalArgumentException("bad time '" + text + "': use ISO-8601 (2024-05-01T12:00:00Z, " +
                "2024-05-01T14:00:00+02:00, or 2024-05-01T12:00 in local time) or epoch milliseconds " +
                "(1714564800000)");
        }
        try
        {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        }
        catch (final ArithmeticException ex)
        {
            throw new IllegalArgumentException("bad time '" + text + "': outside the years 1678..2261 that " +
                "epoch nanoseconds can hold");
        }
    }

    private static Instant parseIso(final String t, final ZoneId zone)
    {
        try
        {
            return OffsetDateTime.parse(t).toInstant();
        }
        catch (final DateTimeException ex)
        {
            // not with an offset; try the next form
        }
        try
        {
            return ZonedDateTime.parse(t).toInstant();
        }
        catch (final DateTimeException ex)
        {
            // not with a zone; try the next form
        }
        try
        {
            return LocalDateTime.parse(t).atZone(zone).toInstant();
        }
        catch (final DateTimeException ex)
        {
            // not a local date-time; try the next form
        }
        try
        {
            return LocalDate.parse(t).atStartOfDay(zone).toInstant();
        }
        catch (final DateTimeException ex)
        {
            return null;
        }
    }

    /**
     * @param epochNs epoch nanoseconds.
     * @return ISO-8601 instant in UTC, e.g. {@code 2024-05-01T12:00:00.123456789Z}.
     */
    static String format(final long epochNs)
    {
        return Instant.ofEpochSecond(Math.floorDiv(epochNs, 1_000_000_000L), Math.floorMod(epochNs, 1_000_000_000L))
            .toString();
    }
}
