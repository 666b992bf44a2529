package dev.rill.tools;

import java.io.File;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.rill.engine.JobContext;
import dev.rill.engine.Pipeline;
import dev.rill.engine.RillJob;
import dev.rill.log.RillLog;
import dev.rill.log.StartPosition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code rill run [--classpath PATH] [--metrics-interval DURATION] [--from POSITION] CLASS [ARGS...]}: loads a
 * {@link RillJob}, builds its pipeline on the log of the data directory, runs it and prints its metrics table on
 * stderr (every interval if asked, and at the end). A bounded pipeline ends with exit 0; a failure prints the
 * {@code PipelineException}'s line and exits 1; Ctrl-C stops it draining (sources end, what was read reaches the
 * sinks), then closes the pipeline and the log. Everything after CLASS goes to the job, options included, except
 * {@code --from}: a replay ({@link dev.rill.engine.PipelineConfig.Builder#replayFrom}), passed to the job through
 * {@link JobContext#replayFrom()} and {@link JobContext#configBuilder()}.
 */
@Command(name = "run", description = {
    "Run a pipeline: CLASS implements dev.rill.engine.RillJob (public, with a public no-argument constructor) and "
        + "is found on rill's classpath or in --classpath. Everything after CLASS is the job's arguments.",
    "The metrics table goes to stderr at the end (and every --metrics-interval). Ctrl-C stops the pipeline "
        + "cleanly: sources end their streams, what was read reaches the sinks, then the log is closed.",
    "--from (before or after CLASS) replays: every log-topic source of the job starts there, in every partition, "
        + "and the job's checkpoints are not read, written or deleted.",
    "Exit 0 when a bounded pipeline ends (after Ctrl-C: the signal's status, 130), 1 if it failed (the line names the operator and the "
        + "source record), 2 if CLASS cannot be used.",
    "Example: rill run dev.rill.engine.examples.TopicCount trades --from 1000"})
final class RunCommand implements Callable<Integer>
{
    /** Longest the shutdown hook keeps the JVM up for the drain. */
    private static final long STOP_GRACE_MS = 30_000;
    private static final long POLL_MS = 100;

    @Spec
    private CommandSpec spec;

    @Option(names = "--classpath", paramLabel = "PATH",
        description = "Extra jars and class directories, separated by '${sys:path.separator}'.")
    private String classpath;

    @Option(names = "--metrics-interval", paramLabel = "DURATION", converter = Durations.class,
        description = "Print the metrics table to stderr this often (e.g. 5s; default: only at the end).")
    private Long metricsIntervalMs;

    @Option(names = "--from", paramLabel = "POSITION", converter = StartArg.class,
        description = "Replay: every log-topic source starts at earliest, latest, OFFSET (in every partition) or "
            + "@TIME (the first record with timestamp >= TIME: ISO-8601 or epoch ms); checkpoints untouched. "
            + "May also follow CLASS.")
    private StartPosition from;

    @Parameters(index = "0", paramLabel = "CLASS", description = "The job class, e.g. "
        + "dev.rill.engine.examples.TopicCount.")
    private String className;

    @Parameters(index = "1..*", paramLabel = "ARGS", description = "The job's arguments.")
    private List<String> jobArgs = new ArrayList<>();

    private volatile boolean isStopRequested;

    @Override
    public Integer call() throws Exception
    {
        final Rill rill = Commands.rill(spec);
        final PrintWriter err = spec.commandLine().getErr();
        final PrintStream out = WriterOutputStream.printStream(spec.commandLine().getOut());
        final List<String> args = takeFrom(jobArgs);
        final ClassLoader parent = RunCommand.class.getClassLoader();
        try (URLClassLoader loader = new URLClassLoader("rill-run", urls(), parent))
        {
            final RillJob job = instantiate(loader);
            final Thread thread = Thread.currentThread();
            final ClassLoader previous = thread.getContextClassLoader();
            thread.setContextClassLoader(loader);
            try (RillLog log = rill.openLog())
            {
                final Pipeline pipeline = job.build(new JobContext(log, args, out, from));
                if (pipeline == null)
                {
                    throw new IllegalStateException(className + ".build returned no pipeline");
                }
                try (pipeline)
                {
                    if (from != null)
                    {
                        checkReplay(pipeline);
                    }
                    runToEnd(pipeline, err);
                }
                finally
                {
                    out.flush();
                }
            }
            finally
            {
                thread.setContextClassLoader(previous);
            }
        }
        return 0;
    }

    private void checkReplay(final Pipeline pipeline)
    {
        if (pipeline.config().replayFrom() == null)
        {
            throw new ParameterException(spec.commandLine(), className + " built its pipeline without " +
                "JobContext.configBuilder(), so --from cannot reach its log sources (build the PipelineConfig from " +
                "context.configBuilder(), or set replayFrom(context.replayFrom()))");
        }
    }

    /**
     * {@code --from} after CLASS is rill's (the replay), not the job's: the issue's {@code rill run CLASS --from X}.
     *
     * @param all the arguments after CLASS.
     * @return them without {@code --from X} / {@code --from=X}, whose value goes to {@link #from}.
     */
    private List<String> takeFrom(final List<String> all)
    {
        final List<String> rest = new ArrayList<>(all.size());
        for (int i = 0; i < all.size(); i++)
        {
            final String arg = all.get(i);
            final String value;
            if ("--from".equals(arg))
            {
                if (i + 1 == all.size())
                {
                    throw new ParameterException(spec.commandLine(), "Missing required parameter for option " +
                        "'--from' (POSITION)");
                }
                value = all.get(++i);
            }
            else if (arg.startsWith("--from="))
            {
                value = arg.substring("--from=".length());
            }
            else
            {
                rest.add(arg);
                continue;
            }
            if (from != null)
            {
                throw new ParameterException(spec.commandLine(), "--from given twice: " + from + " and '" + value +
                    "'");
            }
            try
            {
                from = new StartArg().convert(value);
            }
            catch (final TypeConversionException ex)
            {
                throw new ParameterException(spec.commandLine(), "Invalid value for option '--from': " +
                    ex.getMessage());
            }
        }
        return rest;
    }

    private void runToEnd(final Pipeline pipeline, final PrintWriter err) throws InterruptedException
    {
        final CountDownLatch done = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            isStopRequested = true;
            try
            {
                done.await(STOP_GRACE_MS, TimeUnit.MILLISECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "rill-run-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        final long startNs = System.nanoTime();
        try
        {
            pipeline.start();
            if (from != null)
            {
                err.println("rill run: replaying " + className + " from " + from + " in every partition of its " +
                    "log sources; its checkpoints are not read, written or deleted");
                err.flush();
            }
            final long intervalNs = metricsIntervalMs == null ? 0 : metricsIntervalMs * 1_000_000L;
            long nextMetricsNs = startNs + intervalNs;
            String how = "ended";
            while (true)
            {
                if (isStopRequested)
                {
                    // lifecycle calls stay on this thread: the hook only asks, and waits for done
                    pipeline.stop(true);
                    how = "stopped (drained)";
                    break;
                }
                long waitMs = POLL_MS;
                if (intervalNs > 0)
                {
                    waitMs = Math.max(1, Math.min(POLL_MS, (nextMetricsNs - System.nanoTime()) / 1_000_000L));
                }
                if (pipeline.awaitTermination(waitMs))
                {
                    break;
                }
                if (intervalNs > 0 && System.nanoTime() - nextMetricsNs >= 0)
                {
                    printMetrics(err, pipeline, "after " + seconds(startNs));
                    nextMetricsNs += intervalNs;
                }
            }
            printMetrics(err, pipeline, how + " after " + seconds(startNs));
        }
        finally
        {
            done.countDown();
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException ex)
            {
                // the JVM is shutting down (Ctrl-C): the hook is running and lets go once done is counted down
            }
        }
    }

    private void printMetrics(final PrintWriter err, final Pipeline pipeline, final String when)
    {
        err.print("rill run: " + className + " " + when + System.lineSeparator() + pipeline.metrics().toTable());
        err.flush();
    }

    private static String seconds(final long startNs)
    {
        return String.format(Locale.ROOT, "%.2f s", (System.nanoTime() - startNs) / 1e9);
    }

    private URL[] urls() throws MalformedURLException
    {
        if (classpath == null || classpath.isBlank())
        {
            return new URL[0];
        }
        final List<URL> urls = new ArrayList<>();
        for (final String entry : classpath.split(File.pathSeparator))
        {
            if (entry.isBlank())
            {
                continue;
            }
            final Path path = Path.of(entry);
            if (!Files.exists(path))
            {
                throw new ParameterException(spec.commandLine(), "no such file or directory in --classpath: " + entry);
            }
            urls.add(path.toUri().toURL());
        }
        return urls.toArray(new URL[0]);
    }

    private RillJob instantiate(final ClassLoader loader)
    {
        final Class<?> type;
        try
        {
            type = Class.forName(className, true, loader);
        }
        catch (final ClassNotFoundException ex)
        {
            throw new ParameterException(spec.commandLine(), "no such class: " + className + " (not on rill's " +
                "classpath" + (classpath == null ? "; add its jar or directory with --classpath" :
                " nor in --classpath " + classpath) + ")");
        }
        catch (final LinkageError ex)
        {
            throw new ParameterException(spec.commandLine(), "cannot load class " + className + ": " +
                ErrorHandler.message(ex));
        }
        if (!RillJob.class.isAssignableFrom(type))
        {
            throw new ParameterException(spec.commandLine(), "class " + className + " does not implement " +
                RillJob.class.getName());
        }
        final Constructor<?> constructor;
        try
        {
            constructor = type.getConstructor();
        }
        catch (final NoSuchMethodException ex)
        {
            throw new ParameterException(spec.commandLine(), "class " + className +
                " has no public no-argument constructor");
        }
        try
        {
            return (RillJob)constructor.newInstance();
        }
        catch (final InvocationTargetException ex)
        {
            final Throwable cause = ex.getCause();
            throw new IllegalStateException("constructor of " + className + " failed: " +
                ErrorHandler.message(cause), cause);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ParameterException(spec.commandLine(), "cannot instantiate " + className + ": " +
                ErrorHandler.message(ex));
        }
    }
}
