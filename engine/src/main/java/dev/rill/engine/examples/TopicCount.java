package dev.rill.engine.examples;

import java.util.List;

import dev.rill.engine.BatchTime;
import dev.rill.engine.JobContext;
import dev.rill.engine.LogSourceOptions;
import dev.rill.engine.Pipeline;
import dev.rill.engine.RillJob;

/**
 * Example {@link RillJob}: counts a topic's records per batch of their timestamps (event time) and prints each
 * count in Spark's format. Arguments: {@code TOPIC [--batch-ms MS] [--follow]} (defaults: 1000 ms, stop at the
 * end). It reads from the earliest record, or, with {@code rill run}'s {@code --from OFFSET|@TIME} (a replay, through
 * {@link JobContext#configBuilder()}), from there. Records are not decoded: any key and value will do.
 * <pre>
 *   rill run dev.rill.engine.examples.TopicCount trades --from 1000
 *   -------------------------------------------
 *   Time: 1714564801000 ms
 *   -------------------------------------------
 *   3
 * </pre>
 */
public final class TopicCount implements RillJob
{
    @Override
    public Pipeline build(final JobContext context)
    {
        final List<String> args = context.args();
        if (args.isEmpty() || args.get(0).startsWith("--"))
        {
            throw new IllegalArgumentException("usage: TopicCount TOPIC [--batch-ms MS] [--follow] (and rill run's " +
                "--from earliest|latest|OFFSET|@TIME)");
        }
        long batchMs = 1_000;
        boolean follow = false;
        for (int i = 1; i < args.size(); i++)
        {
            final String arg = args.get(i);
            if ("--follow".equals(arg))
            {
                follow = true;
            }
            else if ("--batch-ms".equals(arg) && i + 1 < args.size())
            {
                batchMs = number("--batch-ms", args.get(++i));
            }
            else
            {
                throw new IllegalArgumentException("TopicCount: unknown or incomplete argument: " + arg);
            }
        }
        final Pipeline pipeline = Pipeline.create(context.configBuilder()
            .batchInterval(BatchTime.EVENT_TIME, batchMs).build());
        pipeline.topicStream(context.log(), LogSourceOptions.topic(args.get(0)).follow(follow)
                // counting needs no key or value: leave the event as the source made it (time and position)
                .decoder((record, event) -> { }))
            .count()
            .print();
        return pipeline;
    }

    private static long number(final String option, final String text)
    {
        try
        {
            return Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException("TopicCount: " + option + " needs a number, not '" + text + "'", ex);
        }
    }
}
