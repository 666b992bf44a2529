package dev.rill.tools;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.rill.engine.JobContext;
import dev.rill.engine.Pipeline;
import dev.rill.engine.examples.HdfsWordCount;
import dev.rill.engine.examples.NetworkWordCount;
import dev.rill.engine.examples.NetworkWordJoinSentiments;
import dev.rill.engine.examples.QueueStream;
import dev.rill.engine.examples.RecoverableNetworkWordCount;
import dev.rill.engine.examples.StatefulNetworkWordCount;
import dev.rill.engine.examples.TradesWindow;
import dev.rill.engine.examples.WordDictionary;
import dev.rill.engine.workloads.W1Result;
import dev.rill.log.RillLog;
import dev.rill.tools.examples.SqlNetworkWordCount;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rill example NAME ARGS}: Spark Streaming's examples ported to Rill (classes in
 * {@code dev.rill.engine.examples}, usable from the API and with {@code rill run}), with Spark's arguments, plus the
 * reference pipeline {@code trades-window}. Each subcommand builds its pipeline and runs it like {@code rill run}:
 * until it ends (bounded ones), until Ctrl-C (stopped draining), or for {@code --duration}.
 */
@Command(name = "example", description = {
    "Run one of Spark Streaming's examples ported to Rill, with Spark's arguments, or the reference pipeline W1.",
    "Unbounded examples run until Ctrl-C (or --duration), then stop draining: what was read reaches the output."},
    subcommands = {
        ExampleCommand.NetworkWordCountCommand.class,
        ExampleCommand.QueueStreamCommand.class,
        ExampleCommand.HdfsWordCountCommand.class,
        ExampleCommand.StatefulNetworkWordCountCommand.class,
        ExampleCommand.NetworkWordJoinSentimentsCommand.class,
        ExampleCommand.RecoverableNetworkWordCountCommand.class,
        ExampleCommand.SqlNetworkWordCountCommand.class,
        ExampleCommand.TradesWindowCommand.class,
    })
final class ExampleCommand implements Runnable
{
    @Spec
    private CommandSpec spec;

    @Override
    public void run()
    {
        throw new ParameterException(spec.commandLine(), "missing example: network-wordcount, queue-stream, " +
            "hdfs-wordcount, stateful-network-wordcount, network-wordjoinsentiments, " +
            "recoverable-network-wordcount, sql-network-wordcount or trades-window ('rill example --help' explains " +
            "them)");
    }

    /**
     * What every example does: build its pipeline on a {@link JobContext}, run it to its end, Ctrl-C or the duration.
     */
    abstract static class Base implements Callable<Integer>
    {
        private static final long POLL_MS = 50;
        private static final long STOP_GRACE_MS = 30_000;

        @Spec
        CommandSpec spec;

        @Option(names = "--duration", paramLabel = "DURATION", converter = Durations.class,
            description = "Stop (draining) after this long, e.g. 10s (default: until the end or Ctrl-C).")
        Long durationMs;

        private volatile boolean isStopRequested;

        abstract Pipeline build(JobContext context) throws Exception;

        /**
         * Called after the pipeline has ended or stopped, before the log is closed.
         *
         * @param log the log.
         * @param out stdout.
         */
        void after(final RillLog log, final PrintStream out)
        {
        }

        /**
         * Called once {@link Pipeline#start()} has returned, on the command's thread.
         *
         * @param pipeline the running pipeline.
         * @param err      stderr.
         */
        void started(final Pipeline pipeline, final PrintWriter err)
        {
        }

        @Override
        public final Integer call() throws Exception
        {
            final Rill rill = Commands.rill(spec);
            final PrintWriter err = spec.commandLine().getErr();
            final PrintStream out = WriterOutputStream.printStream(spec.commandLine().getOut());
            try (RillLog log = rill.openLog())
            {
                final String how;
                try (Pipeline pipeline = build(new JobContext(log, List.of(), out)))
                {
                    how = runToEnd(pipeline);
                }
                after(log, out);
                out.flush();
                err.println("rill example: " + spec.name() + " " + how);
                err.flush();
            }
            finally
            {
                out.flush();
            }
            return 0;
        }

