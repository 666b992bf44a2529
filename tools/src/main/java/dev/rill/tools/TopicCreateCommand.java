package dev.rill.tools;

import java.util.concurrent.Callable;

import dev.rill.log.RillLog;
import dev.rill.log.Topic;
import dev.rill.log.TopicConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rill topic create NAME --partitions N [--retention-age 24h] [--retention-bytes 10g]}.
 */
@Command(name = "create", description = "Create a topic.")
final class TopicCreateCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Topic name: [A-Za-z0-9._-], up to 200.")
    private String name;

    @Option(names = "--partitions", paramLabel = "N", required = true, description = "Number of partitions.")
    private int partitions;

    @Option(names = "--retention-age", paramLabel = "AGE", converter = Durations.class,
        description = "Delete whole roll cycles older than this: 30s, 15m, 24h, 7d (default: keep).")
    private Long retentionAgeMs;

    @Option(names = "--retention-bytes", paramLabel = "SIZE", converter = Sizes.class,
        description = "Per partition, delete the oldest roll cycles above this size: 512m, 10g (default: no limit).")
    private Long retentionBytes;

    @Override
    public Integer call()
    {
        final TopicConfig.Builder builder = TopicConfig.builder(partitions);
        if (retentionAgeMs != null)
        {
            builder.retentionAgeMs(retentionAgeMs);
        }
        if (retentionBytes != null)
        {
            builder.retentionBytes(retentionBytes);
        }
        final TopicConfig config = builder.build();
        try (RillLog log = Commands.rill(spec).openLog())
        {
            final Topic topic = log.createTopic(name, config);
            spec.commandLine().getOut().println("created topic " + topic.name() + ": " +
                TopicDescribeCommand.describeConfig(config) + " in " + log.dir());
        }
        return 0;
    }
}
