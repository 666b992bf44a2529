package dev.rill.tools;

import java.nio.file.Path;
import java.util.Map;

import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Options every command takes: the data directory and {@code --verbose}. Inherited by every subcommand, so
 * {@code rill --dir d topic list} and {@code rill topic list --dir d} mean the same.
 */
final class GlobalOptions
{
    /** Environment variable naming the data directory when {@code --dir} is not given. */
    static final String DIR_ENV = "RILL_DIR";
    /** Data directory when neither {@code --dir} nor {@value #DIR_ENV} is given. */
    static final String DEFAULT_DIR = "rill-data";

    @Option(names = "--dir", paramLabel = "DIR", scope = ScopeType.INHERIT,
        description = "Data directory (default: $" + DIR_ENV + ", else ./" + DEFAULT_DIR + ").")
    private Path dir;

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
        description = "Print the stack trace of an error.")
    private boolean verbose;

    /**
     * @param env environment variables.
     * @return {@code --dir}, else {@code $RILL_DIR}, else {@code ./rill-data}.
     */
    Path dataDir(final Map<String, String> env)
    {
        if (dir != null)
        {
            return dir;
        }
        final String fromEnv = env.get(DIR_ENV);
        if (fromEnv != null && !fromEnv.isBlank())
        {
            return Path.of(fromEnv);
        }
        return Path.of(DEFAULT_DIR);
    }

    /**
     * @return {@code --dir} if it was given, else null.
     */
    Path explicitDir()
    {
        return dir;
    }

    boolean isVerbose()
    {
        return verbose;
    }
}