        private String runToEnd(final Pipeline pipeline) throws InterruptedException
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
            }, "rill-example-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            final long startNs = System.nanoTime();
            try
            {
                pipeline.start();
                started(pipeline, spec.commandLine().getErr());
                while (true)
                {
                    final boolean isOver = durationMs != null && System.nanoTime() - startNs >= durationMs * 1_000_000L;
                    if (isStopRequested || isOver)
                    {
                        // lifecycle calls stay on this thread: the hook only asks, and waits for done
                        pipeline.stop(true);
                        return "stopped (drained) after " + seconds(startNs);
                    }
                    if (pipeline.awaitTermination(POLL_MS))
                    {
                        return "ended after " + seconds(startNs);
                    }
                }
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

        private static String seconds(final long startNs)
        {
            return String.format(Locale.ROOT, "%.2f s", (System.nanoTime() - startNs) / 1e9);
        }
    }

    /**
     * The socket examples' first two arguments, as Spark's: the text server's host and port.
     */
    abstract static class SocketBase extends Base
    {
        @Parameters(index = "0", paramLabel = "HOST", description = "Text server host.")
        String host;

        @Parameters(index = "1", paramLabel = "PORT", description = "Text server port.")
        int port;
    }

    @Command(name = "network-wordcount", description = "Spark's network_wordcount: words of the lines a text " +
        "server sends (e.g. nc -lk 9999), counted per 1 s batch, printed as (word,count).")
    static final class NetworkWordCountCommand extends SocketBase
    {
        @Override
        Pipeline build(final JobContext context)
        {
            return NetworkWordCount.create(context.configBuilder(), host, port, new WordDictionary());
        }
    }

    @Command(name = "queue-stream", description = "Spark's queue_stream: 5 batches of the numbers 1..1000 -> " +
        "(x % 10, 1) -> reduceByKey -> print; ends by itself.")
    static final class QueueStreamCommand extends Base
    {
        @Override
        Pipeline build(final JobContext context)
        {
            return QueueStream.create(context.configBuilder());
        }
    }

    @Command(name = "hdfs-wordcount", description = "Spark's hdfs_wordcount: words of the files that appear in DIR " +
        "(write hidden, then rename), counted per 1 s batch.")
    static final class HdfsWordCountCommand extends Base
    {
        @Parameters(index = "0", paramLabel = "DIR", description = "Directory to watch (local).")
        Path directory;

        @Override
        Pipeline build(final JobContext context)
        {
            return HdfsWordCount.create(context.configBuilder(), directory, new WordDictionary());
        }
    }

    @Command(name = "stateful-network-wordcount", description = "Spark's stateful_network_wordcount: running word " +
        "counts since the start (initial state hello=1, world=1), printed every second.")
    static final class StatefulNetworkWordCountCommand extends SocketBase
    {
        @Override
        Pipeline build(final JobContext context)
        {
            return StatefulNetworkWordCount.create(context.configBuilder(), host, port, new WordDictionary());
        }
    }

    @Command(name = "network-wordjoinsentiments", description = "Spark's network_wordjoinsentiments: every 5 s, " +
        "the words received joined with AFINN sentiment scores; the 5 happiest printed.")
    static final class NetworkWordJoinSentimentsCommand extends SocketBase
    {
        @Parameters(index = "2", arity = "0..1", paramLabel = "SENTIMENTS",
            description = "word<TAB>score file such as AFINN-111.txt (default: a 20-word sample in the jar).")
        Path sentiments;

        @Option(names = "--batch", paramLabel = "DURATION", converter = Durations.class,
            description = "Batch interval (default 5s, as Spark's).")
        Long batchMs;

