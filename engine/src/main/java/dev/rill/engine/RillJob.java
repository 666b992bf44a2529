package dev.rill.engine;

/**
 * A pipeline packaged for {@code rill run CLASS [ARGS...]}: the command line loads the class (from its own
 * classpath plus {@code --classpath}), makes an instance with its public no-argument constructor, calls
 * {@link #build(JobContext)} once, then starts the pipeline it returns and owns it from there:
 * <ul>
 * <li>a bounded pipeline runs to its end, and {@code rill run} exits 0;</li>
 * <li>an exception in a user function stops it, and {@code rill run} prints the {@link PipelineException}'s one
 *     line (operator, source, partition, offset) and exits 1;</li>
 * <li>Ctrl-C (or SIGTERM) stops it draining ({@link Pipeline#stop(boolean) stop(true)}: sources end their streams,
 *     what was read flows to the sinks), then closes the pipeline and the log.</li>
 * </ul>
 * The job must not start, stop or close the pipeline, nor close {@link JobContext#log()}. Example, a job counting
 * the records of a topic per second of their timestamps ({@code dev.rill.engine.examples.TopicCount} is the
 * complete one):
 * <pre>{@code
 * public final class Count implements RillJob
 * {
 *     public Pipeline build(final JobContext context)
 *     {
 *         final Pipeline pipeline = Pipeline.create(context.configBuilder()
 *             .batchInterval(BatchTime.EVENT_TIME, 1_000).build());
 *         pipeline.topicStream(context.log(), LogSourceOptions.topic(context.args().get(0))
 *             .decoder((record, event) -> { })).count().print();
 *         return pipeline;
 *     }
 * }
 * }</pre>
 */
@FunctionalInterface
public interface RillJob
{
    /**
     * Build the pipeline, without starting it. Called once, on the thread that will run it.
     *
     * @param context the log, the job's arguments and its output stream.
     * @return the pipeline to run, not started.
     * @throws Exception if the job cannot be built; {@link IllegalArgumentException} means bad arguments (exit 2).
     */
    Pipeline build(JobContext context) throws Exception;
}
