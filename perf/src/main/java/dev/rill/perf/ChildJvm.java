package dev.rill.perf;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Runs one benchmark step in a JVM of its own, as JMH forks do: the parent's JVM arguments, the flags of
 * {@link JvmFlags} and its class path, so the step's compiled code has seen no other engine's classes. The child
 * reports by printing one line that starts with a tag; everything else it prints (stdout and stderr) is kept for the
 * error if that line is missing or the child fails. One step at a time per instance; {@link #destroy()} may be called
 * from another thread (a shutdown hook).
 */
public final class ChildJvm
{
    private volatile Process running;

    /**
     * Runs {@code mainClass} with {@code args} in a child JVM and waits for it.
     *
     * @param mainClass the class whose {@code main} runs there.
     * @param tag       the first word of the child's result line.
     * @param args      its arguments.
     * @return the result line's words after the tag.
     * @throws IllegalStateException if the child exits non-zero or prints no result line; the message holds its
     *                               exit code and output.
     * @throws IOException           if the child cannot be started.
     * @throws InterruptedException  if interrupted while waiting (the child is then destroyed).
     */
    public String[] run(final String mainClass, final String tag, final List<String> args)
        throws IOException, InterruptedException
    {
        final List<String> command = JvmFlags.relaunchCommand(mainClass, args.toArray(new String[0]));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        running = process;
        final String output;
        final int exit;
        try
        {
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            exit = process.waitFor();
        }
        finally
        {
            running = null;
            process.destroyForcibly();
        }
        if (exit == 0)
        {
            for (final String line : output.split("\n"))
            {
                if (line.startsWith(tag + " "))
                {
                    final String[] words = line.trim().split(" +");
                    return Arrays.copyOfRange(words, 1, words.length);
                }
            }
        }
        throw new IllegalStateException(mainClass + " " + String.join(" ", args) + ": the child JVM exited " + exit +
            " without a " + tag + " line; its output:\n" + output);
    }

    /** Ends the step running now, if any (its JVM is killed). */
    public void destroy()
    {
        final Process process = running;
        if (process != null)
        {
            process.destroyForcibly();
        }
    }
}
