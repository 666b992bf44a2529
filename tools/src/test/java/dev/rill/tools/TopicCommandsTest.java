package dev.rill.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TopicCommandsTest
{
    @TempDir
    Path dir;

    @Test
    void createsListsDescribesAndDeletesTopics()
    {
        final Cli cli = new Cli(dir);
        final Cli.Result created = cli.run("topic", "create", "trades", "--partitions", "3", "--retention-age", "24h",
            "--retention-bytes", "10g");
        assertEquals(0, created.exitCode(), created::toString);
        assertTrue(created.out().startsWith("created topic trades: 3 partitions, retention age 1d, " +
            "retention bytes 10g, max record 1m, roll cycle FAST_HOURLY, block size 64m"), created::toString);
        assertEquals("", created.err());
        assertEquals(0, cli.run("topic", "create", "quotes", "--partitions", "1").exitCode());

        assertEquals(List.of("quotes", "trades"), cli.run("topic", "list").lines());

        assertEquals(0, cli.runWithInput("a\tx\nb\ty\nc\tz\n", "produce", "trades", "--partition", "1").exitCode());
        final Cli.Result described = cli.run("topic", "describe", "trades");
        assertEquals(0, described.exitCode(), described::toString);
        final List<String> lines = described.lines();
        assertEquals("topic trades (" + dir.resolve("topics").resolve("trades") + ")", lines.get(0));
        assertEquals("  3 partitions, retention age 1d, retention bytes 10g, max record 1m, " +
            "roll cycle FAST_HOURLY, block size 64m", lines.get(1));
        assertTrue(lines.get(2).matches("  partition +earliest +next +records +on-disk +time range"), lines.get(2));
        assertTrue(lines.get(3).matches("  0 +0 +0 +0 +\\S+ B +-"), lines.get(3));
        final String iso = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z";
        assertTrue(lines.get(4).matches("  1 +0 +3 +3 +[0-9.]+ [KMG]?i?B +" + iso + "\\.\\." + iso), lines.get(4));
        assertTrue(lines.get(5).matches("  2 +0 +0 +0 +\\S+ B +-"), lines.get(5));
        assertEquals(6, lines.size(), described::toString);

        final Cli.Result deleted = cli.run("topic", "delete", "trades");
        assertEquals(0, deleted.exitCode(), deleted::toString);
        assertEquals(List.of("deleted topic trades"), deleted.lines());
        assertEquals(List.of("quotes"), cli.run("topic", "list").lines());
    }

    @Test
    void takesTheDataDirectoryFromRillDirWhenDirIsNotGiven()
    {
        final Rill rill = new Rill(System.in, java.util.Map.of("RILL_DIR", dir.toString()));
        assertEquals(0, Cli.execute(rill, "topic", "create", "t", "--partitions", "2").exitCode());
        assertEquals(List.of("t"), new Cli(dir).run("topic", "list").lines());
        // --dir wins over RILL_DIR, before or after the subcommand
        final Path other = dir.resolve("other");
        final Rill again = new Rill(System.in, java.util.Map.of("RILL_DIR", dir.toString()));
        assertEquals(0, Cli.execute(again, "topic", "create", "u", "--partitions", "1", "--dir", other.toString())
            .exitCode());
        assertEquals(List.of("u"), new Cli(other).run("topic", "list").lines());
    }

    @Test
    void everyCommandHasHelpAndTheRootHasVersion()
    {
        final Cli cli = new Cli(dir);
        for (final String[] command : new String[][] {
            {}, {"topic"}, {"topic", "create"}, {"topic", "list"}, {"topic", "describe"}, {"topic", "delete"},
            {"produce"}, {"consume"}, {"dump"}})
        {
            final String[] args = java.util.Arrays.copyOf(command, command.length + 1);
            args[command.length] = "--help";
            final Cli.Result help = cli.run(args);
            assertEquals(0, help.exitCode(), help::toString);
            assertTrue(help.out().startsWith("Usage: rill" + (command.length == 0 ? "" : " " +
                String.join(" ", command))), help::toString);
        }
        final Cli.Result version = cli.run("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().startsWith("rill "), version::toString);
    }
}
