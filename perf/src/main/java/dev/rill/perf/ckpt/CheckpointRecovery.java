package dev.rill.perf.ckpt;

import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.UnsafeBuffer;

import dev.rill.engine.LogSourceOptions;
import dev.rill.engine.Pipeline;
import dev.rill.engine.ReferenceGenerator;
import dev.rill.engine.StageMetrics;
import dev.rill.engine.ThreadingMode;
import dev.rill.engine.WaitStrategy;
import dev.rill.engine.internal.checkpoint.CheckpointCoordinator.CheckpointStats;
import dev.rill.engine.workloads.W1Pipeline;
import dev.rill.log.Producer;
import dev.rill.log.RillLog;
import dev.rill.log.Topic;
import dev.rill.log.TopicConfig;
import dev.rill.perf.JvmFlags;
import dev.rill.perf.PerfFiles;

/**
 * The two checkpoint figures of issue 7, on W1 (2 shards, a 1-partition input topic to a 2-partition output topic,
 * dedicated threads, BACKOFF), in one JVM:
 * <ul>
 * <li><b>cost</b>: for each key count, W1's events/s with checkpoints every second beside the same run without
 * checkpoints (same input topic, alternating, each into its own output topic), and per stage shard the pause and
 * the bytes of its state file;</li>
 * <li><b>recovery</b>: a run with checkpoints every second follows a topic of {@code --prefix} events and is
 * killed (stopped without draining) once it has read them all; then {@code B} more events are appended (the backlog
 * that built up while it was down) and the time from {@code Pipeline.getOrCreate} to caught up (every event read,
 * every window emitted, the exactly-once sink past everything the first run had written) is measured, with the
 * events replayed (those since the last complete checkpoint, plus the backlog).</li>
 * </ul>
 * Usage: {@code CheckpointRecovery [--keys 10000,1000000] [--events 20000000,4000000] [--prefix 20000000]
 * [--backlog 1000000,10000000] [--dir DIR]} (one event count per key count; the prefix must last several checkpoint
 * intervals). Prints a Markdown table per part.
 */
public final class CheckpointRecovery
{
    private static final long INTERVAL_MS = 1_000;

    private CheckpointRecovery()
    {
    }

