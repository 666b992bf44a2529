package dev.rill.perf.w1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.rill.perf.BenchProgress;
import dev.rill.perf.ChildJvm;
import dev.rill.perf.HarnessOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * W1 with several runs: the engine order rotates from run to run, as the runs happen and as the report says.
 */
class W1BenchmarkTest
{
    private static final Pattern RUN_LINE = Pattern.compile("run (\\d) (\\S+) +[0-9.]+M events/s.*, JVM (\\d+)");

    @TempDir
    Path tmp;

    /** The harness's report into {@code report}, its errors and progress notes into {@code err}. */
    private static HarnessOutput io(final StringWriter report, final StringWriter err)
    {
        final PrintWriter e = new PrintWriter(err, true);
        return new HarnessOutput(new PrintWriter(report, true), e, BenchProgress.notes(e, "W1 "), "W1Benchmark");
    }

    @Test
    void theEngineOrderRotatesFromRunToRunEachRunInAJvmOfItsOwn() throws IOException
    {
        final StringWriter report = new StringWriter();
        final StringWriter err = new StringWriter();
        final HarnessOutput io = io(report, err);
        final Path out = tmp.resolve("out");
        final int code = new CommandLine(new W1Benchmark(io)).execute("--events", "20000", "--runs", "3", "--warmup-events",
            "0", "--keys", "100", "--engines", "rill,disruptor-baseline,single-thread", "--out", out.toString());
        assertEquals(0, code, err::toString);

        final StringBuilder ran = new StringBuilder();
        final Set<Long> jvms = new HashSet<>();
        final Matcher m = RUN_LINE.matcher(err.toString());
        while (m.find())
        {
            ran.append(m.group(1)).append(' ').append(m.group(2)).append('\n');
            jvms.add(Long.parseLong(m.group(3)));
        }
        jvms.remove(ProcessHandle.current().pid());
        assertEquals(9, jvms.size(), () -> "a JVM per run, none of them this one: " + err);
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
        assertTrue(md.contains("Each measured run ran in a JVM of its own, after its warm-up runs there"), md);
        assertTrue(Files.readString(folders.get(0).resolve("w1.json")).contains("\"jvmPerRun\":true"));
    }

    @Test
    void partitionsOutOfRangeAreRefusedBeforeAnythingRuns()
    {
        for (final String partitions : List.of("0", "65"))
        {
            final StringWriter report = new StringWriter();
            final StringWriter err = new StringWriter();
            final int code = new CommandLine(new W1Benchmark(io(report, err))).execute("--events", "20000",
                "--partitions", partitions, "--out", tmp.resolve("p" + partitions).toString());
            assertEquals(2, code, err::toString);
            assertTrue(err.toString().contains("W1Benchmark: --partitions must be 1..64: " + partitions),
                err::toString);
            assertEquals("", report.toString());
            assertTrue(Files.notExists(tmp.resolve("p" + partitions)), "nothing written");
        }
    }

    @Test
    void sharedJvmRunsEveryEngineHereAndTheLogFromOneTopic() throws IOException
    {
        final StringWriter report = new StringWriter();
        final StringWriter err = new StringWriter();
        final HarnessOutput io = io(report, err);
        final int code = new CommandLine(new W1Benchmark(io)).execute("--events", "20000", "--runs", "2",
            "--warmup-events", "20000", "--keys", "100", "--shared-jvm", "--engines", "rill,rill-via-log",
            "--format", "json", "--out", tmp.resolve("shared").toString());
        assertEquals(0, code, err::toString);
        final Matcher m = RUN_LINE.matcher(err.toString());
        int runs = 0;
        while (m.find())
        {
            runs++;
            assertEquals(ProcessHandle.current().pid(), Long.parseLong(m.group(3)), m.group());
        }
        assertEquals(4, runs, err::toString);
        assertTrue(err.toString().contains("warm-up rill-via-log (20000 events)"), err::toString);
        assertTrue(report.toString().contains("\"jvmPerRun\":false"), report::toString);
        assertTrue(report.toString().contains("\"jvmPerRun\":false,\"shards\":1,\"partitions\":2"), report::toString);
    }

    @Test
    void aChildJvmThatFailsFailsTheRunWithItsOutput() throws Exception
    {
        final IllegalStateException failed = assertThrows(IllegalStateException.class, () -> new ChildJvm().run(
            W1Benchmark.class.getName(), "W1RESULT", List.of("--child", "rill-via-log", "--events", "1000")));
        assertTrue(failed.getMessage().contains("the child JVM exited 2 without a W1RESULT line"), failed::getMessage);
        assertTrue(failed.getMessage().contains("--child takes one of [rill, rill-via-log, disruptor-baseline, " +
            "single-thread], and --child-log with rill-via-log only: rill-via-log, null"), failed::getMessage);
    }

