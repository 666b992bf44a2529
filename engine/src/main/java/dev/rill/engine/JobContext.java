package dev.rill.engine;

import java.io.PrintStream;
import java.util.List;
import java.util.Objects;

import dev.rill.log.RillLog;
import dev.rill.log.StartPosition;

/**
 * What a {@link RillJob} gets from {@code rill run}: the log opened on the data directory ({@code --dir}), the
 * arguments after the class name, the stream for its output (the command's standard output) and, for
 * {@code rill run CLASS --from OFFSET|@TIME}, where a replay starts. Immutable; the log belongs to the caller, who
 * closes it after the pipeline has stopped.
 */
public final class JobContext
{
    private final RillLog log;
    private final List<String> args;
    private final PrintStream out;
    private final StartPosition replayFrom;

    /**
     * A context for a normal run (no replay).
     *
     * @param log  the open log.
     * @param args the job's arguments.
     * @param out  where the job prints.
     */
    public JobContext(final RillLog log, final List<String> args, final PrintStream out)
    {
        this(log, args, out, null);
    }

    /**
     * @param log        the open log.
     * @param args       the job's arguments.
     * @param out        where the job prints.
     * @param replayFrom where every log-topic source starts in a replay ({@code --from}), or null for a normal run.
     */
    public JobContext(final RillLog log, final List<String> args, final PrintStream out, final StartPosition replayFrom)
    {
        this.log = Objects.requireNonNull(log, "log");
        this.args = List.copyOf(args);
        this.out = Objects.requireNonNull(out, "out");
        this.replayFrom = replayFrom;
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
     * @return where a replay starts ({@code rill run --from}), or null for a normal run.
     */
    public StartPosition replayFrom()
    {
        return replayFrom;
    }

    /**
     * @return a configuration builder with the defaults, {@link PipelineConfig.Builder#printStream} set to
     * {@link #out()}, so that {@code print()} goes where the job's output goes, and
     * {@link PipelineConfig.Builder#replayFrom} set to {@link #replayFrom()}: a job that builds its pipeline from
     * this builder replays with {@code --from} without doing anything else.
     */
    public PipelineConfig.Builder configBuilder()
    {
        return PipelineConfig.builder().printStream(out).replayFrom(replayFrom);
    }
}
