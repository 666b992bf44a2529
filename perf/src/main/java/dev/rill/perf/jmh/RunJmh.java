package dev.rill.perf.jmh;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import dev.rill.perf.JvmFlags;

/**
 * JMH's command line, plus the JVM flags of {@link JvmFlags} appended to every fork (after any
 * {@code -jvmArgsAppend} given on the command line). Accepts every JMH argument: a benchmark regexp,
 * {@code -prof gc}, {@code -f}, {@code -wi}, {@code -i}, {@code -w}, {@code -r}, {@code -l}, {@code -h}, ...
 * <p>
 * It is the main class of {@code perf/target/rill-benchmarks.jar}:
 * {@code java -jar perf/target/rill-benchmarks.jar 'dev.rill.perf.jmh.Log.*' -prof gc}.
 */
public final class RunJmh
{
    /** How to run the benchmarks, for messages. */
    public static final String HOW_TO_RUN = "java -jar perf/target/rill-benchmarks.jar [regexp] [JMH options] " +
        "(main class dev.rill.perf.jmh.RunJmh, which appends the flags to every fork)";

    private RunJmh()
    {
    }

    /**
     * @param args JMH arguments.
     * @throws IOException if help cannot be printed.
     */
    public static void main(final String[] args) throws IOException
    {
        final CommandLineOptions cmd;
        try
        {
            cmd = new CommandLineOptions(args);
        }
        catch (final CommandLineOptionException ex)
        {
            System.err.println("Error parsing command line:");
            System.err.println(" " + ex.getMessage());
            System.exit(1);
            return;
        }
        if (cmd.shouldHelp())
        {
            cmd.showHelp();
            System.err.println();
            System.err.println("RunJmh appends to every fork the JVM flags of the root pom's rill.jvm.flags: " +
                JvmFlags.asLine());
            return;
        }
        if (cmd.shouldListProfilers())
        {
            cmd.listProfilers();
            return;
        }
        if (cmd.shouldListResultFormats())
        {
            cmd.listResultFormats();
            return;
        }
        // OptionsBuilder.jvmArgsAppend replaces the parent's list rather than adding to it: merge by hand, the
        // command line's first, so a user's -jvmArgsAppend (e.g. a JFR recording) survives.
        final List<String> append = new ArrayList<>(cmd.getJvmArgsAppend().orElse(List.of()));
        append.addAll(JvmFlags.flags());
        final Options options = new OptionsBuilder()
            .parent(cmd)
            .jvmArgsAppend(append.toArray(new String[0]))
            .build();
        final Runner runner = new Runner(options);
        if (cmd.shouldList())
        {
            runner.list();
            return;
        }
        if (cmd.shouldListWithParams())
        {
            runner.listWithParams(cmd);
            return;
        }
        System.err.println("RunJmh: appending to every fork: " + JvmFlags.asLine());
        try
        {
            runner.run();
        }
        catch (final NoBenchmarksException ex)
        {
            System.err.println("No matching benchmarks. Miss-spelled regexp? Use -l to list them.");
            System.exit(1);
        }
        catch (final RunnerException ex)
        {
            System.err.println("ERROR: " + ex.getMessage());
            ex.printStackTrace(System.err);
            System.exit(1);
        }
    }
}