    @Test
    void scalingRunsEveryPointSeveralTimesAndJudgesBothCurvesOnTheMedians() throws IOException
    {
        final StringWriter report = new StringWriter();
        final StringWriter err = new StringWriter();
        final HarnessOutput io = io(report, err);
        final Path out = tmp.resolve("scaling");
        final int code = new CommandLine(new W1Benchmark(io)).execute("--only-scaling", "--scaling",
            "--scaling-events", "30000", "--scaling-runs", "3", "--scaling-points", "100:10,100:2,1000:2",
            "--format", "json", "--out", out.toString());
        assertEquals(0, code, err::toString);
        final String json = report.toString();
        final Matcher point = Pattern.compile("\\{\"keys\":(\\d+),\"panes\":(\\d+),\"rillEventsPerSecond\":([0-9.E]+)," +
            "\"rillHeapPeakBytes\":\\d+,\"baselineEventsPerSecond\":([0-9.E]+),\"baselineHeapPeakBytes\":\\d+," +
            "\"checksumsEqual\":true,\"runs\":3,\"rillEventsPerSecondRuns\":\\[([^\\]]+)\\]," +
            "\"baselineEventsPerSecondRuns\":\\[([^\\]]+)\\]\\}").matcher(json);
        int points = 0;
        double fastest100x10 = 0;
        while (point.find())
        {
            points++;
            if (point.group(1).equals("100") && point.group(2).equals("10"))
            {
                fastest100x10 = Stream.of(point.group(5).split(",")).mapToDouble(Double::parseDouble).max()
                    .orElseThrow();
            }
            // the point's figure is the median of its three runs
            for (final int[] g : new int[][] {{3, 5}, {4, 6}})
            {
                final double[] runs = Stream.of(point.group(g[1]).split(",")).mapToDouble(Double::parseDouble)
                    .sorted().toArray();
                assertEquals(3, runs.length, point.group());
                assertEquals(runs[1], Double.parseDouble(point.group(g[0])), point.group());
            }
        }
        assertEquals(3, points, json);
        // in rounds over the points, the engine going first alternating from round to round
        final Matcher ran = Pattern.compile("scaling K=(\\d+) panes=(\\d+) (rill|baseline) run (\\d):").matcher(err.toString());
        final StringBuilder order = new StringBuilder();
        while (ran.find())
        {
            order.append(ran.group(4)).append(' ').append(ran.group(1)).append(':').append(ran.group(2)).append(' ')
                .append(ran.group(3)).append('\n');
        }
        final StringBuilder expected = new StringBuilder();
        for (int run = 1; run <= 3; run++)
        {
            for (final String at : List.of("100:10", "100:2", "1000:2"))
            {
                final List<String> pair = run % 2 == 1 ? List.of("rill", "baseline") : List.of("baseline", "rill");
                for (final String engine : pair)
                {
                    expected.append(run).append(' ').append(at).append(' ').append(engine).append('\n');
                }
            }
        }
        assertEquals(expected.toString(), order.toString(), err::toString);

        final Path folder;
        try (Stream<Path> s = Files.list(out))
        {
            folder = s.findFirst().orElseThrow();
        }
        final String md = Files.readString(folder.resolve("w1.md"));
        assertTrue(md.contains("## Scaling (30000 events per point, 3 runs of each engine per point, in rounds over the points, alternating"), md);
        final Matcher row = Pattern.compile("\\| 100 \\| 10 \\| [0-9.]+M \\(([0-9.]+)\\.\\.([0-9.]+)M\\) \\| ([0-9.]+) \\| " +
            "([0-9.]+) \\| ").matcher(md);
        assertTrue(row.find(), md);
        // the fastest run's ns/event is that of the highest events/s of the runs (the JSON's, unrounded), at most the
        // median's
        assertEquals(String.format(java.util.Locale.ROOT, "%.1f", 1e9 / fastest100x10), row.group(4), row.group());
        assertTrue(Double.parseDouble(row.group(4)) <= Double.parseDouble(row.group(3)), row.group());
        assertTrue(Pattern.compile("- Rill's per-event cost over panes at 100 keys, fastest run of each point: 2 panes [0-9.]+ ns \\([-+][0-9]+%\\), " +
            "10 panes [0-9.]+ ns \\([-+][0-9]+%\\); (flat within ±[0-9]+%: met|NOT met: [0-9]+% from the mean) " +
            "\\(target: flat within ±20% of the mean\\)").matcher(md).find(), md);
        assertTrue(Pattern.compile("- Rill's heap peak over keys at 2 panes: [0-9.]+ MiB at 100 keys, [0-9.]+ MiB at " +
            "1,000 keys \\(x[0-9.]+; the baseline x[0-9.]+\\); (met|NOT met) \\(target: flat, at most x2\\)")
            .matcher(md).find(), md);
        // one curve per key count with two pane counts, one per pane count with two key counts: 10 panes has one
        assertEquals(2, Pattern.compile("\\n- Rill's ").matcher(md).results().count(), md);
    }

