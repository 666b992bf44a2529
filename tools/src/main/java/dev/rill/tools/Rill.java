package dev.rill.tools;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import dev.rill.log.RillLog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code rill} command: parses the command line with picocli and runs one subcommand.
 * <p>
 * Standard input and the environment are passed in, so tests run commands in-process; {@link #commandLine(Rill)}
 * installs the error handlers that turn every failure into one line {@code rill: <message>} on stderr with exit
 * code 2 for bad input and 1 for a failure while running.
 */
@Command(
    name = "rill",
    scope = ScopeType.INHERIT,
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    sortOptions = false,
    usageHelpAutoWidth = true,
    description = "Rill from the command line: the log (topics, produce, consume, dump), pipelines (run), a "
        + "demo, examples and benchmarks (bench).",
    subcommands = {
        TopicCommand.class,
        ProduceCommand.class,
        ConsumeCommand.class,
        DumpCommand.class,
        RunCommand.class,
        DemoCommand.class,
        ExampleCommand.class,
        BenchCommand.class,
    })
public final class Rill implements Runnable
{
    @Mixin
    private GlobalOptions options;

    @Spec
    private CommandSpec spec;

    private final InputStream stdin;
    private final Map<String, String> env;

    /**
     * A command reading {@code System.in} and the process environment.
     */
    public Rill()
    {
        this(System.in, System.getenv());
    }

    /**
     * @param stdin standard input, read by {@code produce}.
     * @param env   environment variables ({@code RILL_DIR}).
     */
    public Rill(final InputStream stdin, final Map<String, String> env)
    {
        this.stdin = stdin;
        this.env = Map.copyOf(env);
    }

    /**
     * @param args command line.
     */
    public static void main(final String[] args)
    {
        // UTF-8 whatever the locale: values are printed as they were written.
        final PrintWriter out = new PrintWriter(new BufferedWriter(new OutputStreamWriter(
            new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16), false);
        final PrintWriter err = new PrintWriter(new OutputStreamWriter(
            new FileOutputStream(FileDescriptor.err), StandardCharsets.UTF_8), true);
        final CommandLine commandLine = commandLine(new Rill());
        commandLine.setOut(out);
        commandLine.setErr(err);
        final int exitCode = commandLine.execute(args);
        out.flush();
        err.flush();
        System.exit(exitCode);
    }

    /**
     * @param rill the root command.
     * @return a command line for it with rill's error handling installed.
     */
    public static CommandLine commandLine(final Rill rill)
    {
        final CommandLine commandLine = new CommandLine(rill);
        final ErrorHandler errors = new ErrorHandler(rill);
        commandLine.setParameterExceptionHandler(errors);
        commandLine.setExecutionExceptionHandler(errors);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        // rill run CLASS ARGS...: everything after CLASS is the job's, options included
        commandLine.getSubcommands().get("run").setStopAtPositional(true);
        return commandLine;
    }

    @Override
    public void run()
    {
        throw new ParameterException(spec.commandLine(),
            "missing command: topic, produce, consume, dump, run or demo ('rill --help' explains them)");
    }

    /**
     * @return standard input.
     */
    InputStream stdin()
    {
        return stdin;
    }

    /**
     * @return true if errors should carry their stack trace.
     */
    boolean isVerbose()
    {
        return options != null && options.isVerbose();
    }

    /**
     * @return the data directory: {@code --dir}, else {@code $RILL_DIR}, else {@code ./rill-data}.
     */
    Path dataDir()
    {
        return options.dataDir(env);
    }

    /**
     * @return {@code --dir} if it was given on the command line, else null.
     */
    Path explicitDataDir()
    {
        return options.explicitDir();
    }

    /**
     * @param name an environment variable.
     * @return its value, or null.
     */
    String env(final String name)
    {
        return env.get(name);
    }

    /**
     * @return the log in the data directory, created if needed; the caller closes it.
     */
    RillLog openLog()
    {
        return RillLog.open(dataDir());
    }
}
