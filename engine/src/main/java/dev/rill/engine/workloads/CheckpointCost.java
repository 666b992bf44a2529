package dev.rill.engine.workloads;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.rill.engine.LogSourceOptions;
import dev.rill.engine.Pipeline;
import dev.rill.engine.ThreadingMode;
import dev.rill.engine.WaitStrategy;
import dev.rill.engine.internal.checkpoint.CheckpointCoordinator.CheckpointStats;
import dev.rill.log.RillLog;
import dev.rill.log.TopicConfig;

/**
 * Checkpoint cost of W1 (2 shards, topic to topic) with checkpoints every second: per stage shard, the pause
 * (serialising its state on the stage thread; the checkpoint writer thread writes and fsyncs) and the bytes of its
 * state file, from {@code checkpointStats()},
 * for a given number of keys. Usage: {@code CheckpointCost DIR KEYS EVENTS [KEYS EVENTS ...]}.
 */
public final class CheckpointCost
{
    private CheckpointCost()
    {
    }

    /**
     * @param args work directory, then pairs of key count and event count.
     */
    public static void main(final String[] args) throws Exception
    {
        final Path dir = Path.of(args[0]);
        for (int i = 1; i + 1 < args.length; i += 2)
        {
            final int keys = Integer.parseInt(args[i]);
            final long events = Long.parseLong(args[i + 1]);
            final Path run = Files.createDirectories(dir.resolve("k" + keys));
            try (RillLog log = RillLog.open(run.resolve("log")))
            {
                final TopicConfig config = TopicConfig.builder(2).build();
                log.createTopic("in", TopicConfig.builder(1).build());
                log.createTopic("out", config);
                W1Pipeline.writeTopic(W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.BACKOFF).build(), log,
                    "in", events, keys);
                final long startNs = System.nanoTime();
                final List<CheckpointStats> stats;
                try (Pipeline p = Pipeline.create(W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.BACKOFF)
                    .build()))
                {
                    p.checkpoint(run.resolve("chk"), 1_000, 2);
                    W1Pipeline.topicToTopic(p.topicStream(log, LogSourceOptions.topic("in")), 2, log, "out");
                    p.start();
                    if (!p.awaitTermination(600_000))
                    {
                        throw new IllegalStateException("did not finish");
                    }
                    stats = p.checkpointStats();
                }
                final double seconds = (System.nanoTime() - startNs) / 1e9;
                System.out.printf("keys=%d events=%d run=%.1fs (%.0f events/s) checkpoints=%d%n", keys, events,
                    seconds, events / seconds, stats.stream().mapToLong(CheckpointStats::id).distinct().count());
                final Map<String, List<CheckpointStats>> byStage = new TreeMap<>();
                for (final CheckpointStats s : stats)
                {
                    byStage.computeIfAbsent(s.stage(), k -> new ArrayList<>()).add(s);
                }
                for (final Map.Entry<String, List<CheckpointStats>> stage : byStage.entrySet())
                {
                    final long[] pauses = stage.getValue().stream().mapToLong(CheckpointStats::pauseNs).sorted()
                        .toArray();
                    final long[] bytes = stage.getValue().stream().mapToLong(CheckpointStats::bytes).sorted()
                        .toArray();
                    System.out.printf("  %-28s n=%d pause median=%.2f ms max=%.2f ms  bytes median=%d max=%d%n",
                        stage.getKey(), pauses.length, pauses[pauses.length / 2] / 1e6,
                        pauses[pauses.length - 1] / 1e6, bytes[bytes.length / 2], bytes[bytes.length - 1]);
                }
            }
        }
    }
}