    /**
     * @param args see the class comment.
     * @throws Exception if a run fails.
     */
    public static void main(final String[] args) throws Exception
    {
        JvmFlags.relaunchIfMissing(CheckpointRecovery.class, args);
        long[] keys = {10_000, 1_000_000};
        long[] events = {20_000_000, 4_000_000};
        long prefix = 20_000_000;
        long[] backlogs = {1_000_000, 10_000_000};
        Path dir = null;
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            switch (args[i])
            {
                case "--keys" -> keys = longs(args[i + 1]);
                case "--events" -> events = longs(args[i + 1]);
                case "--prefix" -> prefix = Long.parseLong(args[i + 1]);
                case "--backlog" -> backlogs = longs(args[i + 1]);
                case "--dir" -> dir = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see the class comment)");
            }
        }
        final Path work = dir == null ? PerfFiles.newTempDir("rill-ckpt") : Files.createDirectories(dir);
        try
        {
            System.out.println("## Checkpoint cost (W1, 2 shards, checkpoints every 1 s vs none)\n");
            System.out.println("| keys | events | events/s without | events/s with | ratio | checkpoints | stage shard: " +
                "pause median (max), state bytes |");
            System.out.println("| ---: | ---: | ---: | ---: | ---: | ---: | --- |");
            if (events.length != keys.length)
            {
                throw new IllegalArgumentException("--events needs one count per --keys value");
            }
            for (int i = 0; i < keys.length; i++)
            {
                cost(work.resolve("cost-" + keys[i]), (int)keys[i], events[i]);
            }
            System.out.println("\n## Recovery (W1, 2 shards, 10,000 keys)\n");
            System.out.println("| backlog appended after the kill | events replayed | getOrCreate + start " +
                "| restart to caught up | replay rate |");
            System.out.println("| ---: | ---: | ---: | ---: | ---: |");
            for (final long b : backlogs)
            {
                recovery(work.resolve("recovery-" + b), prefix, b);
            }
        }
        finally
        {
            if (dir == null)
            {
                PerfFiles.deleteRecursively(work);
            }
        }
    }

    private static long[] longs(final String csv)
    {
        final String[] parts = csv.split(",");
        final long[] values = new long[parts.length];
        for (int i = 0; i < parts.length; i++)
        {
            values[i] = Long.parseLong(parts[i].trim());
        }
        return values;
    }

    /**
     * Appends W1's events {@code from..to-1} (key: the symbol, value: price and quantity, 8 bytes little-endian
     * each; timestamp: the event time), as {@code W1Pipeline.writeTopic} does but from any index, so that a backlog
     * continues the event times of what came before.
     */
    private static void append(final Topic topic, final long from, final long to, final int symbols)
    {
        final UnsafeBuffer key = new UnsafeBuffer(new byte[Long.BYTES]);
        final UnsafeBuffer value = new UnsafeBuffer(new byte[2 * Long.BYTES]);
        final Producer producer = topic.producer();
        for (long i = from; i < to; i++)
        {
            final long r = ReferenceGenerator.draw(i);
            key.putLong(0, ReferenceGenerator.symbol(r, symbols), ByteOrder.LITTLE_ENDIAN);
            value.putLong(0, ReferenceGenerator.price(r), ByteOrder.LITTLE_ENDIAN);
            value.putLong(8, ReferenceGenerator.qty(r), ByteOrder.LITTLE_ENDIAN);
            producer.append(0, ReferenceGenerator.eventTimeNs(i), key, 0, Long.BYTES, value, 0, 2 * Long.BYTES);
        }
    }

    private static Pipeline w1(final RillLog log, final String out, final Path checkpoints)
    {
        return w1(log, out, checkpoints, false);
    }

    private static Pipeline w1(final RillLog log, final String out, final Path checkpoints, final boolean follow)
    {
        final Pipeline p = Pipeline.create(W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.BACKOFF).build());
        if (checkpoints != null)
        {
            p.checkpoint(checkpoints, INTERVAL_MS, 2);
        }
        W1Pipeline.topicToTopic(p.topicStream(log, LogSourceOptions.topic("in").follow(follow)), 2, log, out);
        return p;
    }

    private static void await(final Pipeline p) throws InterruptedException
    {
        if (!p.awaitTermination(3_600_000))
        {
            throw new IllegalStateException("W1 did not finish within an hour");
        }
    }

    private static void cost(final Path run, final int keys, final long events) throws Exception
    {
        try (RillLog log = RillLog.open(run.resolve("log")))
        {
            append(log.createTopic("in", TopicConfig.builder(1).build()), 0, events, keys);
            double without = 0;
            double with = 0;
            List<CheckpointStats> stats = List.of();
            // without, with, without, with: the best of two of each (the machine is shared and noisy).
            for (int round = 0; round < 2; round++)
            {
                log.createTopic("plain" + round, TopicConfig.builder(2).build());
                long start = System.nanoTime();
                try (Pipeline p = w1(log, "plain" + round, null))
                {
                    p.start();
                    await(p);
                }
                without = Math.max(without, events / ((System.nanoTime() - start) / 1e9));
                log.createTopic("chk" + round, TopicConfig.builder(2).build());
                start = System.nanoTime();
                try (Pipeline p = w1(log, "chk" + round, run.resolve("chk" + round)))
                {
                    p.start();
                    await(p);
                    final double rate = events / ((System.nanoTime() - start) / 1e9);
                    if (rate > with)
                    {
                        with = rate;
                        stats = p.checkpointStats();
                    }
                }
            }
            final Map<String, List<CheckpointStats>> byStage = new TreeMap<>();
            for (final CheckpointStats s : stats)
            {
                byStage.computeIfAbsent(s.stage(), k -> new ArrayList<>()).add(s);
            }
            final StringBuilder stages = new StringBuilder();
            for (final Map.Entry<String, List<CheckpointStats>> stage : byStage.entrySet())
            {
                final long[] pauses = stage.getValue().stream().mapToLong(CheckpointStats::pauseNs).sorted().toArray();
                final long[] bytes = stage.getValue().stream().mapToLong(CheckpointStats::bytes).sorted().toArray();
                stages.append(String.format(Locale.ROOT, "%s%s: %.1f ms (%.1f), %s", stages.length() == 0 ? "" :
                    "; ", stage.getKey(), pauses[pauses.length / 2] / 1e6, pauses[pauses.length - 1] / 1e6,
                    bytes(bytes[bytes.length - 1])));
            }
            System.out.printf(Locale.ROOT, "| %,d | %,d | %,.0f | %,.0f | %.2f | %d | %s |%n", keys, events, without,
                with, with / without, stats.stream().mapToLong(CheckpointStats::id).distinct().count(), stages);
        }
    }

    private static void recovery(final Path run, final long prefix, final long backlog) throws Exception
    {
        final int keys = ReferenceGenerator.DEFAULT_SYMBOLS;
        final Path checkpoints = run.resolve("chk");
        try (RillLog log = RillLog.open(run.resolve("log")))
        {
            final Topic in = log.createTopic("in", TopicConfig.builder(1).build());
            log.createTopic("out", TopicConfig.builder(2).build());
            append(in, 0, prefix, keys);
            // The first run follows the topic (it would wait for more), and is killed (stopped without draining)
            // as soon as its source has read the whole prefix: what it had written since its last complete
            // checkpoint is replayed, compared with the output topic and skipped by the exactly-once sink.
            try (Pipeline first = w1(log, "out", checkpoints, true))
            {
                first.start();
                final long deadlineNs = System.nanoTime() + 3_600_000_000_000L;
                while (first.metrics().stage(0).eventsIn() < prefix)
                {
                    if (System.nanoTime() > deadlineNs || first.isTerminated())
                    {
                        throw new IllegalStateException("the first run did not read the prefix");
                    }
                    LockSupport.parkNanos(1_000_000);
                }
                first.stop(false);
            }
            append(in, prefix, prefix + backlog, keys);
                final long startNs = System.nanoTime();
            final long startedNs;
            final long replayed;
            try (Pipeline second = Pipeline.getOrCreate(checkpoints, () -> w1(log, "out", checkpoints)))
            {
                if (second.restoredCheckpointId() <= 0)
                {
                    throw new IllegalStateException("no checkpoint restored from " + checkpoints);
                }
                second.start();
                startedNs = System.nanoTime();
                await(second);
                final StageMetrics source = second.metrics().stage(0);
                replayed = source.eventsIn();
            }
            final long endNs = System.nanoTime();
            System.out.printf(Locale.ROOT, "| %,d | %,d | %.0f ms | %.2f s | %,.0f events/s |%n", backlog, replayed,
                (startedNs - startNs) / 1e6, (endNs - startNs) / 1e9, replayed / ((endNs - startNs) / 1e9));
        }
    }

    private static String bytes(final long n)
    {
        return n >= 1 << 20 ? String.format(Locale.ROOT, "%.1f MB", n / 1e6) : n + " B";
    }
}
