package dev.rill.tools;

import picocli.CommandLine.Model.CommandSpec;

/**
 * What the commands share: the root command that holds the options and standard input.
 */
final class Commands
{
    private Commands()
    {
    }

    /**
     * @param spec a command's spec.
     * @return the root {@code rill} command it runs under.
     */
    static Rill rill(final CommandSpec spec)
    {
        return (Rill)spec.root().userObject();
    }
}