        @Override
        Pipeline build(final JobContext context)
        {
            return NetworkWordJoinSentiments.create(context.configBuilder(), host, port,
                sentiments == null ? NetworkWordJoinSentiments.sampleSentiments() :
                    NetworkWordJoinSentiments.readSentiments(sentiments),
                batchMs == null ? NetworkWordJoinSentiments.BATCH_MS : batchMs);
        }
    }

    @Command(name = "recoverable-network-wordcount", description = "Spark's recoverable_network_wordcount: per-batch " +
        "counts appended to OUTPUT_FILE, restored from CHECKPOINT_DIR when started again.")
    static final class RecoverableNetworkWordCountCommand extends SocketBase
    {
        @Parameters(index = "2", paramLabel = "CHECKPOINT_DIR", description = "Checkpoint directory.")
        Path checkpointDir;

        @Parameters(index = "3", paramLabel = "OUTPUT_FILE", description = "File the counts are appended to.")
        Path outputFile;

        @Override
        Pipeline build(final JobContext context)
        {
            return RecoverableNetworkWordCount.getOrCreate(context.configBuilder(), host, port, checkpointDir,
                outputFile, RecoverableNetworkWordCount.CHECKPOINT_INTERVAL_MS, context.out());
        }
    }

    @Command(name = "sql-network-wordcount", description = "Spark's sql_network_wordcount: per 1 s batch, the words " +
        "a text server sends go into an in-memory SQL table (H2), 'select word, count(*) as total from words group " +
        "by word' runs, and the result is printed as Spark's DataFrame.show().")
    static final class SqlNetworkWordCountCommand extends SocketBase
    {
        @Override
        Pipeline build(final JobContext context)
        {
            return SqlNetworkWordCount.create(context.configBuilder(), host, port, ZoneId.systemDefault());
        }
    }

    @Command(name = "trades-window", description = "W1 of WORKLOADS.md from topic to topic with checkpoints: " +
        "notional per symbol over 1 s windows sliding every 100 ms, one output record per (window, symbol).")
    static final class TradesWindowCommand extends Base
    {
        @Option(names = "--input", required = true, paramLabel = "TOPIC",
            description = "Input topic, as written by 'rill produce TOPIC --generator trades'.")
        String input;

        @Option(names = "--output", required = true, paramLabel = "TOPIC",
            description = "Output topic (created with the input's partitions if missing).")
        String output;

        @Option(names = "--checkpoint", required = true, paramLabel = "DIR", description = "Checkpoint directory.")
        Path checkpointDir;

        @Option(names = "--checkpoint-interval", paramLabel = "DURATION", converter = Durations.class,
            defaultValue = "1s", description = "Checkpoint interval (default ${DEFAULT-VALUE}).")
        long checkpointIntervalMs;

        @Option(names = "--until-end", description = "Stop at the end of the input, once every window is emitted.")
        boolean isUntilEnd;

        @Override
        Pipeline build(final JobContext context)
        {
            return TradesWindow.create(TradesWindow.config(context.configBuilder()), context.log(), input, output,
                checkpointDir, checkpointIntervalMs, isUntilEnd);
        }

        @Override
        void started(final Pipeline pipeline, final PrintWriter err)
        {
            // says whether a restart resumed: the run's only sign of recovery besides the checkpoint directory
            final long restored = pipeline.restoredCheckpointId();
            err.println("rill example: trades-window " + (restored > 0 ?
                "resumed from checkpoint " + restored + " in " + checkpointDir :
                "started without a checkpoint (none complete in " + checkpointDir + "): reading " + input +
                    " from its earliest records"));
            err.flush();
        }

        @Override
        void after(final RillLog log, final PrintStream out)
        {
            final W1Result result = TradesWindow.checksum(log, output);
            out.println("trades-window: " + output + " holds " + result);
        }
    }
}
