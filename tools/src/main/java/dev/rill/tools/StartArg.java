package dev.rill.tools;

import java.time.ZoneId;
import java.util.Locale;

import dev.rill.log.StartPosition;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --from earliest|latest|OFFSET|@TIME} of {@code rill consume}, see {@link TimeArg} for the times.
 */
final class StartArg implements ITypeConverter<StartPosition>
{
    @Override
    public StartPosition convert(final String text)
    {
        return parse(text, ZoneId.systemDefault());
    }

    static StartPosition parse(final String text, final ZoneId zone)
    {
        final String t = text.trim();
        switch (t.toLowerCase(Locale.ROOT))
        {
            case "earliest":
                return StartPosition.EARLIEST;
            case "latest":
                return StartPosition.LATEST;
            default:
                break;
        }
        if (t.startsWith("@"))
        {
            try
            {
                return StartPosition.timestamp(TimeArg.parseEpochNs(t.substring(1), zone));
            }
            catch (final IllegalArgumentException | ArithmeticException ex)
            {
                throw new TypeConversionException(ex instanceof ArithmeticException ?
                    "bad time '" + t.substring(1) + "': out of range" : ex.getMessage());
            }
        }
        try
        {
            final long offset = Long.parseLong(t);
            if (offset >= 0)
            {
                return StartPosition.offset(offset);
            }
        }
        catch (final NumberFormatException ex)
        {
            // reported below with what is accepted
        }
        throw new TypeConversionException("bad start '" + text + "': use earliest, latest, an offset >= 0, or " +
            "@TIME (ISO-8601 such as @2024-05-01T12:00:00Z, or epoch milliseconds such as @1714564800000)");
    }
}
