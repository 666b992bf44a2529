package dev.rill.tools;

import dev.rill.engine.JobContext;
import dev.rill.engine.LogSourceOptions;
import dev.rill.engine.Pipeline;
import dev.rill.engine.PipelineConfig;
import dev.rill.engine.RillJob;

/**
 * A job that builds its pipeline from its own configuration, not from {@link JobContext#configBuilder()}: a replay
 * ({@code --from}) cannot reach its log source, and {@code rill run} must say so rather than run it from the start.
 */
public final class OwnConfigJob implements RillJob
{
    @Override
    public Pipeline build(final JobContext context)
    {
        final Pipeline pipeline = Pipeline.create(PipelineConfig.defaults());
        pipeline.topicStream(context.log(), LogSourceOptions.topic(context.args().get(0))).foreach(e -> { });
        return pipeline;
    }
}
