package dev.rill.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import dev.rill.engine.examples.QueueStream;
import dev.rill.engine.examples.TopicCount;
import dev.rill.engine.examples.TradesWindow;
import dev.rill.log.Consumer;
import dev.rill.log.ConsumerOptions;
import dev.rill.log.Producer;
import dev.rill.log.RillLog;
import dev.rill.log.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rill run CLASS --from OFFSET|@TIME}: every log source of the job starts there in every partition, the job's
 * checkpoints stay byte for byte as they were, and bad positions are refused with one line naming what was wrong.
 */
class ReplayTest
{
    private static final long T0_MS = Instant.parse("2024-05-01T12:00:00Z").toEpochMilli();
    private static final String COUNT = TopicCount.class.getName();

    @TempDir
    Path dir;

    /** Topic t, 2 partitions: p0 holds records at T0 + 0, 100, 900, 1500, 3200 ms; p1 at T0 + 50, 1200, 2500 ms. */
    private void writeTwoPartitions()
    {
        try (RillLog log = RillLog.open(dir))
        {
            final Producer producer = log.createTopic("t", TopicConfig.builder(2).build()).producer();
            for (final long ms : new long[] {0, 100, 900, 1_500, 3_200})
            {
                producer.append(0, (T0_MS + ms) * 1_000_000L, new byte[0], "x".getBytes(StandardCharsets.UTF_8));
            }
            for (final long ms : new long[] {50, 1_200, 2_500})
            {
                producer.append(1, (T0_MS + ms) * 1_000_000L, new byte[0], "y".getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static String batch(final long timeMs, final String record)
    {
        final String dashes = "-".repeat(43);
        return dashes + "\nTime: " + timeMs + " ms\n" + dashes + "\n" + record + "\n\n";
    }

    private static String out(final Cli.Result r)
    {
        return r.out().replace(System.lineSeparator(), "\n");
    }

    @Test
    void fromAnOffsetEveryPartitionStartsThere()
    {
        writeTwoPartitions();
        final Cli cli = new Cli(dir);
        // p0 from offset 1: 100, 900, 1500, 3200; p1 from offset 1: 1200, 2500
        final String expected = batch(T0_MS + 1_000, "2") + batch(T0_MS + 2_000, "2") + batch(T0_MS + 3_000, "1") +
            batch(T0_MS + 4_000, "1");
        final Cli.Result after = cli.run("run", COUNT, "t", "--from", "1");
        assertEquals(0, after.exitCode(), after::toString);
        assertEquals(expected, out(after), after::toString);
        assertTrue(after.err().startsWith("rill run: replaying " + COUNT + " from offset 1 in every partition"),
            after::toString);
        final Cli.Result before = cli.run("run", "--from", "1", COUNT, "t");
        assertEquals(0, before.exitCode(), before::toString);
        assertEquals(expected, out(before), before::toString);
        // offset 3 is the end of p1: nothing from it, and no error
        final Cli.Result atEnd = cli.run("run", COUNT, "t", "--from=3");
        assertEquals(0, atEnd.exitCode(), atEnd::toString);
        assertEquals(batch(T0_MS + 2_000, "1") + batch(T0_MS + 3_000, "0") + batch(T0_MS + 4_000, "1"), out(atEnd),
            atEnd::toString);
    }

    @Test
    void fromATimeEveryPartitionStartsAtItsFirstRecordAtOrAfterIt()
    {
        writeTwoPartitions();
        final Cli cli = new Cli(dir);
        // from T0 + 1000 ms: p0 1500, 3200; p1 1200, 2500
        final String expected = batch(T0_MS + 2_000, "2") + batch(T0_MS + 3_000, "1") + batch(T0_MS + 4_000, "1");
        final Cli.Result iso = cli.run("run", COUNT, "t", "--from", "@2024-05-01T12:00:01Z");
        assertEquals(0, iso.exitCode(), iso::toString);
        assertEquals(expected, out(iso), iso::toString);
        final Cli.Result epochMs = cli.run("run", COUNT, "t", "--from", "@" + (T0_MS + 1_000));
        assertEquals(0, epochMs.exitCode(), epochMs::toString);
        assertEquals(expected, out(epochMs), epochMs::toString);
    }

    @Test
    void aReplayLeavesTheJobsCheckpointsByteIdenticalAndRestoresNothing() throws IOException
    {
        final Path data = dir.resolve("data");
        final Path checkpoints = dir.resolve("chk");
        final Cli cli = new Cli(data);
        assertEquals(0, cli.run("topic", "create", "trades", "--partitions", "1").exitCode());
        final Cli.Result produced = cli.run("produce", "trades", "--generator", "trades", "--count", "20000");
        assertEquals(0, produced.exitCode(), produced::toString);
        final Cli.Result first = cli.run("example", "trades-window", "--input", "trades", "--output", "a",
            "--checkpoint", checkpoints.toString(), "--checkpoint-interval", "5ms", "--until-end");
        assertEquals(0, first.exitCode(), first::toString);
        final Map<String, byte[]> before = snapshot(checkpoints);
        assertTrue(before.keySet().stream().anyMatch(name -> name.endsWith("MANIFEST")),
            () -> "a complete checkpoint to leave alone: " + before.keySet());

        // a normal restart would restore the newest checkpoint and write nothing new: the replay runs from 0
        final Cli.Result replay = cli.run("run", TradesWindow.class.getName(), "--input", "trades", "--output", "c",
            "--checkpoint", checkpoints.toString(), "--checkpoint-interval", "5", "--until-end", "--from", "0");
        assertEquals(0, replay.exitCode(), replay::toString);
        assertSnapshotsEqual(before, snapshot(checkpoints));
        assertEquals(records(data, "a"), records(data, "c"));

        final Cli.Result later = cli.run("run", "--from", "@10", TradesWindow.class.getName(), "--input", "trades",
            "--output", "d", "--checkpoint", checkpoints.toString(), "--until-end");
        assertEquals(0, later.exitCode(), later::toString);
        assertSnapshotsEqual(before, snapshot(checkpoints));
        // trade i is stamped i x 1000 ns: from 10 ms, the second half of the trades is in every window of d
        final long tradesOfD = tradesCounted(data, "d");
        assertEquals(tradesCounted(data, "a"), 2 * tradesCounted(data, "d"));
        assertTrue(tradesOfD > 0 && tradesOfD % 10_000 == 0, () -> tradesOfD + " trades counted in d");
    }

    @Test
    void anOffsetPastTheEndIsRefusedNamingTopicPartitionOffsetAndEnd()
    {
        writeTwoPartitions();
        final Cli.Result r = new Cli(dir).run("run", COUNT, "t", "--from", "4");
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals("", r.out());
        assertTrue(r.err().endsWith("rill: start offset past the end of the log: topic=t, partition=1, offset=4, " +
            "end=3 (the next offset to be written; the partition holds offsets 0..2)\n"), r::toString);
    }

    @Test
    void aMalformedPositionIsRefusedWithWhatIsAccepted()
    {
        writeTwoPartitions();
        final Cli cli = new Cli(dir);
        final Cli.Result time = cli.run("run", COUNT, "t", "--from", "@yesterday");
        assertEquals(2, time.exitCode(), time::toString);
        assertEquals("rill: Invalid value for option '--from': bad time 'yesterday': use ISO-8601 " +
            "(2024-05-01T12:00:00Z, 2024-05-01T14:00:00+02:00, or 2024-05-01T12:00 in local time) or epoch " +
            "milliseconds (1714564800000)\n", time.err());
        final Cli.Result negative = cli.run("run", "--from", "-1", COUNT, "t");
        assertEquals(2, negative.exitCode(), negative::toString);
        assertTrue(negative.err().startsWith("rill: Invalid value for option '--from': bad start '-1'"),
            negative::toString);
        final Cli.Result missing = cli.run("run", COUNT, "t", "--from");
        assertEquals(2, missing.exitCode(), missing::toString);
        assertTrue(missing.err().contains("'--from'"), missing::toString);
        final Cli.Result twice = cli.run("run", "--from", "1", COUNT, "t", "--from", "2");
        assertEquals(2, twice.exitCode(), twice::toString);
        assertTrue(twice.err().contains("--from given twice"), twice::toString);
    }

    @Test
    void aJobWithoutALogSourceOrThatCannotBeReachedIsRefused()
    {
        writeTwoPartitions();
        final Cli cli = new Cli(dir);
        final Cli.Result queue = cli.run("run", QueueStream.class.getName(), "--from", "0");
        assertEquals(2, queue.exitCode(), queue::toString);
        assertEquals("", queue.out());
        assertTrue(queue.err().endsWith("rill: replay from offset 0: the pipeline has no log-topic source to start " +
            "there (only topicStream sources replay a log; sockets, files, generators and queues cannot)\n"),
            queue::toString);
        final Cli.Result own = cli.run("run", OwnConfigJob.class.getName(), "t", "--from", "0");
        assertEquals(2, own.exitCode(), own::toString);
        assertTrue(own.err().startsWith("rill: " + OwnConfigJob.class.getName() + " built its pipeline without " +
            "JobContext.configBuilder(), so --from cannot reach its log sources"), own::toString);
    }

    /** The sum of the trade counts (value bytes 8..15, little-endian) of every result in an output topic. */
    private static long tradesCounted(final Path data, final String topic)
    {
        final long[] sum = new long[1];
        try (RillLog log = RillLog.open(data);
            Consumer consumer = log.topic(topic).consumer(ConsumerOptions.fromEarliest()))
        {
            while (consumer.poll(r -> sum[0] += ByteBuffer.wrap(r.valueBytes()).order(ByteOrder.LITTLE_ENDIAN)
                .getLong(8), 4_096) > 0)
            {
                // until the end
            }
        }
        return sum[0];
    }

    /** Every file under {@code root} by relative path, with its bytes; directories as empty entries. */
    private static Map<String, byte[]> snapshot(final Path root) throws IOException
    {
        final Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : (Iterable<Path>)paths::iterator)
            {
                final String name = root.relativize(path).toString();
                files.put(Files.isDirectory(path) ? name + "/" : name,
                    Files.isDirectory(path) ? new byte[0] : Files.readAllBytes(path));
            }
        }
        return files;
    }

    private static void assertSnapshotsEqual(final Map<String, byte[]> expected, final Map<String, byte[]> actual)
    {
        assertEquals(expected.keySet(), actual.keySet(), "files in the checkpoint directory");
        for (final Map.Entry<String, byte[]> e : expected.entrySet())
        {
            assertTrue(Arrays.equals(e.getValue(), actual.get(e.getKey())), () -> "bytes of " + e.getKey());
        }
    }

    /** Every record of a topic as text: partition, offset, timestamp, key and value bytes. */
    private static List<String> records(final Path data, final String topic)
    {
        final List<String> records = new ArrayList<>();
        try (RillLog log = RillLog.open(data);
            Consumer consumer = log.topic(topic).consumer(ConsumerOptions.fromEarliest()))
        {
            while (consumer.poll(r -> records.add(r.partition() + "/" + r.offset() + "@" + r.timestampNs() + " " +
                Arrays.toString(r.keyBytes()) + " " + Arrays.toString(r.valueBytes())), 4_096) > 0)
            {
                // until the end
            }
        }
        return records;
    }
}
