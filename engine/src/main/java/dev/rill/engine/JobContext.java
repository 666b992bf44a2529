package dev.rill.engine;

import java.io.PrintStream;
import java.util.List;
import java.util.Objects;

import dev.rill.log.RillLog;

/**
 * What a {@link RillJob} gets from {@code rill run}: the log opened on the data directory ({@code --dir}), the
 * arguments after the class name, and the stream for its output (the command's standard output). Immutable; the
 * log belongs to the caller, who closes it after the pipeline has stopped.
 */
public final class JobContext
{
    private final RillLog log;
    private final List<String> args;
    private final PrintStream out;

    /**
     * @param log  the open log.
     * @param args the job's arguments.
     * @param out  where the job prints.
     */
    public JobContext(final RillLog log, final List<String> args, final PrintStream out)
    {
        this.log = Objects.requireNonNull(log, "log");
        this.args = List.copyOf(args);
        this.out = Objects.requireNonNull(out, "out");
    }

    /**
     * @return the log in the data directory; do not close it.
     */
    public RillLog log()
    {
        return log;
    }

    /**
     * @return the arguments after the class name on the command line.
     */
    public List<String> args()
    {
        return args;
    }

    /**
     * @return the job's output stream (standard output of {@code rill run}); thread-safe, as any
     * {@link PrintStream}.
     */
    public PrintStream out()
    {
        return out;
    }

    /**
     * @return a configuration builder with the defaults and {@link PipelineConfig.Builder#printStream} set to
     * {@link #out()}, so that {@code print()} goes where the job's output goes.
     */
    public PipelineConfig.Builder configBuilder()
    {
        return PipelineConfig.builder().printStream(out);
    }
}
