package dev.rill.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import dev.rill.log.RillLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest
{
    private static final Pattern WINDOW_LINE = Pattern.compile("window \\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\.\\." +
        "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} UTC +[0-9,]+ trades  top notional: #\\d+ [0-9.]+M \\(\\d+\\)(, #\\d+ " +
        "[0-9.]+M \\(\\d+\\)){2}");
    private static final Pattern READ_ROW = Pattern.compile("append -> read by the pipeline +160000( +[0-9.]+){5}");

    @TempDir
    Path dir;

    @Test
    void writesReadsAndReportsLatencyAndHowToReplay()
    {
        final Cli.Result r = new Cli(dir).run("demo", "--events", "200000");
        assertEquals(0, r.exitCode(), r::toString);
        final List<String> lines = r.lines();
        assertTrue(lines.get(0).startsWith("rill demo: log in " + dir.toAbsolutePath() + ", topic trades (4 " +
            "partitions, key = symbol)"), r::toString);
        assertTrue(lines.stream().anyMatch(l -> WINDOW_LINE.matcher(l).matches()), r::toString);
        assertTrue(lines.contains("wrote 200,000 trades in " + lines.stream().filter(l -> l.startsWith("wrote "))
            .findFirst().orElseThrow().substring("wrote 200,000 trades in ".length())), r::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("pipeline read 200,000 trades in ")), r::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("latency (us)")), r::toString);
        // 200,000 trades, the first 40,000 of them warm-up
        assertTrue(lines.stream().anyMatch(l -> READ_ROW.matcher(l).matches()), r::toString);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("window end -> its result in the sink")), r::toString);
        assertTrue(lines.contains("The log stays in " + dir.toAbsolutePath() + ". Replay the topic:"), r::toString);
        assertTrue(lines.contains("  rill --dir " + dir.toAbsolutePath() + " run dev.rill.engine.examples.TopicCount " +
            "trades --from 1000"), r::toString);
        assertTrue(r.err().lines().allMatch(l -> l.startsWith("rill demo: ")), r::toString);

        try (RillLog log = RillLog.open(dir))
        {
            long records = 0;
            for (int p = 0; p < 4; p++)
            {
                records += log.topic("trades").nextOffset(p);
            }
            assertEquals(200_000, records);
        }

        // the replay hint works
        final Cli.Result replay = new Cli(dir).run("run", "dev.rill.engine.examples.TopicCount", "trades");
        assertEquals(0, replay.exitCode(), replay::toString);

        final Cli.Result again = new Cli(dir).run("demo", "--events", "10");
        assertEquals(1, again.exitCode(), again::toString);
        assertEquals("rill: topic trades already exists in " + dir.toAbsolutePath() + ": rill demo writes a new " +
            "one; give it an empty --dir, or leave --dir out for a temporary folder\n", again.err());
    }

    @Test
    void refusesSizesThatMakeNoSense()
    {
        final Cli cli = new Cli(dir);
        final Cli.Result none = cli.run("demo", "--events", "0");
        assertEquals(2, none.exitCode(), none::toString);
        assertEquals("rill: --events must be 1..1000000000: 0\n", none.err());
        final Cli.Result rate = cli.run("demo", "--rate", "-5");
        assertEquals(2, rate.exitCode(), rate::toString);
        assertEquals("rill: --rate must be 1..100000000 trades/s: -5\n", rate.err());
    }
}
