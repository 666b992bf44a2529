package dev.rill.tools;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.HdrHistogram.Histogram;

import dev.rill.engine.BatchTime;
import dev.rill.engine.LogSourceOptions;
import dev.rill.engine.Pipeline;
import dev.rill.engine.PipelineConfig;
import dev.rill.engine.ThreadingMode;
import dev.rill.engine.WaitStrategy;
import dev.rill.engine.examples.TopicCount;
import dev.rill.log.RillLog;
import dev.rill.log.Topic;
import dev.rill.log.TopicConfig;
import dev.rill.operators.window.KeySumCountFilter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rill demo}: a log in a temporary folder (or {@code --dir}), a writer thread appending the reference
 * generator's trades to a partitioned topic at a paced rate, and, at the same time, a pipeline following the topic:
 * <pre>
 *   topic trades (P partitions, key = symbol, timestamp = append time)
 *     -&gt; map notional = price * qty                    source stage; records append -&gt; read latency
 *     -&gt; repartition(S) by symbol
 *     -&gt; sumCountByKeyAndWindow(2 s, slide 500 ms)     inverse reduce, off-heap, per shard; event time
 *     -&gt; repartition(1) -&gt; map                         records window end -&gt; result latency
 *     -&gt; foreachBatch: top symbols of each window, printed
 * </pre>
 * Progress goes to stderr once a second; at the end, the two latency distributions (HdrHistogram), the throughput,
 * and the commands that replay the topic. The log is kept.
 */
@Command(name = "demo", description = {
    "Write a few seconds of trades from the reference generator into a partitioned topic of a new log (in a "
        + "temporary folder unless --dir is given) while a pipeline reads them: notional = price * qty, per-symbol "
        + "sliding-window notional (2 s window, 500 ms slide, inverse reduce) on keyed shards, top symbols of each "
        + "window printed.",
    "Then prints end-to-end latency percentiles and throughput, and how to replay the topic. Progress goes to "
        + "stderr once a second. Ctrl-C stops it early (the pipeline drains, the report is marked partial)."})
final class DemoCommand implements Callable<Integer>
{
    static final String TOPIC = "trades";
    static final long WINDOW_LENGTH_MS = 2_000;
    static final long SLIDE_MS = 500;
    private static final long HIGHEST_NS = 60_000_000_000L;
    private static final long POLL_MS = 100;
    private static final long PROGRESS_EVERY_NS = 1_000_000_000L;
    private static final long STOP_GRACE_MS = 30_000;

    @Spec
    private CommandSpec spec;

    @Option(names = "--events", paramLabel = "N", description = "Trades to write (default: ${DEFAULT-VALUE}).")
    private long events = 2_000_000;

    @Option(names = "--rate", paramLabel = "R", description = "Trades per second the writer aims at "
        + "(default: ${DEFAULT-VALUE}); it goes flat out when it falls behind.")
    private long rate = 500_000;

    @Option(names = "--partitions", paramLabel = "P", description = "Partitions of the topic (default: "
        + "${DEFAULT-VALUE}).")
    private int partitions = 4;

    @Option(names = "--shards", paramLabel = "S", description = "Keyed shards of the window (default: "
        + "${DEFAULT-VALUE}).")
    private int shards = 2;

    @Option(names = "--top", paramLabel = "K", description = "Symbols printed per window (default: "
        + "${DEFAULT-VALUE}).")
    private int top = 3;

    private volatile boolean isStopRequested;
    private volatile boolean isDraining;
    /** Append time (epoch ns) of the first trade after the warm-up; windows ending before it are not timed. */
    private volatile long measuredFromNs = Long.MAX_VALUE;

    @Override
    public Integer call() throws IOException, InterruptedException
    {
        validate();
        final Rill rill = Commands.rill(spec);
        final Path dir = rill.explicitDataDir() != null ? rill.explicitDataDir() :
            Files.createTempDirectory("rill-demo-");
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
        }, "rill-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (RillLog log = RillLog.open(dir))
        {
            run(rill, log);
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
        return 0;
    }

    private void validate()
    {
        if (events < 1 || events > 1_000_000_000L)
        {
            throw new ParameterException(spec.commandLine(), "--events must be 1..1000000000: " + events);
        }
        if (rate < 1 || rate > 100_000_000L)
        {
            throw new ParameterException(spec.commandLine(), "--rate must be 1..100000000 trades/s: " + rate);
        }
        if (partitions < 1 || partitions > 64)
        {
            throw new ParameterException(spec.commandLine(), "--partitions must be 1..64: " + partitions);
        }
        if (shards < 1 || shards > 64)
        {
            throw new ParameterException(spec.commandLine(), "--shards must be 1..64: " + shards);
        }
        if (top < 1 || top > 100)
        {
            throw new ParameterException(spec.commandLine(), "--top must be 1..100: " + top);
        }
    }

