package dev.rill.tools;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.rill.log.Consumer;
import dev.rill.log.ConsumerOptions;
import dev.rill.log.RecordHandler;
import dev.rill.log.RillLog;
import dev.rill.log.StartPosition;
import dev.rill.log.Topic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rill consume NAME [--partition P] [--from earliest|latest|OFFSET|@TIME] [--max N] [--group G] [--follow]
 * [--format text|json]}: prints records, one line each (see {@link RecordFormat}).
 * <p>
 * Without {@code --follow} it stops when every partition read is at its end and exits 0. With {@code --follow} it
 * polls on, sleeping 1 ms doubling to 100 ms while there is nothing new, until {@code --max} records or Ctrl-C;
 * a shutdown hook lets it commit and flush before the JVM exits. With {@code --group} it starts from the group's
 * committed offsets (else from {@code --from}) and commits what it printed: at the end, on Ctrl-C, and once a
 * second while following.
 */
@Command(name = "consume", description = {
    "Print records of a topic, one per line.",
    "text: partition<TAB>offset<TAB>timestamp (ISO-8601, UTC)<TAB>key<TAB>value, with \\, TAB, CR and LF escaped.",
    "json: {\"topic\":..,\"partition\":..,\"offset\":..,\"timestamp\":<epoch ns>,\"key\":..,\"value\":..}, with "
        + "keyBase64/valueBase64 for bytes that are not UTF-8.",
    "Stops at the current end of every partition unless --follow."})
final class ConsumeCommand implements Callable<Integer>
{
    private static final int BATCH = 512;
    private static final long MAX_BACKOFF_MS = 100;
    private static final long COMMIT_INTERVAL_NS = 1_000_000_000L;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Topic name.")
    private String name;

    @Option(names = "--partition", paramLabel = "P", description = "Read only this partition (default: all).")
    private Integer partition;

    @Option(names = "--from", paramLabel = "START", converter = StartArg.class, defaultValue = "earliest",
        description = "earliest (default), latest, an offset (in each partition read), or @TIME: ISO-8601 "
            + "(@2024-05-01T12:00:00Z, @2024-05-01T14:00+02:00, @2024-05-01T12:00 in local time) or epoch "
            + "milliseconds (@1714564800000): the first record with a timestamp at or after it.")
    private StartPosition from;

    @Option(names = "--max", paramLabel = "N", description = "Stop after N records.")
    private Long max;

    @Option(names = "--group", paramLabel = "G",
        description = "Consumer group: start from its committed offsets (else --from) and commit what was printed.")
    private String group;

    @Option(names = "--follow", description = "Wait for new records at the end instead of stopping; Ctrl-C stops.")
    private boolean isFollowing;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
        description = "text (default) or json.")
    private RecordFormat format;

    private volatile boolean isStopping;

    @Override
    public Integer call() throws InterruptedException
    {
        if (max != null && max < 0)
        {
            throw new ParameterException(spec.commandLine(), "--max must be >= 0: " + max);
        }
        if (!isFollowing)
        {
            return consume();
        }
        final CountDownLatch done = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            isStopping = true;
            try
            {
                done.await(5, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "rill-consume-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try
        {
            return consume();
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

    private int consume() throws InterruptedException
    {
        final PrintWriter out = spec.commandLine().getOut();
        try (RillLog log = Commands.rill(spec).openLog())
        {
            final Topic topic = log.topic(name);
            ConsumerOptions options = ConsumerOptions.from(from);
            if (partition != null)
            {
                if (partition < 0 || partition >= topic.partitionCount())
                {
                    throw new ParameterException(spec.commandLine(), "no such partition: --partition " + partition +
                        ", topic " + name + " has partitions 0.." + (topic.partitionCount() - 1));
                }
                options = options.withPartitions(partition);
            }
            if (group != null)
            {
                options = options.withGroup(group);
            }
            try (Consumer consumer = topic.consumer(options))
            {
                try
                {
                    poll(consumer, out);
                }
                catch (final RuntimeException ex)
                {
                    if (!isStopping)
                    {
                        throw ex;
                    }
                    // stopping on Ctrl-C: the JVM may be closing things under us; what was printed stands
                }
                finally
                {
                    out.flush();
                }
            }
        }
        return 0;
    }

    private void poll(final Consumer consumer, final PrintWriter out) throws InterruptedException
    {
        final RecordFormat.Formatter formatter = format.formatter();
        final RecordHandler printer = record -> out.append(formatter.format(record)).append('\n');
        final long limit = max == null ? Long.MAX_VALUE : max;
        long printed = 0;
        long backoffMs = 0;
        long lastCommitNs = System.nanoTime();
        boolean isUncommitted = false;
        while (printed < limit && !isStopping)
        {
            final int n = consumer.poll(printer, (int)Math.min(BATCH, limit - printed));
            printed += n;
            if (n > 0)
            {
                isUncommitted = true;
                backoffMs = 0;
                if (isFollowing)
                {
                    out.flush();
                }
                if (out.checkError())
                {
                    break; // stdout closed, e.g. piped into head
                }
                if (group != null && isFollowing && System.nanoTime() - lastCommitNs > COMMIT_INTERVAL_NS)
                {
                    consumer.commit();
                    isUncommitted = false;
                    lastCommitNs = System.nanoTime();
                }
                continue;
            }
            if (!isFollowing)
            {
                break;
            }
            out.flush();
            if (out.checkError())
            {
                break;
            }
            if (group != null && isUncommitted)
            {
                consumer.commit();
                isUncommitted = false;
                lastCommitNs = System.nanoTime();
            }
            backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(1, backoffMs * 2));
            Thread.sleep(backoffMs);
        }
        out.flush();
        if (group != null)
        {
            consumer.commit();
        }
    }
}
