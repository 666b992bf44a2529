package dev.rill.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rill.engine.Pipeline;
import dev.rill.engine.ThreadingMode;
import dev.rill.engine.WaitStrategy;
import dev.rill.engine.workloads.W1Pipeline;
import dev.rill.log.ConsumerOptions;
import dev.rill.log.RillLog;
import dev.rill.log.TopicConfig;

/**
 * A real crash: W1 (2 shards, checkpoints every 150 ms of the system clock) runs in a child JVM from a log topic
 * into topic B and is killed with SIGKILL ({@code destroyForcibly}) at random moments, at least 10 times
 * ({@code -Drill.kill.iterations=N} for more), restarted each time with {@code getOrCreate} until it finishes; B
 * then holds exactly the records of an uninterrupted run into A, in the same order per partition.
 */
class SigkillRecoveryTest
{
    private static final int EVENTS = 600_000;
    /** Paces the child to about 125k events/s, so that the job lasts a few seconds and kills land mid-run. */
    private static final long NS_PER_EVENT = 8_000;

    @TempDir
    Path dir;

    private static TopicConfig config(final int partitions)
    {
        return TopicConfig.builder(partitions).blockSizeBytes(1 << 22).maxRecordBytes(1 << 16).build();
    }

    static List<String> jvmFlags()
    {
        final List<String> flags = new ArrayList<>();
        final List<String> in = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (int i = 0; i < in.size(); i++)
        {
            final String arg = in.get(i);
            if (arg.startsWith("--add-") || arg.startsWith("-D") || arg.startsWith("--enable-native-access"))
            {
                flags.add(arg);
                if (!arg.contains("=") && arg.startsWith("--add-") && i + 1 < in.size())
                {
                    flags.add(in.get(++i));
                }
            }
        }
        return flags;
    }

    private Process startChild(final Path log, final Path chk, final int run) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags());
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CrashChild.class.getName());
        command.addAll(List.of(log.toString(), chk.toString(), "B", "150", Long.toString(NS_PER_EVENT)));
        return new ProcessBuilder(command).redirectError(dir.resolve("child-" + run + ".stderr").toFile()).start();
    }

    private static List<List<String>> records(final RillLog log, final String topic)
    {
        final List<List<String>> out = new ArrayList<>();
        final var t = log.topic(topic);
        for (int p = 0; p < t.partitionCount(); p++)
        {
            final List<String> part = new ArrayList<>();
            try (var consumer = t.consumer(ConsumerOptions.fromEarliest().withPartitions(p)))
            {
                while (consumer.poll(r -> part.add(r.offset() + ":" + r.timestampNs() + ":" +
                    Arrays.toString(r.keyBytes()) + Arrays.toString(r.valueBytes())), 1024) > 0)
                {
                    // drain
                }
            }
            out.add(part);
        }
        return out;
    }

    @Test
    void sigkilledAndRestartedChildWritesExactlyTheUninterruptedOutput() throws Exception
    {
        final int kills = Integer.getInteger("rill.kill.iterations", 10);
        final Path logDir = dir.resolve("log");
        final Path chk = dir.resolve("chk");
        try (RillLog log = RillLog.open(logDir))
        {
            log.createTopic("in", config(1));
            W1Pipeline.writeTopic(W1Pipeline.config(ThreadingMode.STEPPING, WaitStrategy.BACKOFF).build(), log, "in",
                EVENTS, 1_000);
            log.createTopic("A", config(2));
            log.createTopic("B", config(2));
            try (Pipeline a = CrashChild.build(log, "A", null, 0, 0))
            {
                a.start();
                assertTrue(a.awaitTermination(60_000));
            }
        }
        final SplittableRandom random = new SplittableRandom(11);
        int killed = 0;
        int runs = 0;
        final List<String> restored = new ArrayList<>();
        while (true)
        {
            final Process child = startChild(logDir, chk, runs++);
            final BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8));
            final String started = out.readLine();
            assertTrue(started != null && started.startsWith("started"), "child " + (runs - 1) + " did not start: " +
                Files.readString(dir.resolve("child-" + (runs - 1) + ".stderr")));
            restored.add(started);
            if (killed < kills)
            {
                // A random moment of the run. The windows add up to at most about 3 s of progress (10 x 300 ms by
                // default), under the ~4.8 s the paced job needs, so every kill lands while the child still runs.
                if (!child.waitFor(50 + random.nextInt(Math.max(100, 2_500 / kills)), TimeUnit.MILLISECONDS))
                {
                    child.destroyForcibly();
                    child.waitFor();
                    killed++;
                    continue;
                }
            }
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child did not finish");
            assertEquals(0, child.exitValue(), "child failed: " +
                Files.readString(dir.resolve("child-" + (runs - 1) + ".stderr")));
            break;
        }
        assertTrue(killed >= kills, "killed " + killed + " times, restored: " + restored);
        assertTrue(restored.stream().anyMatch(s -> !s.equals("started restored=0")), "never restored: " + restored);
        try (RillLog log = RillLog.open(logDir))
        {
            final List<List<String>> expected = records(log, "A");
            assertTrue(expected.get(0).size() > 5_000 && expected.get(1).size() > 5_000,
                "records: " + expected.get(0).size() + "/" + expected.get(1).size());
            assertEquals(expected, records(log, "B"), "runs: " + restored);
        }
    }
}