    private void run(final Rill rill, final RillLog log) throws InterruptedException
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Path dir = log.dir().toAbsolutePath();
        if (log.hasTopic(TOPIC))
        {
            throw new IllegalStateException("topic " + TOPIC + " already exists in " + dir + ": rill demo writes a " +
                "new one; give it an empty --dir, or leave --dir out for a temporary folder");
        }
        final Topic topic = log.createTopic(TOPIC, TopicConfig.builder(partitions).build());
        out.println(String.format(Locale.ROOT, "rill demo: log in %s, topic %s (%d partitions, key = symbol)", dir,
            TOPIC, partitions));
        out.println(String.format(Locale.ROOT, "writing %,d trades from the reference generator at %,d/s while a " +
            "pipeline reads them:", events, rate));
        out.println(String.format(Locale.ROOT, "  %s -> notional = price * qty -> %d shards by symbol -> " +
            "notional per symbol over %d s, every %d ms (inverse reduce) -> top %d symbols", TOPIC, shards,
            WINDOW_LENGTH_MS / 1_000, SLIDE_MS, top));
        out.flush();

        final DemoClock clock = new DemoClock();
        final Histogram readLatency = new Histogram(HIGHEST_NS, 3);
        final Histogram windowLatency = new Histogram(HIGHEST_NS, 3);
        final AtomicLong read = new AtomicLong();
        final long[] firstLastReadNs = {0, 0};
        final PrintStream pipelineOut = WriterOutputStream.printStream(out);
        final TopSymbols topSymbols = new TopSymbols(pipelineOut, WINDOW_LENGTH_MS, top);
        final DemoWriter writer = new DemoWriter(topic.producer(), clock, events, rate);
        final Thread writerThread = new Thread(writer, "rill-demo-writer");
        // the first second of trades (at most a fifth of them) warms the JIT up: not in the latency figures
        final long warmupTrades = Math.min(rate, events / 5);
        final long startNs = System.nanoTime();
        long maxLag = 0;
        try (Pipeline pipeline = Pipeline.create(PipelineConfig.builder()
            .threadingMode(ThreadingMode.DEDICATED).waitStrategy(WaitStrategy.BACKOFF).ringSize(1 << 14)
            .batchInterval(BatchTime.EVENT_TIME, SLIDE_MS).printStream(pipelineOut).build()))
        {
            pipeline.topicStream(log, LogSourceOptions.topic(TOPIC).follow(true))
                .map("notional", (in, o) ->
                {
                    // source stage thread only: the single writer of readLatency, firstLastReadNs and read
                    final long nowNs = clock.epochNs();
                    final long index = read.get();
                    if (index >= warmupTrades)
                    {
                        if (index == warmupTrades)
                        {
                            measuredFromNs = in.eventTimeNs();
                        }
                        readLatency.recordValue(clamp(nowNs - in.eventTimeNs()));
                    }
                    if (firstLastReadNs[0] == 0)
                    {
                        firstLastReadNs[0] = nowNs;
                    }
                    firstLastReadNs[1] = nowNs;
                    read.lazySet(index + 1);
                    o.long0(in.bytes().getLong(0, ByteOrder.LITTLE_ENDIAN) *
                        in.bytes().getLong(8, ByteOrder.LITTLE_ENDIAN));
                })
                .repartition(shards)
                .sumCountByKeyAndWindow(WINDOW_LENGTH_MS, SLIDE_MS, KeySumCountFilter.NON_EMPTY)
                .repartition(1)
                .map("latency", (in, o) ->
                {
                    // gather stage thread only. Windows emitted by the drain at the end of input are not timed:
                    // they end after the last trade, no trade closed them.
                    final long windowEndNs = in.long2() * 1_000_000L;
                    if (!isDraining && windowEndNs - WINDOW_LENGTH_MS * 1_000_000L >= measuredFromNs)
                    {
                        windowLatency.recordValue(clamp(clock.epochNs() - windowEndNs));
                    }
                })
                .foreachBatch(topSymbols);
            pipeline.start();
            writerThread.start();
            long nextProgressNs = startNs + PROGRESS_EVERY_NS;
            while (!isStopRequested && !(writer.written() == events && read.get() >= events))
            {
                if (pipeline.awaitTermination(POLL_MS))
                {
                    throw new IllegalStateException("the demo pipeline ended before reading every trade");
                }
                maxLag = Math.max(maxLag, writer.written() - read.get());
                if (System.nanoTime() - nextProgressNs >= 0)
                {
                    nextProgressNs += PROGRESS_EVERY_NS;
                    err.println(String.format(Locale.ROOT, "rill demo: %.1f s: written %,d of %,d, read %,d " +
                        "(lag %,d), windows %d", (System.nanoTime() - startNs) / 1e9, writer.written(), events,
                        read.get(), writer.written() - read.get(), topSymbols.windows()));
                    err.flush();
                }
            }
            writer.stop();
            writerThread.join();
            isDraining = true;
            pipeline.stop(true);
        }
        finally
        {
            writer.stop();
            if (writerThread.isAlive())
            {
                writerThread.join();
            }
            pipelineOut.flush();
        }
        report(out, rill, dir, topic, writer, read.get(), firstLastReadNs, maxLag, readLatency, windowLatency,
            topSymbols.windows(), warmupTrades);
    }

    private void report(final PrintWriter out, final Rill rill, final Path dir, final Topic topic,
        final DemoWriter writer, final long read, final long[] firstLastReadNs, final long maxLag,
        final Histogram readLatency, final Histogram windowLatency, final long windows, final long warmupTrades)
    {
        final long written = writer.written();
        out.println();
        if (written < events)
        {
            out.println(String.format(Locale.ROOT, "PARTIAL: stopped after %,d of %,d trades", written, events));
        }
        final double writeSeconds = Math.max(1e-9, writer.elapsedNs() / 1e9);
        out.println(String.format(Locale.ROOT, "wrote %,d trades in %.2f s: %,.0f trades/s (target %,d/s)",
            written, writeSeconds, written / writeSeconds, rate));
        final double readSeconds = Math.max(1e-9, (firstLastReadNs[1] - firstLastReadNs[0]) / 1e9);
        out.println(String.format(Locale.ROOT, "pipeline read %,d trades in %.2f s: %,.0f trades/s, at most %,d " +
            "behind the writer; %d windows printed", read, readSeconds, read / readSeconds, maxLag, windows));
        out.println();
        out.println(String.format(Locale.ROOT, "%-38s %9s %9s %9s %9s %9s %9s", "latency (us)", "samples", "p50",
            "p90", "p99", "p99.9", "max"));
        out.println(latencyRow("append -> read by the pipeline", readLatency));
        out.println(latencyRow("window end -> its result in the sink", windowLatency));
        out.println(String.format(Locale.ROOT, "  After a warm-up of %,d trades (not counted).", warmupTrades));
        out.println("  append -> read: per trade, from the writer's clock read just before the append to the " +
            "pipeline's first operator.");
        out.println("  window end -> result: per (window, symbol) result, from the window's end by the wall clock " +
            "to the sink, including the wait for a trade stamped after the end, the shuffle and the burst of " +
            "results; only windows that start after the warm-up; windows flushed by the end of input are not counted.");
        out.println("  One process, one clock (System.nanoTime from a common origin); the writer competes with the " +
            "pipeline's threads for the cores.");
        out.println();
        final String rillCommand = launcher(rill) + " --dir " + dir;
        final long from = Math.min(1_000, topic.nextOffset(0) / 2);
        out.println("The log stays in " + dir + (rill.explicitDataDir() == null ? " (delete it with: rm -rf " +
            dir + ")" : "") + ". Replay the topic:");
        out.println("  " + rillCommand + " topic describe " + TOPIC);
        out.println("  " + rillCommand + " consume " + TOPIC + " --partition 0 --from " + from +
            " --max 3 --format json");
        out.println("  " + rillCommand + " run " + TopicCount.class.getName() + " " + TOPIC + " --from " + from);
        out.flush();
    }

    private static String latencyRow(final String label, final Histogram h)
    {
        if (h.getTotalCount() == 0)
        {
            return String.format(Locale.ROOT, "%-38s %9d  (none: no window started after the warm-up and closed before the end)", label,
                0);
        }
        return String.format(Locale.ROOT, "%-38s %9d %9.1f %9.1f %9.1f %9.1f %9.1f", label, h.getTotalCount(),
            h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(90) / 1e3, h.getValueAtPercentile(99) / 1e3,
            h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
    }

    private static long clamp(final long ns)
    {
        return Math.min(HIGHEST_NS, Math.max(0, ns));
    }

    private static String launcher(final Rill rill)
    {
        final String launcher = rill.env("RILL_LAUNCHER");
        return launcher == null || launcher.isBlank() ? "rill" : launcher;
    }
}
