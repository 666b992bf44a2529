package dev.rill.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each bad input: a non-zero exit code (2 for bad input, 1 for a failure while running) and one line on stderr,
 * {@code rill: <message>} naming the bad value, never a stack trace.
 */
class BadInputTest
{
    @TempDir
    Path dir;

    private Cli cli;

    @BeforeEach
    void createTopic()
    {
        cli = new Cli(dir);
        assertEquals(0, cli.runWithInput("a\t1\nb\t2\n", "topic", "create", "t", "--partitions", "2").exitCode());
        assertEquals(0, cli.runWithInput("x\n", "produce", "t", "--partition", "0").exitCode());
    }

    @Test
    void unknownTopic()
    {
        for (final String[] args : new String[][] {
            {"consume", "nope"}, {"produce", "nope"}, {"topic", "describe", "nope"}, {"topic", "delete", "nope"},
            {"dump", "nope", "--partition", "0", "--offset", "0"}})
        {
            assertFails(1, "unknown topic: nope (in " + dir + ")", args);
        }
    }

    @Test
    void topicCreatedTwice()
    {
        assertFails(1, "topic already exists: t (in " + dir + ")", "topic", "create", "t", "--partitions", "3");
    }

    @Test
    void partitionsNotPositive()
    {
        assertFails(2, "partitions must be in 1..4096: 0", "topic", "create", "u", "--partitions", "0");
        assertFails(2, "partitions must be in 1..4096: -3", "topic", "create", "u", "--partitions", "-3");
        assertFails(2, "Invalid value for option '--partitions': 'two' is not an int", "topic", "create", "u",
            "--partitions", "two");
        assertFails(2, "Missing required option: '--partitions=N'", "topic", "create", "u");
    }

    @Test
    void badRetention()
    {
        assertFails(2, "Invalid value for option '--retention-age': bad duration '5x': use a whole number and a " +
            "unit ms, s, m, h or d (e.g. 30s, 15m, 24h, 7d)", "topic", "create", "u", "--partitions", "1",
            "--retention-age", "5x");
        assertFails(2, "Invalid value for option '--retention-age': bad duration '0h': must be more than 0",
            "topic", "create", "u", "--partitions", "1", "--retention-age", "0h");
        assertFails(2, "Invalid value for option '--retention-bytes': bad size '10q': use a whole number of bytes " +
            "with an optional unit k, m, g or t (e.g. 1024, 512m, 10g)", "topic", "create", "u", "--partitions", "1",
            "--retention-bytes", "10q");
    }

    @Test
    void malformedTime()
    {
        assertFails(2, "Invalid value for option '--from': bad time 'yesterday': use ISO-8601", "consume", "t",
            "--from", "@yesterday");
        assertFails(2, "Invalid value for option '--from': bad time '2024-13-01T00:00:00Z'", "consume", "t",
            "--from", "@2024-13-01T00:00:00Z");
        assertFails(2, "Invalid value for option '--from': bad start 'soon': use earliest, latest, an offset",
            "consume", "t", "--from", "soon");
    }

    @Test
    void offsetPastTheEnd()
    {
        assertFails(1, "offset out of range: topic=t, partition=0, offset=5, earliest=0, next=1", "consume", "t",
            "--partition", "0", "--from", "5");
        assertFails(1, "offset out of range: topic=t, partition=0, offset=1, earliest=0, next=1", "dump", "t",
            "--partition", "0", "--offset", "1");
        assertFails(2, "Invalid value for option '--from': bad start '-1'", "consume", "t", "--from", "-1");
    }

    @Test
    void partitionOutOfRange()
    {
        assertFails(2, "no such partition: --partition 2, topic t has partitions 0..1", "consume", "t",
            "--partition", "2");
        assertFails(2, "no such partition: --partition -1, topic t has partitions 0..1", "produce", "t",
            "--partition", "-1");
        assertFails(2, "no such partition: --partition 7, topic t has partitions 0..1", "dump", "t",
            "--partition", "7", "--offset", "0");
    }

    @Test
    void directoryThatIsNotATopic() throws IOException
    {
        Files.createDirectories(dir.resolve("topics").resolve("junk").resolve("p-0"));
        assertFails(1, "not a Rill topic: topic=junk, dir=" + dir.resolve("topics").resolve("junk") +
            ": no topic.properties", "consume", "junk");
        Files.writeString(dir.resolve("topics").resolve("junk").resolve("topic.properties"), "format=2\n");
        assertFails(1, "not a Rill topic: topic=junk", "topic", "describe", "junk");
    }

    @Test
    void dataDirectoryThatIsAFile() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("a-file"), "x");
        final Cli.Result r = new Cli(file).run("topic", "list");
        assertEquals(1, r.exitCode(), r::toString);
        assertEquals("rill: log directory is not a directory: " + file + "\n", r.err());
    }

    @Test
    void badNamesAndUsage()
    {
        assertFails(2, "invalid topic name 'a b'", "topic", "create", "a b", "--partitions", "1");
        assertFails(2, "invalid group name '/etc'", "consume", "t", "--group", "/etc");
        assertFails(2, "Unknown options: '--partitons', '1'; did you mean --partitions?", "topic", "create", "u", "--partitons", "1");
        assertFails(2, "Unmatched argument at index", "frobnicate");
        assertFails(2, "missing command: topic, produce, consume, dump, run or demo");
        assertFails(2, "missing subcommand: create, list, describe or delete", "topic");
        assertFails(2, "Invalid value for option '--format': expected one of [TEXT, JSON]", "consume", "t",
            "--format", "xml");
        assertFails(2, "--size and --binary need --count", "produce", "t", "--size", "10");
        assertFails(2, "--size 4 does not fit: 10 synthetic records need values of at least 14 bytes", "produce",
            "t", "--count", "10", "--size", "4");
        assertFails(2, "--max must be >= 0: -1", "consume", "t", "--max", "-1");
    }

    @Test
    void verboseAddsTheStackTrace()
    {
        final Cli.Result r = cli.run("consume", "nope", "--verbose");
        assertEquals(1, r.exitCode());
        assertTrue(r.err().startsWith("rill: unknown topic: nope"), r::toString);
        assertTrue(r.err().contains("dev.rill.log.UnknownTopicException: unknown topic: nope"), r::toString);
        assertTrue(r.err().contains("\tat dev.rill.log.RillLog.topic("), r::toString);
    }

    private void assertFails(final int exitCode, final String messageStart, final String... args)
    {
        final Cli.Result r = cli.run(args);
        assertEquals(exitCode, r.exitCode(), r::toString);
        assertEquals("", r.out(), r::toString);
        assertTrue(r.err().startsWith("rill: " + messageStart), () -> "expected 'rill: " + messageStart + "' in\n" + r);
        assertTrue(r.err().endsWith("\n"), r::toString);
        assertEquals(1, r.err().lines().count(), () -> "more than one line on stderr:\n" + r);
        assertFalse(r.err().contains("\tat "), r::toString);
        assertFalse(r.err().contains("Exception"), r::toString);
    }
}