    @Test
    void scalingVerdictsJudgeTheSpreadOverPanesAndTheHeapGrowthOverKeys()
    {
        final long mib = 1 << 20;
        final List<W1Benchmark.ScalingPoint> flat = List.of(
            new W1Benchmark.ScalingPoint(10_000, 10, 25, 8 * mib, 4 * mib),
            new W1Benchmark.ScalingPoint(10_000, 100, 30, 8 * mib, 40 * mib),
            new W1Benchmark.ScalingPoint(10_000, 1_000, 20, 8 * mib, 200 * mib),
            new W1Benchmark.ScalingPoint(1_000, 10, 20, 6 * mib, 4 * mib),
            new W1Benchmark.ScalingPoint(10_000_000, 10, 200, 12 * mib, 400 * mib));
        final List<String> ok = W1Benchmark.scalingVerdicts(flat);
        assertEquals(2, ok.size(), ok::toString);
        // mean 25 ns: 25 (+0%), 30 (+20%), 20 (-20%): just within
        assertTrue(ok.get(0).startsWith("Rill's per-event cost over panes at 10,000 keys, fastest run of each point: 10 panes 25.0 ns (+0%), " +
            "100 panes 30.0 ns (+20%), 1000 panes 20.0 ns (-20%); flat within ±20%: met"), ok.get(0));
        assertTrue(ok.get(1).startsWith("Rill's heap peak over keys at 10 panes: 6.0 MiB at 1,000 keys, 12.0 MiB at " +
            "10,000,000 keys (x2.00; the baseline x100.00); met"), ok.get(1));

        final List<String> bad = W1Benchmark.scalingVerdicts(List.of(
            new W1Benchmark.ScalingPoint(10_000, 10, 20, 8 * mib, 4 * mib),
            new W1Benchmark.ScalingPoint(10_000, 1_000, 31, 8 * mib, 4 * mib),
            new W1Benchmark.ScalingPoint(1_000, 10, 20, 6 * mib, 4 * mib),
            new W1Benchmark.ScalingPoint(1_000_000, 10, 20, 13 * mib, 4 * mib)));
        // mean 25.5 ns: 31 is +22%
        assertTrue(bad.get(0).endsWith("NOT met: 22% from the mean (target: flat within ±20% of the mean)"), bad::toString);
        assertTrue(bad.get(1).contains("(x2.17; the baseline x1.00); NOT met"), bad::toString);
    }

    @Test
    void theRatioWithinEachRunPairsRunKOfTheEngineWithRunKOfTheBaseline()
    {
        // run 2 fell in a slow spell for both engines: 10/25 = 0.40 like 40/100 and 44/110
        assertEquals("0.40x (0.40..0.40x)", W1Benchmark.withinRuns(new double[] {40, 10, 44}, new double[] {100, 25, 110}));
        assertEquals("0.50x (0.25..0.60x)", W1Benchmark.withinRuns(new double[] {30, 25, 50}, new double[] {50, 100, 100}));
        assertEquals("-", W1Benchmark.withinRuns(new double[] {30}, new double[0]));
    }

    @Test
    void theTargetIsJudgedWithinRunsLeavingOutTheRunsWhoseBaselineFellInASlowSpell()
    {
        // 12:43 UTC on this VM: three of five baseline runs at 22M; their ratios (3.59, 0.43, 3.42) say nothing
        final double[] rill = {80.85, 9.42, 75.28, 75.74, 81.93};
        final double[] base = {22.53, 21.98, 22.03, 102.19, 99.81};
        assertEquals("NOT met (0.78x within runs, median over 2 of 5 runs; left out, the baseline under half its " +
            "best: runs 1, 2, 3; target 0.9x)", W1Benchmark.verdict(rill, base, 0.9));
        // Rill's own slow run stays in, against it; one run left out is named as such
        assertEquals("met (0.91x within runs, median over 3 of 4 runs; left out, the baseline under half its best: " +
            "run 2; target 0.9x)", W1Benchmark.verdict(new double[] {91, 50, 10, 95}, new double[] {100, 40, 100, 100},
            0.9));
        assertEquals("met (0.70x within runs, median over 2 runs; target 0.7x)",
            W1Benchmark.verdict(new double[] {70, 35}, new double[] {100, 50}, 0.7));
        assertEquals("-", W1Benchmark.verdict(new double[] {30}, new double[0], 0.9));
    }
}

