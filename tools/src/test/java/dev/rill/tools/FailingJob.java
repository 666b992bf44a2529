package dev.rill.tools;

import dev.rill.engine.JobContext;
import dev.rill.engine.LogSourceOptions;
import dev.rill.engine.Pipeline;
import dev.rill.engine.RillJob;

/**
 * A job whose map throws on the record at offset 2 of the topic named by its first argument.
 */
public final class FailingJob implements RillJob
{
    @Override
    public Pipeline build(final JobContext context)
    {
        final Pipeline pipeline = Pipeline.create(context.configBuilder().build());
        pipeline.topicStream(context.log(), LogSourceOptions.topic(context.args().get(0))
                .decoder((record, event) -> { }))
            .map("explode", (in, out) ->
            {
                if (in.sourceOffset() == 2)
                {
                    throw new IllegalStateException("bad record");
                }
            })
            .foreach(e -> { });
        return pipeline;
    }
}
