package dev.rill.log;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM running a main class of the test sources, with the test class path and the JVM flags the build
 * gives the tests (the {@code --add-*} flags Chronicle needs and the {@code -D} flags that quiet it). Its stdout
 * is read line by line by the test; its stderr goes to a file shown when something goes wrong.
 */
final class ChildJvm implements AutoCloseable
{
    private final Process process;
    private final BufferedReader stdout;
    private final Path stderrFile;
    private final String name;

    private ChildJvm(final Process process, final Path stderrFile, final String name)
    {
        this.process = process;
        this.stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.stderrFile = stderrFile;
        this.name = name;
    }

    static List<String> jvmFlags()
    {
        final List<String> flags = new ArrayList<>();
        for (final String arg : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (arg.startsWith("--add-") || arg.startsWith("-Dchronicle.") || arg.startsWith("-Ddisable.") ||
                arg.startsWith("-Dqueue.") || arg.startsWith("-Djdk.") || arg.startsWith("--enable-native-access") ||
                arg.startsWith("--sun-misc-unsafe-memory-access"))
            {
                flags.add(arg);
            }
        }
        return flags;
    }

    /**
     * Start {@code mainClass} with {@code args}; stderr goes to {@code <workDir>/<name>.stderr}.
     */
    static ChildJvm start(final Path workDir, final String name, final Class<?> mainClass, final String... args)
        throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags());
        // A small, quick-starting JVM: the children do little work and many are started.
        command.add("-Xmx256m");
        command.add("-XX:+UseSerialGC");
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(List.of(args));
        final Path stderrFile = workDir.resolve(name + ".stderr");
        final Process process = new ProcessBuilder(command)
            .redirectError(stderrFile.toFile())
            .redirectInput(ProcessBuilder.Redirect.PIPE)
            .start();
        return new ChildJvm(process, stderrFile, name);
    }

    Process process()
    {
        return process;
    }

    /**
     * @return the next line of stdout, or null at its end.
     */
    String readLine() throws IOException
    {
        return stdout.readLine();
    }

    /**
     * Read stdout until a line starts with {@code prefix}.
     *
     * @return that line.
     * @throws AssertionError with the child's stderr if stdout ends first.
     */
    String awaitLine(final String prefix) throws IOException
    {
        String line;
        while ((line = stdout.readLine()) != null)
        {
            if (line.startsWith(prefix))
            {
                return line;
            }
        }
        throw new AssertionError(name + " ended before printing '" + prefix + "' (exit " + exitCode() + "): " +
            stderr());
    }

    /**
     * SIGKILL on Linux, then wait for the process to be gone.
     */
    void kill() throws InterruptedException
    {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS))
        {
            throw new AssertionError(name + " did not die within 30 s of SIGKILL");
        }
    }

    /**
     * @return the exit code, waiting up to 60 s.
     */
    int waitFor() throws InterruptedException
    {
        if (!process.waitFor(60, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new AssertionError(name + " did not exit within 60 s: " + stderr());
        }
        return process.exitValue();
    }

    private String exitCode()
    {
        try
        {
            return process.waitFor(10, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "still running";
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    /**
     * @return what the child wrote to stderr.
     */
    String stderr()
    {
        try
        {
            return Files.exists(stderrFile) ? Files.readString(stderrFile) : "";
        }
        catch (final IOException ex)
        {
            return "(cannot read " + stderrFile + ": " + ex + ")";
        }
    }

    @Override
    public void close() throws IOException
    {
        if (process.isAlive())
        {
            process.destroyForcibly();
            try
            {
                process.waitFor(30, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
        stdout.close();
        process.getOutputStream().close();
    }
}
