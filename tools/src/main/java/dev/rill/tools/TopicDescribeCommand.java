package dev.rill.tools;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import dev.rill.log.Consumer;
import dev.rill.log.ConsumerOptions;
import dev.rill.log.LogException;
import dev.rill.log.RillLog;
import dev.rill.log.StartPosition;
import dev.rill.log.Topic;
import dev.rill.log.TopicConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rill topic describe NAME}: the config, then per partition earliest and next offset, records, bytes on disk
 * and the time range of the records kept.
 */
@Command(name = "describe", description = {
    "Show a topic's config and, per partition, the earliest and next offset, the number of records, the bytes on "
        + "disk and the timestamps of the first and last record (ISO-8601, UTC)."})
final class TopicDescribeCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Topic name.")
    private String name;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        try (RillLog log = Commands.rill(spec).openLog())
        {
            final Topic topic = log.topic(name);
            out.println("topic " + topic.name() + " (" + topic.dir() + ")");
            out.println("  " + describeConfig(topic.config()));
            final Table table = new Table("partition", "earliest", "next", "records", "on-disk", "time range");
            for (int p = 0; p < topic.partitionCount(); p++)
            {
                final long earliest = topic.earliestOffset(p);
                final long next = topic.nextOffset(p);
                table.row(Integer.toString(p), Long.toString(earliest), Long.toString(next),
                    Long.toString(next - earliest), Sizes.human(topic.sizeOnDiskBytes(p)),
                    timeRange(topic, p, earliest, next));
            }
            table.print(out, "  ");
        }
        return 0;
    }

    private static String timeRange(final Topic topic, final int partition, final long earliest, final long next)
    {
        if (next <= earliest)
        {
            return "-";
        }
        try (Consumer consumer = topic.consumer(
            ConsumerOptions.from(StartPosition.offset(earliest)).withPartitions(partition)))
        {
            final String first = timestampAt(consumer, partition, earliest);
            final String last = next - 1 == earliest ? first : timestampAt(consumer, partition, next - 1);
            return first + ".." + last;
        }
    }

    private static String timestampAt(final Consumer consumer, final int partition, final long offset)
    {
        final long[] timestampNs = new long[1];
        try
        {
            consumer.seek(partition, offset);
            if (consumer.poll(record -> timestampNs[0] = record.timestampNs(), 1) == 0)
            {
                return "?";
            }
            return TimeArg.format(timestampNs[0]);
        }
        catch (final LogException ex)
        {
            // a damaged record should not hide the rest of the description; rill dump shows the details
            return "(offset " + offset + " unreadable)";
        }
    }

    /**
     * @param config a topic's config.
     * @return it on one line, e.g. {@code 3 partitions, retention age 24h, retention bytes 10g, ...}.
     */
    static String describeConfig(final TopicConfig config)
    {
        return config.partitions() + (config.partitions() == 1 ? " partition" : " partitions") +
            ", retention age " + (config.retentionAgeMs() == TopicConfig.UNLIMITED ? "unlimited" :
            Durations.format(config.retentionAgeMs())) +
            ", retention bytes " + (config.retentionBytes() == TopicConfig.UNLIMITED ? "unlimited" :
            Sizes.format(config.retentionBytes())) +
            ", max record " + Sizes.format(config.maxRecordBytes()) +
            ", roll cycle " + config.rollCycle() +
            ", block size " + Sizes.format(config.blockSizeBytes());
    }
}
