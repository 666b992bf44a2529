package dev.rill.perf;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The JVM flags Chronicle Queue and Agrona need on JDK 17, read from the classpath resource {@value #RESOURCE}.
 * <p>
 * The list lives in one place, the root pom's {@code rill.jvm.flags} property; Maven resource filtering copies it
 * into {@value #RESOURCE} when the perf module is built, so benchmark code never repeats it. The JMH runner
 * appends these flags to every fork; the W3 harness relaunches itself with them when its JVM lacks them.
 * Immutable and thread-safe.
 */
public final class JvmFlags
{
    /** Set on a child JVM started by {@link #relaunchIfMissing}, so that it does not relaunch again. */
    public static final String RELAUNCHED_PROPERTY = "rill.perf.relaunched";
    /** Classpath resource holding the flags, separated by white space. */
    public static final String RESOURCE = "rill-jvm.flags";

    private static final String UNFILTERED_MARKER = "${";

    private JvmFlags()
    {
    }

    /**
     * @return the flags, in order.
     * @throws IllegalStateException if the resource is missing or was not filtered by the build.
     */
    public static List<String> flags()
    {
        final String text;
        try (InputStream in = JvmFlags.class.getClassLoader().getResourceAsStream(RESOURCE))
        {
            if (in == null)
            {
                throw new IllegalStateException("classpath resource " + RESOURCE + " is missing: build the perf " +
                    "module with Maven (mvn -B -q package -pl perf)");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot read classpath resource " + RESOURCE + ": " + ex, ex);
        }
        if (text.isEmpty() || text.contains(UNFILTERED_MARKER))
        {
            throw new IllegalStateException("classpath resource " + RESOURCE + " was not filled from the root " +
                "pom's rill.jvm.flags (content: '" + text + "'): build the perf module with Maven");
        }
        return List.of(text.split("\\s+"));
    }

    /**
     * @return the flags joined by single spaces.
     */
    public static String asLine()
    {
        return String.join(" ", flags());
    }

    /**
     * @return the flags this JVM was started without.
     */
    public static List<String> missingFromThisJvm()
    {
        final List<String> have = ManagementFactory.getRuntimeMXBean().getInputArguments();
        final List<String> missing = new ArrayList<>();
        for (final String flag : flags())
        {
            if (!have.contains(flag))
            {
                missing.add(flag);
            }
        }
        return missing;
    }

    /**
     * Fail with a message that says how to run, if this JVM lacks any of the flags: called from benchmark set-up
     * so a fork started without them stops with advice rather than an access error from deep inside Chronicle.
     *
     * @param howToRun the command to suggest.
     * @throws IllegalStateException naming the missing flags.
     */
    public static void requirePresent(final String howToRun)
    {
        final List<String> missing = missingFromThisJvm();
        if (!missing.isEmpty())
        {
            throw new IllegalStateException("this JVM lacks the flags Chronicle Queue needs on JDK 17: " + missing +
                "; run with: " + howToRun);
        }
    }

    /**
     * A command line that runs {@code mainClass} in a new JVM like this one (same java, classpath and input
     * arguments) with the flags added.
     *
     * @param mainClass class to run.
     * @param args      its arguments.
     * @return the command.
     */
    public static List<String> relaunchCommand(final String mainClass, final String... args)
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.addAll(missingFromThisJvm());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(Arrays.asList(args));
        return command;
    }

    /**
     * When this JVM lacks some of the flags and is not already a relaunched child, run {@code mainClass} again in a
     * child JVM with them and exit with the child's exit code; otherwise return, to run here.
     *
     * @param mainClass the class whose {@code main} is running.
     * @param args      its arguments.
     */
    public static void relaunchIfMissing(final Class<?> mainClass, final String... args)
    {
        final List<String> missing = missingFromThisJvm();
        if (missing.isEmpty() || Boolean.getBoolean(RELAUNCHED_PROPERTY))
        {
            return;
        }
        final String name = mainClass.getSimpleName();
        final List<String> command = relaunchCommand(mainClass.getName(), args);
        command.add(1, "-D" + RELAUNCHED_PROPERTY + "=true");
        System.err.println(name + ": relaunching with the JVM flags from " + RESOURCE + ": " + String.join(" ", missing));
        int exit;
        try
        {
            exit = new ProcessBuilder(command).inheritIO().start().waitFor();
        }
        catch (final IOException ex)
        {
            System.err.println(name + ": cannot start " + command.get(0) + ": " + ex.getMessage());
            exit = 1;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            exit = 1;
        }
        System.exit(exit);
    }
}
