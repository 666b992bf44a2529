package dev.rill.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.rill.engine.ReferenceGenerator;
import dev.rill.engine.examples.TradesWindow;
import dev.rill.engine.workloads.W1Reference;
import dev.rill.engine.workloads.W1Result;
import dev.rill.log.ConsumerOptions;
import dev.rill.log.RillLog;
import dev.rill.log.Topic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7's test of the reference pipeline, driven as the command line: {@code rill produce trades --generator trades
 * --count 2000000}; {@code rill example trades-window ... --until-end} once uninterrupted into topic A; then again into
 * topic B in a child JVM ({@link ChildRill}: the tools main class with the build's JVM flags) killed with SIGKILL
 * ({@code destroyForcibly}) at least 10 times ({@code -Drill.kill.iterations=N}) and restarted each time with the same
 * arguments until it finishes. A and B must hold the same records (key, value, timestamp) in the same order per
 * partition, and B's W1 records and checksum must equal {@link W1Reference}'s.
 * <p>
 * Where the kills land: while the uninterrupted run goes, the test samples how many records A holds; M is what A held
 * at 75% of its pipeline time (before the end-of-input flush of the last windows). Kill i waits until B holds a target
 * drawn in the i-th of {@code kills} equal slices of [0, M], then a random 0..(run time / 20) more, so the kills spread
 * over the first three quarters of the run by how far the output is, whatever the machine's speed, and each lands
 * while the child still has its last quarter (the end-of-input flush, the checksum) to go. A target B already holds
 * when a run starts makes that run's kill land during its restore and replay. The run's stderr line says whether it
 * resumed from a checkpoint.
 * <p>
 * {@code -Drill.kill.events=N} changes the event count (default 2,000,000), {@code -Drill.kill.seed=S} the targets,
 * {@code -Drill.kill.partitions=N} the input topic's partitions (default 2, see {@link #INPUT_PARTITIONS}).
 */
class TradesWindowKillTest
{
    private static final long EVENTS = Long.getLong("rill.kill.events", 2_000_000L);
    private static final int KILLS = Integer.getInteger("rill.kill.iterations", 10);
    private static final long SEED = Long.getLong("rill.kill.seed", 7L);
    /**
     * Input partitions, 2 by default: a restored run must also interleave the partitions as the uninterrupted one
     * did (the consumer's turns, engine/ENGINE.md "Order across partitions").
     */
    private static final int INPUT_PARTITIONS = Integer.getInteger("rill.kill.partitions", 2);
    private static final String INTERVAL = "100ms";
    private static final Pattern STARTED = Pattern.compile(
        "^rill example: trades-window (started without a checkpoint|resumed from checkpoint (\\d+)) .*$",
        Pattern.MULTILINE);
    private static final Pattern ENDED = Pattern.compile("rill example: trades-window ended after ([0-9.]+) s");
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(120);
    /** Linux's exit status of a process killed by SIGKILL (128 + 9). */
    private static final int SIGKILLED = 137;

    @TempDir
    Path dir;

    private Process startRun(final Path data, final String output, final Path chk, final String name)
        throws IOException
    {
        return ChildRill.start(data, dir.resolve(name + ".out"), dir.resolve(name + ".err"), "example", "trades-window",
            "--input", "trades", "--output", output, "--checkpoint", chk.toString(), "--checkpoint-interval", INTERVAL,
            "--until-end");
    }

    private String read(final String file)
    {
        try
        {
            return Files.exists(dir.resolve(file)) ? Files.readString(dir.resolve(file)) : "";
        }
        catch (final IOException ex)
        {
            return "(cannot read " + file + ": " + ex + ")";
        }
    }

    private String outputs(final String name)
    {
        return "--- " + name + " stdout\n" + read(name + ".out") + "--- " + name + " stderr\n" + read(name + ".err");
    }

    /** Waits for the run's line saying it started (or resumed); the matcher on it. */
    private Matcher awaitStarted(final Process child, final String name) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TIMEOUT_NS;
        while (true)
        {
            final Matcher m = STARTED.matcher(read(name + ".err"));
            if (m.find())
            {
                return m;
            }
            assertTrue(child.isAlive(), () -> name + " ended before it started:\n" + outputs(name));
            assertTrue(System.nanoTime() - deadline < 0, () -> name + " did not start in 120 s:\n" + outputs(name));
            child.waitFor(2, TimeUnit.MILLISECONDS);
        }
    }

    private static long records(final Topic topic)
    {
        long records = 0;
        for (int p = 0; p < topic.partitionCount(); p++)
        {
            records += topic.nextOffset(p) - topic.earliestOffset(p);
        }
        return records;
    }

    /** Per partition, each record as its timestamp, key and value. */
    private static List<List<String>> contents(final Topic topic)
    {
        final HexFormat hex = HexFormat.of();
        final List<List<String>> partitions = new ArrayList<>();
        for (int p = 0; p < topic.partitionCount(); p++)
        {
            final List<String> records = new ArrayList<>();
            try (var consumer = topic.consumer(ConsumerOptions.fromEarliest().withPartitions(p)))
            {
                while (consumer.poll(r -> records.add(r.timestampNs() + " " + hex.formatHex(r.keyBytes()) + " " +
                    hex.formatHex(r.valueBytes())), 4_096) > 0)
                {
                    // to the end
                }
            }
            partitions.add(records);
        }
        return partitions;
    }

    private static void assertSameRecords(final List<List<String>> expected, final List<List<String>> actual)
    {
        assertEquals(expected.size(), actual.size(), "partitions");
        for (int p = 0; p < expected.size(); p++)
        {
            final List<String> a = expected.get(p);
            final List<String> b = actual.get(p);
            for (int i = 0; i < Math.min(a.size(), b.size()); i++)
            {
                if (!a.get(i).equals(b.get(i)))
                {
                    fail("partition " + p + ", offset " + i + ": A holds " + a.get(i) + ", B holds " + b.get(i));
                }
            }
            assertEquals(a.size(), b.size(), "records in partition " + p);
        }
    }

    @Test
    void sigkilledAtRandomMomentsAndRestartedTheCommandWritesExactlyTheUninterruptedOutput() throws Exception
    {
        final long testStartNs = System.nanoTime();
        final Path data = dir.resolve("data");
        final Cli cli = new Cli(data);
        for (final String topic : List.of("trades", "A", "B"))
        {
            final Cli.Result created = cli.run("topic", "create", topic, "--partitions",
                "trades".equals(topic) ? Integer.toString(INPUT_PARTITIONS) : "2");
            assertEquals(0, created.exitCode(), created::toString);
        }
        final Cli.Result produced = cli.run("produce", "trades", "--generator", "trades", "--count",
            Long.toString(EVENTS));
        assertEquals(0, produced.exitCode(), produced::toString);
        final W1Result expected = W1Reference.run(EVENTS, ReferenceGenerator.DEFAULT_SYMBOLS);

        try (RillLog log = RillLog.open(data))
        {
            // the uninterrupted run, with A's record count sampled every 2 ms of its run
            final Topic topicA = log.topic("A");
            final Process a = startRun(data, "A", dir.resolve("chk-a"), "a");
            final long[] sampleNs = new long[1 << 16];
            final long[] sampleRecords = new long[sampleNs.length];
            int samples = 0;
            try
            {
                assertTrue(awaitStarted(a, "a").group(0).contains("started without a checkpoint"), outputs("a"));
                final long startNs = System.nanoTime();
                while (!a.waitFor(2, TimeUnit.MILLISECONDS))
                {
                    assertTrue(System.nanoTime() - startNs < TIMEOUT_NS, () -> "A still running:\n" + outputs("a"));
                    if (samples < sampleNs.length)
                    {
                        sampleNs[samples] = System.nanoTime() - startNs;
                        sampleRecords[samples++] = records(topicA);
                    }
                }
                assertEquals(0, a.exitValue(), () -> outputs("a"));
            }
            finally
            {
                a.destroyForcibly();
            }
            assertEquals("trades-window: A holds " + expected + "\n", read("a.out"), () -> outputs("a"));
            final Matcher ended = ENDED.matcher(read("a.err"));
            assertTrue(ended.find(), () -> outputs("a"));
            final long runNs = (long)(Double.parseDouble(ended.group(1)) * 1e9);
            long m = 0;
            for (int i = 0; i < samples && sampleNs[i] <= runNs * 3 / 4; i++)
            {
                m = Math.max(m, sampleRecords[i]);
            }
            final long mRecords = m;
            assertTrue(mRecords > 0 && mRecords < expected.records(), () -> "A held " + mRecords + " of " +
                expected.records() + " records at 75% of its run: the kill targets need records written before the end");

            // the run into B, killed at KILLS targets and restarted until it finishes
            final SplittableRandom random = new SplittableRandom(SEED);
            final long jitterMs = Math.max(1, runNs / 20 / 1_000_000);
            final Topic topicB = log.topic("B");
            final List<String> kills = new ArrayList<>();
            final List<Long> restored = new ArrayList<>();
            int killed = 0;
            for (int run = 0; ; run++)
            {
                final String name = "b" + run;
                final Process b = startRun(data, "B", dir.resolve("chk-b"), name);
                try
                {
                    final Matcher started = awaitStarted(b, name);
                    final long startNs = System.nanoTime();
                    restored.add(started.group(2) == null ? 0 : Long.parseLong(started.group(2)));
                    if (killed == KILLS)
                    {
                        assertTrue(b.waitFor(120, TimeUnit.SECONDS), () -> "B still running:\n" + outputs(name));
                        assertEquals(0, b.exitValue(), () -> outputs(name));
                        assertEquals("trades-window: B holds " + expected + "\n", read(name + ".out"),
                            () -> outputs(name));
                        break;
                    }
                    final long target = mRecords * killed / KILLS + random.nextLong(Math.max(1, mRecords / KILLS));
                    final long delayMs = random.nextLong(jitterMs + 1);
                    while (records(topicB) < target && !b.waitFor(2, TimeUnit.MILLISECONDS))
                    {
                        assertTrue(System.nanoTime() - startNs < TIMEOUT_NS, () -> "B stuck:\n" + outputs(name));
                    }
                    if (b.waitFor(delayMs, TimeUnit.MILLISECONDS))
                    {
                        fail(name + " ended (exit " + b.exitValue() + ") before kill " + (killed + 1) + " (target " +
                            target + " records, then " + delayMs + " ms); kills so far: " + kills + "\n" +
                            outputs(name));
                    }
                    final long at = records(topicB);
                    final long aliveMs = (System.nanoTime() - startNs) / 1_000_000;
                    b.destroyForcibly();
                    assertTrue(b.waitFor(30, TimeUnit.SECONDS), name + " survived SIGKILL");
                    assertEquals(SIGKILLED, b.exitValue(), () -> outputs(name));
                    killed++;
                    kills.add(name + ": " + started.group(1) + ", killed after " + aliveMs + " ms with B at " + at +
                        " records (target " + target + " + " + delayMs + " ms)");
                }
                finally
                {
                    b.destroyForcibly();
                }
            }

            // the kills landed mid-run, and restarts resumed from checkpoints, newer ones as B progressed
            assertEquals(KILLS, killed);
            final long resumed = restored.stream().filter(id -> id > 0).count();
            assertTrue(resumed >= Math.min(3, KILLS), () -> "resumed " + resumed + " times: " + kills);
            for (int i = 1; i < restored.size(); i++)
            {
                assertTrue(restored.get(i) == 0 && restored.get(i - 1) == 0 || restored.get(i) >= restored.get(i - 1),
                    () -> "restored checkpoints went back: " + restored);
            }
            assertTrue(restored.stream().filter(id -> id > 0).distinct().count() >= Math.min(2, KILLS),
                () -> "every restart resumed from the same checkpoint: " + restored);

            final List<List<String>> contentsA = contents(topicA);
            final List<List<String>> contentsB = contents(topicB);
            assertTrue(contentsA.stream().allMatch(p -> !p.isEmpty()), "A has an empty partition");
            assertSameRecords(contentsA, contentsB);
            final W1Result b = TradesWindow.checksum(log, "B");
            assertEquals(expected, b);

            final StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "TradesWindowKillTest: %,d events in %d partition(s), uninterrupted run %.2f s (A held %,d records at 75%%), %d kills " +
                "(seed %d):%n", EVENTS, INPUT_PARTITIONS, runNs / 1e9, mRecords, KILLS, SEED));
            kills.forEach(k -> report.append("  ").append(k).append('\n'));
            report.append("  restored checkpoint per run (0 = none): ").append(restored).append('\n')
                .append("  B holds ").append(b).append(" = W1Reference ").append(expected)
                .append("; A and B equal record for record per partition (").append(contentsB.get(0).size())
                .append(" + ").append(contentsB.get(1).size()).append(String.format(Locale.ROOT, "); test %.1f s",
                (System.nanoTime() - testStartNs) / 1e9));
            System.out.println(report);
        }
    }
}
