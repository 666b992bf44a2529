package dev.rill.tools;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.rill.log.Consumer;
import dev.rill.log.ConsumerOptions;
import dev.rill.log.Murmur2Partitioner;
import dev.rill.log.Producer;
import dev.rill.log.RillLog;
import dev.rill.log.Topic;
import dev.rill.log.TopicConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProduceConsumeTest
{
    /** 2024-05-01T12:00:00Z in epoch nanoseconds. */
    private static final long T0 = Instant.parse("2024-05-01T12:00:00Z").getEpochSecond() * 1_000_000_000L;
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    /**
     * Piped lines are appended in batches; a line over the record size limit fails the command naming topic and
     * partition, and the lines before it, still waiting in their batch, are appended, not lost.
     */
    @Test
    void aLineOverTheLimitFailsAndTheLinesBeforeItAreKept()
    {
        final Cli cli = new Cli(dir);
        assertEquals(0, cli.run("topic", "create", "t", "--partitions", "1").exitCode());
        final String input = "a\tone\nb\ttwo\nc\tthree\n" + "x".repeat(1_100_000) + "\nd\tfour\n";
        final Cli.Result produced = cli.runWithInput(input, "produce", "t");
        assertEquals(1, produced.exitCode(), produced::toString);
        assertTrue(produced.err().startsWith("rill: record too large: topic=t, partition=0"), produced::toString);
        final List<String> all = new ArrayList<>();
        try (RillLog log = RillLog.open(dir); Consumer c = log.topic("t").consumer(ConsumerOptions.fromEarliest()))
        {
            while (c.poll(r -> all.add(r.offset() + "|" + r.keyAsString() + "|" + r.valueAsString()), 100) > 0)
            {
                assertTrue(all.size() <= 3);
            }
        }
        assertEquals(List.of("0|a|one", "1|b|two", "2|c|three"), all);
    }

    @Test
    void producesLinesByKeyAndReportsThePartitions()
    {
        final Cli cli = new Cli(dir);
        assertEquals(0, cli.run("topic", "create", "t", "--partitions", "3").exitCode());
        final String[] keys = {"a", "b", "c", "d", "e", "f"};
        final StringBuilder input = new StringBuilder();
        final long[] expected = new long[3];
        for (final String k : keys)
        {
            input.append(k).append('\t').append("value of ").append(k).append("\twith a tab\r\n");
            expected[Murmur2Partitioner.partition(k.getBytes(UTF_8), 3)]++;
        }
        input.append("no key\n");
        expected[0]++;
        input.append("last line without newline");
        expected[0]++;

        final Cli.Result produced = cli.runWithInput(input.toString(), "produce", "t");
        assertEquals(0, produced.exitCode(), produced::toString);
        assertEquals(List.of("produced 8 records to t" + ProduceCommand.summary(expected)), produced.lines());

        final List<String> all = new ArrayList<>();
        try (RillLog log = RillLog.open(dir); Consumer c = log.topic("t").consumer(ConsumerOptions.fromEarliest()))
        {
            while (c.poll(r -> all.add(r.partition() + "|" + r.keyAsString() + "|" + r.valueAsString()), 100) > 0)
            {
                assertTrue(all.size() <= 8);
            }
        }
        assertEquals(8, all.size(), all::toString);
        for (final String k : keys)
        {
            assertTrue(all.contains(Murmur2Partitioner.partition(k.getBytes(UTF_8), 3) + "|" + k + "|value of " + k +
                "\twith a tab"), all::toString);
        }
        assertTrue(all.contains("0||no key"), all::toString);
        assertTrue(all.contains("0||last line without newline"), all::toString);

        final Cli.Result explicit = cli.runWithInput("x\t1\ny\t2\n", "produce", "t", "--partition", "2");
        assertEquals(List.of("produced 2 records to t: partition 2: 2"), explicit.lines(), explicit::toString);
    }

    @Test
    void consumesAsTextWithExactLines()
    {
        writeFixedRecords();
        final Cli.Result text = new Cli(dir).run("consume", "t");
        assertEquals(0, text.exitCode(), text::toString);
        assertEquals(List.of(
            "0\t0\t2024-05-01T12:00:00Z\tk0\tv0",
            "0\t1\t2024-05-01T12:00:01Z\t\tno key",
            "0\t2\t2024-05-01T12:00:02Z\tq\"uote\tline\\nbreak\\ttab\\\\slash",
            "0\t3\t2024-05-01T12:00:03.000000001Z\tbin\t\uFFFD\uFFFDA",
            "1\t0\t2024-05-01T12:00:04Z\tp1\tonly record of partition 1"), text.lines());
        assertEquals("", text.err());
    }

    @Test
    void consumesAsJsonWithBase64ForBytesThatAreNotUtf8()
    {
        writeFixedRecords();
        final Cli.Result json = new Cli(dir).run("consume", "t", "--format", "json", "--partition", "0");
        assertEquals(0, json.exitCode(), json::toString);
        assertEquals(List.of(
            "{\"topic\":\"t\",\"partition\":0,\"offset\":0,\"timestamp\":" + T0 + ",\"key\":\"k0\",\"value\":\"v0\"}",
            "{\"topic\":\"t\",\"partition\":0,\"offset\":1,\"timestamp\":" + (T0 + SECOND) +
                ",\"key\":\"\",\"value\":\"no key\"}",
            "{\"topic\":\"t\",\"partition\":0,\"offset\":2,\"timestamp\":" + (T0 + 2 * SECOND) +
                ",\"key\":\"q\\\"uote\",\"value\":\"line\\nbreak\\ttab\\\\slash\"}",
            "{\"topic\":\"t\",\"partition\":0,\"offset\":3,\"timestamp\":" + (T0 + 3 * SECOND + 1) +
                ",\"key\":\"bin\",\"valueBase64\":\"/v9B\"}"), json.lines());
    }

    @Test
    void startsFromATimeInIsoOrEpochMillisAndFromOffsetsAndLatest()
    {
        writeFixedRecords();
        final Cli cli = new Cli(dir);
        final List<String> fromTwoSeconds = List.of(
            "0\t2\t2024-05-01T12:00:02Z\tq\"uote\tline\\nbreak\\ttab\\\\slash",
            "0\t3\t2024-05-01T12:00:03.000000001Z\tbin\t\uFFFD\uFFFDA");
        assertEquals(fromTwoSeconds, cli.run("consume", "t", "--partition", "0", "--from", "@2024-05-01T12:00:02Z")
            .lines());
        assertEquals(fromTwoSeconds, cli.run("consume", "t", "--partition", "0", "--from",
            "@2024-05-01T14:00:01.5+02:00").lines());
        assertEquals(fromTwoSeconds, cli.run("consume", "t", "--partition", "0", "--from",
            "@" + (T0 / 1_000_000 + 1_001)).lines());
        final LocalDateTime local = LocalDateTime.ofInstant(Instant.parse("2024-05-01T12:00:02Z"),
            ZoneId.systemDefault());
        assertEquals(fromTwoSeconds, cli.run("consume", "t", "--partition", "0", "--from", "@" + local).lines());
        // a time after every record of partition 0, before the one of partition 1
        assertEquals(List.of("1\t0\t2024-05-01T12:00:04Z\tp1\tonly record of partition 1"),
            cli.run("consume", "t", "--from", "@2024-05-01T12:00:03.5Z").lines());

        assertEquals(List.of("0\t3\t2024-05-01T12:00:03.000000001Z\tbin\t\uFFFD\uFFFDA"),
            cli.run("consume", "t", "--partition", "0", "--from", "3").lines());
        final Cli.Result latest = cli.run("consume", "t", "--from", "latest");
        assertEquals(0, latest.exitCode(), latest::toString);
        assertEquals("", latest.out());
        assertEquals(List.of("0\t0\t2024-05-01T12:00:00Z\tk0\tv0"), cli.run("consume", "t", "--max", "1").lines());
    }

    @Test
    void aGroupResumesWhereItsLastRunStopped()
    {
        writeFixedRecords();
        final Cli cli = new Cli(dir);
        final Cli.Result first = cli.run("consume", "t", "--partition", "0", "--group", "g", "--max", "2");
        assertEquals(List.of("0\t0\t2024-05-01T12:00:00Z\tk0\tv0", "0\t1\t2024-05-01T12:00:01Z\t\tno key"),
            first.lines(), first::toString);
        final Cli.Result second = cli.run("consume", "t", "--partition", "0", "--group", "g", "--format", "json");
        assertEquals(2, second.lines().size(), second::toString);
        assertTrue(second.lines().get(0).contains("\"offset\":2"), second::toString);
        assertTrue(second.lines().get(1).contains("\"offset\":3"), second::toString);
        assertEquals("", cli.run("consume", "t", "--partition", "0", "--group", "g").out());
        // the group's committed offset wins over --from
        assertEquals("", cli.run("consume", "t", "--partition", "0", "--group", "g", "--from", "earliest").out());
        // another group starts from --from
        assertEquals(1, cli.run("consume", "t", "--partition", "0", "--group", "h", "--from", "3").lines().size());
        try (RillLog log = RillLog.open(dir))
        {
            assertEquals(4, log.offsets().committed("g", "t", 0));
            assertEquals(-1, log.offsets().committed("g", "t", 1));
            assertEquals(4, log.offsets().committed("h", "t", 0));
        }
    }

    @Test
    void followPrintsRecordsAppendedAfterItStarted() throws Exception
    {
        final Cli cli = new Cli(dir);
        assertEquals(0, cli.run("topic", "create", "t", "--partitions", "2").exitCode());
        final AtomicReference<Cli.Result> result = new AtomicReference<>();
        final Thread follower = new Thread(() -> result.set(cli.run("consume", "t", "--follow", "--max", "3")),
            "follower");
        follower.start();
        // The follower backs off (a timed wait) once it has read to the end of every partition.
        final long deadlineNs = System.nanoTime() + 10_000_000_000L;
        while (follower.getState() != Thread.State.TIMED_WAITING && follower.isAlive() &&
            System.nanoTime() < deadlineNs)
        {
            Thread.onSpinWait();
        }
        assertTrue(follower.isAlive(), "the follower stopped with nothing to read: " + result.get());
        try (RillLog log = RillLog.open(dir))
        {
            final Producer producer = log.topic("t").producer();
            producer.append(1, T0, "a".getBytes(UTF_8), "1".getBytes(UTF_8));
            producer.append(0, T0 + 1, "b".getBytes(UTF_8), "2".getBytes(UTF_8));
            producer.append(1, T0 + 2, "c".getBytes(UTF_8), "3".getBytes(UTF_8));
        }
        follower.join(10_000);
        assertTrue(!follower.isAlive(), "follower did not stop after --max 3");
        final Cli.Result r = result.get();
        assertEquals(0, r.exitCode(), r::toString);
        assertEquals(3, r.lines().size(), r::toString);
        // Order across partitions is not promised; each record appended after the follower started is there.
        assertTrue(r.lines().contains("1\t0\t2024-05-01T12:00:00Z\ta\t1"), r::toString);
        assertTrue(r.lines().contains("0\t0\t2024-05-01T12:00:00.000000001Z\tb\t2"), r::toString);
        assertTrue(r.lines().contains("1\t1\t2024-05-01T12:00:00.000000002Z\tc\t3"), r::toString);
    }

    @Test
    void syntheticRecordsFollowTheReferenceGenerator()
    {
        final Cli cli = new Cli(dir);
        assertEquals(0, cli.run("topic", "create", "text", "--partitions", "1").exitCode());
        final Cli.Result produced = cli.run("produce", "text", "--count", "1000", "--size", "20");
        assertEquals(0, produced.exitCode(), produced::toString);
        assertTrue(produced.out().startsWith("produced 1000 synthetic records (value 20 bytes) to text in "),
            produced::toString);
        assertTrue(produced.out().endsWith(": partition 0: 1000\n"), produced::toString);
        assertEquals("", produced.err(), "no progress line when stderr is not a terminal");
        // the first events of shared/bench/WORKLOADS.md: symbol, price, qty, eventTimeNanos
        final List<String> values = new ArrayList<>();
        for (final String line : cli.run("consume", "text", "--max", "4").lines())
        {
            final String[] fields = line.split("\t");
            values.add(fields[3] + "|" + fields[4]);
        }
        assertEquals(List.of(
            "5700|10539,159,0         ",
            "5679|10000,94,1000       ",
            "2444|10804,185,2000      ",
            "4747|10282,138,3000      "), values);

        assertEquals(0, cli.run("topic", "create", "bin", "--partitions", "4").exitCode());
        final Cli.Result binary = cli.run("produce", "bin", "--count", "100", "--binary", "--partition", "3");
        assertEquals(0, binary.exitCode(), binary::toString);
        assertTrue(binary.out().endsWith(": partition 3: 100\n"), binary::toString);
        try (RillLog log = RillLog.open(dir); Consumer c = log.topic("bin").consumer(ConsumerOptions.fromEarliest()))
        {
            final List<String> events = new ArrayList<>();
            c.poll(r ->
            {
                final ByteBuffer key = ByteBuffer.wrap(r.keyBytes()).order(ByteOrder.LITTLE_ENDIAN);
                final ByteBuffer value = ByteBuffer.wrap(r.valueBytes()).order(ByteOrder.LITTLE_ENDIAN);
                events.add(key.getLong() + "/" + value.getLong() + "/" + value.getLong() + "/" + value.getLong() +
                    "/" + r.keyLength() + "+" + r.valueLength());
            }, 2);
            assertEquals(List.of("5700/10539/159/0/8+24", "5679/10000/94/1000/8+24"), events);
        }

        // Plain --count stamps the time of the append; --generator trades stamps the trade's event time.
        final long beforeNs = (System.currentTimeMillis() - 60_000) * 1_000_000L;
        assertEquals(0, cli.run("topic", "create", "trades", "--partitions", "1").exitCode());
        assertEquals(0, cli.run("produce", "trades", "--count", "3", "--generator", "trades").exitCode());
        try (RillLog log = RillLog.open(dir))
        {
            final List<Long> binTimes = new ArrayList<>();
            try (Consumer c = log.topic("bin").consumer(ConsumerOptions.fromEarliest()))
            {
                c.poll(r -> binTimes.add(r.timestampNs()), 100);
            }
            assertEquals(100, binTimes.size());
            assertTrue(binTimes.stream().allMatch(t -> t >= beforeNs), "append times expected: " + binTimes);
            final List<Long> tradeTimes = new ArrayList<>();
            try (Consumer c = log.topic("trades").consumer(ConsumerOptions.fromEarliest()))
            {
                c.poll(r -> tradeTimes.add(r.timestampNs()), 100);
            }
            assertEquals(List.of(0L, 1_000L, 2_000L), tradeTimes);
        }
    }

    /**
     * Partition 0: four records a second apart from {@link #T0}, one without key, one needing escapes, one with a
     * value that is not UTF-8; partition 1: one record.
     */
    private void writeFixedRecords()
    {
        try (RillLog log = RillLog.open(dir))
        {
            final Topic topic = log.createTopic("t", TopicConfig.builder(2).build());
            final Producer p = topic.producer();
            p.append(0, T0, "k0".getBytes(UTF_8), "v0".getBytes(UTF_8));
            p.append(0, T0 + SECOND, new byte[0], "no key".getBytes(UTF_8));
            p.append(0, T0 + 2 * SECOND, "q\"uote".getBytes(UTF_8), "line\nbreak\ttab\\slash".getBytes(UTF_8));
            p.append(0, T0 + 3 * SECOND + 1, "bin".getBytes(UTF_8), new byte[] {(byte)0xFE, (byte)0xFF, 'A'});
            p.append(1, T0 + 4 * SECOND, "p1".getBytes(UTF_8), "only record of partition 1".getBytes(UTF_8));
        }
    }
}
