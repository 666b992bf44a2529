package dev.rill.perf.w1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.rill.perf.BenchProgress;
import dev.rill.perf.HarnessOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * W1 with several runs: the engine order rotates from run to run, as the runs happen and as the report says.
 */
class W1BenchmarkTest
{
    private static final Pattern RUN_LINE = Pattern.compile("run (\\d) (\\S+) +[0-9.]+M events/s");

    @TempDir
    Path tmp;

    @Test
    void theEngineOrderRotatesFromRunToRun() throws IOException
    {
        final StringWriter report = new StringWriter();
        final StringWriter err = new StringWriter();
        final PrintWriter e = new PrintWriter(err, true);
        final HarnessOutput io = new HarnessOutput(new PrintWriter(report, true), e, BenchProgress.notes(e, "W1 "),
            "W1Benchmark");
        final Path out = tmp.resolve("out");
        final int code = new CommandLine(new W1Benchmark(io)).execute("--events", "20000", "--runs", "3", "--warmup-events",
            "0", "--keys", "100", "--engines", "rill,disruptor-baseline,single-thread", "--out", out.toString());
        assertEquals(0, code, err::toString);

        final StringBuilder ran = new StringBuilder();
        final Matcher m = RUN_LINE.matcher(err.toString());
        while (m.find())
        {
            ran.append(m.group(1)).append(' ').append(m.group(2)).append('\n');
        }
        assertEquals("""
            1 rill
            1 disruptor-baseline
            1 single-thread
            2 disruptor-baseline
            2 single-thread
            2 rill
            3 single-thread
            3 rill
            3 disruptor-baseline
            """, ran.toString(), err::toString);

        final List<Path> folders;
        try (Stream<Path> s = Files.list(out))
        {
            folders = s.toList();
        }
        assertEquals(1, folders.size(), folders::toString);
        final String md = Files.readString(folders.get(0).resolve("w1.md"));
        assertTrue(md.contains("Engine order (rotating from run to run): run 1 rill, disruptor-baseline, " +
            "single-thread; run 2 disruptor-baseline, single-thread, rill; run 3 single-thread, rill, " +
            "disruptor-baseline."), md);
    }
}
