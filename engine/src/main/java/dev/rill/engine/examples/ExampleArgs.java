package dev.rill.engine.examples;

import java.util.List;

/**
 * Argument checks shared by the examples: Spark's examples print a usage line and exit when the arguments are wrong;
 * here the usage line is an {@link IllegalArgumentException}, which {@code rill} turns into exit status 2.
 */
final class ExampleArgs
{
    private ExampleArgs()
    {
    }

    static void expect(final List<String> args, final int count, final String usage)
    {
        if (args.size() != count)
        {
            throw new IllegalArgumentException("Usage: " + usage);
        }
    }

    static int port(final String text, final String usage)
    {
        try
        {
            final int port = Integer.parseInt(text);
            if (port < 1 || port > 65_535)
            {
                throw new IllegalArgumentException("port out of range 1..65535: " + text + " (usage: " + usage + ")");
            }
            return port;
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("port must be a number, not '" + text + "' (usage: " + usage + ")", ex);
        }
    }
}
