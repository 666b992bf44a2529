package dev.rill.perf.w2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.rill.perf.BenchProgress;
import dev.rill.perf.HarnessOutput;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * W2 with {@code --runs}: a small real run of two engines twice (medians, min..max, every run, the engine order
 * rotating, per-run HdrHistogram files), the report's arithmetic on made-up runs, and bad {@code --runs}.
 */
class W2BenchmarkTest
{
    /** One JSON result: engine, rate, the median figures, runs, and the per-run array (no nested braces in it). */
    private static final Pattern RESULT = Pattern.compile("\\{\"engine\":\"([a-z-]+)\",\"rate\":(\\d+)," +
        "\"eventsPerSecond\":([0-9.]+),\"p50Ns\":(null|\\d+),\"p99Ns\":(null|\\d+),\"p999Ns\":(null|\\d+)," +
        "\"p9999Ns\":(null|\\d+),\"maxNs\":(null|\\d+),\"achievedRate\":([0-9.]+),\"sustained\":(true|false)," +
        "\"checksum\":(-?\\d+),\"runs\":(\\d+),\"perRun\":\\[([^\\]]*)]}");
    private static final Pattern RUN = Pattern.compile("\\{\"run\":(\\d+),\"order\":(\\d+),\"p50Ns\":(null|\\d+)," +
        "\"p99Ns\":(null|\\d+),\"p999Ns\":(null|\\d+),\"p9999Ns\":(null|\\d+),\"maxNs\":(null|\\d+)," +
        "\"achievedRate\":([0-9.]+),\"sustained\":(true|false),\"checksum\":(-?\\d+)}");

    @TempDir
    Path tmp;

    private final StringWriter report = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void twoRunsGiveMediansWithMinMaxEveryRunAndTheEngineOrderRotated() throws IOException
    {
        final Path out = tmp.resolve("out");
        final int code = run("--runs", "2", "--warmup-runs", "1", "--rates", "50000", "--events", "20000", "--warmup",
            "2000", "--keys", "100", "--engines", "rill,disruptor-baseline", "--format", "json", "--out",
            out.toString());
        assertEquals(0, code, err::toString);
        final String json = report.toString().strip();
        assertTrue(json.startsWith("{\"workload\":\"w2\",\"events\":20000,\"complete\":true,\"results\":["), json);
        assertTrue(json.endsWith("],\"warmupRuns\":1,\"runs\":2}"), json);
        final Matcher m = RESULT.matcher(json);
        final List<String> engines = new ArrayList<>();
        final List<Integer> firstInRun = new ArrayList<>(List.of(0, 0));
        String checksum = null;
        while (m.find())
        {
            engines.add(m.group(1));
            assertEquals("50000", m.group(2));
            assertEquals("2", m.group(12), m.group());
            final List<Matcher> runs = runs(m.group(13));
            assertEquals(2, runs.size(), m.group());
            assertEquals(List.of("1", "2"), runs.stream().map(r -> r.group(1)).toList(), m.group());
            for (final Matcher r : runs)
            {
                checksum = checksum == null ? r.group(10) : checksum;
                assertEquals(checksum, r.group(10), "every run's checksum: " + json);
                if (r.group(2).equals("1"))
                {
                    firstInRun.set(Integer.parseInt(r.group(1)) - 1, engines.size());
                }
            }
            assertEquals(checksum, m.group(11));
            if (m.group(10).equals("true"))
            {
                // the medians of two runs: the mean of the two, rounded
                for (final int figure : new int[] {3, 4, 5, 6, 7})
                {
                    final long a = Long.parseLong(runs.get(0).group(figure));
                    final long b = Long.parseLong(runs.get(1).group(figure));
                    assertEquals(Math.round((a + b) / 2.0), Long.parseLong(m.group(figure + 1)), m.group());
                }
            }
        }
        assertEquals(List.of("rill", "disruptor-baseline"), engines, json);
        assertNotEquals(firstInRun.get(0), firstInRun.get(1), "the engine going first rotates: " + json);

        final Path folder = onlyFolder(out);
        assertEquals(json, Files.readString(folder.resolve("w2.json")).strip());
        final String md = Files.readString(folder.resolve("w2.md"));
        assertTrue(md.startsWith("# W2 measured=20000 warm-up=2000 K=100 runs=2 warm-up-runs=1 "), md);
        // one warm-up run per engine, listed with its figures but in no median, .hgrm or chart
        final Matcher warm = Pattern.compile("Warm-up runs at this rate, before the measured ones and not counted " +
            "\\([^)]*\\): (rill|disruptor-baseline) 1: p99 [0-9.]+ µs, p99\\.9 [0-9.]+ µs; " +
            "(rill|disruptor-baseline) 1: p99 [0-9.]+ µs, p99\\.9 [0-9.]+ µs\\.").matcher(md);
        assertTrue(warm.find(), md);
        assertNotEquals(warm.group(1), warm.group(2), md);
        for (final String engine : List.of("rill", "disruptor-baseline"))
        {
            final String name = "w2-" + engine + "-50000-warmup-run1.hlog";
            assertEquals(20_000, intervalsIn(folder.resolve(name)).stream()
                .mapToLong(org.HdrHistogram.Histogram::getTotalCount).sum(), name);
        }
        assertTrue(md.contains("Median of 2 runs per engine, (min..max) over the runs in brackets"), md);
        assertTrue(Pattern.compile("Engine order: run 1 ([a-z-]+), ([a-z-]+); run 2 \\2, \\1\\.").matcher(md).find(),
            md);
        final String spread = "[0-9.]+ µs \\([0-9.]+\\.\\.[0-9.]+ µs\\)";
        for (final String figure : List.of("p50", "p99"))
        {
            assertTrue(Pattern.compile("\\| " + Pattern.quote(figure) + " \\| " + spread + " \\| " + spread +
                " \\| [0-9.]+x \\(runs [0-9.]+\\.\\.[0-9.]+x\\), (met \\(<= |NOT met by )").matcher(md).find(), md);
        }
        assertTrue(Pattern.compile("\\| max \\| " + spread + " \\| " + spread + " \\| [0-9.]+x \\(runs [^)]*\\) \\|")
            .matcher(md).find(), md);
        assertTrue(Pattern.compile("\\| achieved rate \\| [0-9]+/s \\([0-9]+\\.\\.[0-9]+/s\\) \\| ").matcher(md).find(),
            md);
        assertTrue(md.contains("| checksum | " + checksum + " | " + checksum + " | equal in every run |"), md);
        assertTrue(md.contains("100 ms intervals whose p99 was over 100 µs and over 1 ms, every run at this rate: " +
            "rill "), md);
        assertEquals(4, Pattern.compile("\\n\\| [12] \\| [12] \\| (rill|disruptor-baseline) \\| ").matcher(md)
            .results().count(), "every run's row: " + md);

        for (final String engine : List.of("rill", "disruptor-baseline"))
        {
            long perRun = 0;
            int intervals = 0;
            int over100us = 0;
            int over1ms = 0;
            for (final int run : new int[] {1, 2})
            {
                final String name = "w2-" + engine + "-50000-run" + run + ".hlog";
                final List<org.HdrHistogram.Histogram> logged = intervalsIn(folder.resolve(name));
                final long count = logged.stream().mapToLong(org.HdrHistogram.Histogram::getTotalCount).sum();
                assertTrue(count > 0, name);
                perRun += count;
                for (final org.HdrHistogram.Histogram interval : logged)
                {
                    final long p99 = interval.getValueAtPercentile(99);
                    intervals++;
                    over100us += p99 > 100_000 ? 1 : 0;
                    over1ms += p99 > 1_000_000 ? 1 : 0;
                }
            }
            // the tally line counts the intervals of both runs' .hlog files
            assertTrue(md.contains(" " + engine + " " + over100us + " and " + over1ms + " of " + intervals + " ("),
                engine + " " + over100us + "/" + over1ms + "/" + intervals + ": " + md);
            // the .hgrm holds both runs: 2 x 20,000 measured events
            assertEquals(40_000, perRun, engine);
            final String hgrm = Files.readString(folder.resolve("w2-" + engine + "-50000.hgrm"));
            assertTrue(hgrm.contains("Total count    =        40000]"), hgrm);
        }
        final String svg = Files.readString(folder.resolve("w2-latency-50000.svg"));
        assertTrue(svg.contains(">rill (2 runs)<") && svg.contains(">disruptor-baseline (2 runs)<"), svg);
        assertEquals(4, Pattern.compile("<polyline ").matcher(svg).results().count(), "a line per run: " + svg);
    }

    @Test
    void aNegativeSearchWarmUpIsRefusedNamingTheOption()
    {
        final StringWriter e = new StringWriter();
        final Path out = tmp.resolve("out-search");
        final HarnessOutput io = new HarnessOutput(new PrintWriter(report), new PrintWriter(e, true),
            BenchProgress.notes(new PrintWriter(e, true), "W2 "), "W2Benchmark");
        final int code = new CommandLine(new W2Benchmark(io)).execute("--search", "--search-warmup", "-1", "--events",
            "1000", "--out", out.toString());
        assertEquals(2, code, e::toString);
        assertTrue(e.toString().contains("--search-warmup >= 0") && e.toString().contains("search-warmup=-1"),
            e::toString);
        assertFalse(Files.exists(out), "nothing run, no folder");
    }

    @Test
    void warmUpRunsBelowZeroOrAboveAHundredAreRefusedNamingTheOption()
    {
        for (final String bad : List.of("-1", "101"))
        {
            assertRefused("W2Benchmark: --warmup-runs must be 0..100: " + bad, "--warmup-runs", bad);
        }
        assertEquals("", report.toString());
    }

    @Test
    void runsBelowOneOrAboveAThousandAreRefusedNamingTheOption()
    {
        for (final String bad : List.of("0", "-1", "1001"))
        {
            assertRefused("W2Benchmark: --runs must be 1..1000: " + bad, "--runs", bad);
        }
        assertEquals("", report.toString());
    }

    @Test
    void theTableGivesMediansWithMinMaxAndJudgesTheTargetOnTheMedians()
    {
        // rill's p99 runs 30, 100, 40 µs against the baseline's 10, 15, 12 µs: medians 40 and 12 µs, allowed
        // max(2 x 12, 12 + 20) = 32 µs, so NOT met by 8 µs (run 1 alone, 30 against 10, would be met; the worst runs,
        // 100 against 15, would miss by 65 µs)
        final List<W2Benchmark.Point> points = List.of(
            point("rill", 1, 1, 800, 30_000, 3_000_000, 99_990),
            point("disruptor-baseline", 1, 2, 400, 10_000, 1_000_000, 100_010),
            point("disruptor-baseline", 2, 1, 500, 15_000, 2_000_000, 99_980),
            point("rill", 2, 2, 5_000, 100_000, 1_500_000, 100_000),
            point("rill", 3, 1, 900, 40_000, 2_500_000, 99_950),
            point("disruptor-baseline", 3, 2, 600, 12_000, 900_000, 100_020));
        final StringBuilder sb = new StringBuilder();
        new W2Report(List.of("rill", "rill-via-log", "disruptor-baseline"), "disruptor-baseline", 3)
            .rateSection(sb, points, 100_000);
        final String md = sb.toString();
        assertTrue(md.contains("Median of 3 runs per engine"), md);
        assertFalse(md.contains("PARTIAL"), md);
        assertTrue(md.contains("Engine order: run 1 rill, disruptor-baseline; run 2 disruptor-baseline, rill; run 3 " +
            "rill, disruptor-baseline."), md);
        assertTrue(md.contains("| figure | rill | disruptor-baseline | rill / baseline |"), md);
        assertTrue(md.contains("| p50 | 0.9 µs (0.8..5.0 µs) | 0.5 µs (0.4..0.6 µs) | 1.80x (runs 1.50..10.00x), " +
            "met (<= 20.5 µs) |"), md);
        assertTrue(md.contains("| p99 | 40.0 µs (30.0..100.0 µs) | 12.0 µs (10.0..15.0 µs) | 3.33x (runs " +
            "3.00..6.67x), NOT met by 8.0 µs |"), md);
        assertTrue(md.contains("| max | 2500.0 µs (1500.0..3000.0 µs) | 1000.0 µs (900.0..2000.0 µs) | 2.50x (runs " +
            "0.75..3.00x) |"), md);
        assertTrue(md.contains("| achieved rate | 99990/s (99950..100000/s) | 100010/s (99980..100020/s) | 1.00x |"),
            md);
        assertTrue(md.contains("| checksum | 42 | 42 | equal in every run |"), md);
        assertTrue(md.contains("| 2 | 1 | disruptor-baseline | 0.5 µs | 15.0 µs |"), md);

        final List<Object> json = new W2Report(List.of("rill", "disruptor-baseline"), "disruptor-baseline", 3)
            .results(points, List.of(100_000.0));
        final String rill = dev.rill.perf.report.Json.write(json.get(0));
        assertTrue(rill.startsWith("{\"engine\":\"rill\",\"rate\":100000,\"eventsPerSecond\":99990.0,\"p50Ns\":900," +
            "\"p99Ns\":40000,\"p999Ns\":40000,\"p9999Ns\":40000,\"maxNs\":2500000,\"achievedRate\":99990.0," +
            "\"sustained\":true,\"checksum\":42,\"runs\":3,\"perRun\":[{\"run\":1,\"order\":1,\"p50Ns\":800,"), rill);
        assertEquals(3, runs(rill).size(), rill);
    }

    @Test
    void rillThroughTheLogIsAlsoComparedWithChronicleByHandWhichHasNoTarget()
    {
        // via log p99 100, 300 µs (median 200: 2 runs, the mean of the middle two), raw Chronicle 50, 150 µs
        // (median 100), the Disruptor 10, 20 µs (median 15): via log / raw 2.00x, raw / baseline 6.67x with no
        // verdict (the target is Rill's), via log / baseline NOT met
        final List<W2Benchmark.Point> points = List.of(
            point("rill-via-log", 1, 1, 1_000, 100_000, 1_000_000, 100_000),
            point("raw-chronicle", 1, 2, 500, 50_000, 1_000_000, 100_000),
            point("disruptor-baseline", 1, 3, 400, 10_000, 1_000_000, 100_000),
            point("raw-chronicle", 2, 1, 700, 150_000, 1_000_000, 100_000),
            point("disruptor-baseline", 2, 2, 600, 20_000, 1_000_000, 100_000),
            point("rill-via-log", 2, 3, 1_400, 300_000, 1_000_000, 100_000));
        final StringBuilder sb = new StringBuilder();
        new W2Report(List.of("rill", "rill-via-log", "raw-chronicle", "disruptor-baseline"), "disruptor-baseline", 2)
            .rateSection(sb, points, 100_000);
        final String md = sb.toString();
        assertTrue(md.contains("| figure | rill-via-log | raw-chronicle | disruptor-baseline | rill-via-log / " +
            "baseline | raw-chronicle / baseline | rill-via-log / raw-chronicle |"), md);
        final String p99 = md.lines().filter(l -> l.startsWith("| p99 |")).findFirst().orElseThrow();
        assertTrue(p99.endsWith("| 6.67x (runs 5.00..7.50x) | 2.00x (runs 2.00..2.00x) |"), p99);
        assertTrue(p99.contains("NOT met"), p99);
        assertEquals(1, p99.split("met", -1).length - 1, "a verdict for rill-via-log only: " + p99);

        final StringBuilder without = new StringBuilder();
        new W2Report(List.of("rill", "rill-via-log", "raw-chronicle", "disruptor-baseline"), "disruptor-baseline", 2)
            .rateSection(without, points.stream().filter(p -> !p.engine().equals("raw-chronicle")).toList(), 100_000);
        assertFalse(without.toString().contains("/ raw-chronicle"), without::toString);
    }

    @Test
    void aChecksumThatDiffersInAnyRunIsAFailureNamingTheRun()
    {
        final List<W2Benchmark.Point> points = new ArrayList<>(List.of(
            point("rill", 1, 1, 800, 30_000, 3_000_000, 100_000),
            point("disruptor-baseline", 1, 2, 400, 10_000, 1_000_000, 100_000),
            point("disruptor-baseline", 2, 1, 500, 15_000, 2_000_000, 100_000)));
        assertNull(W2Report.checksumFailure(points, 100_000));
        points.add(new W2Benchmark.Point("rill", 100_000, 2, 2, 1, 1, 1, 1, 1, 100_000, 43, true, 1_000));
        assertEquals("rate 100000: checksum rill (run 2) 43 != rill (run 1) 42",
            W2Report.checksumFailure(points, 100_000));
        final StringBuilder sb = new StringBuilder();
        new W2Report(List.of("rill", "disruptor-baseline"), "disruptor-baseline", 2).rateSection(sb, points, 100_000);
        assertTrue(sb.toString().contains("| checksum | 42 | 42 | DIFFER |"), sb::toString);
    }

    @Test
    void aRunWhoseChecksumDiffersFailsTheHarnessWithExitOneAndAReportMarkedFailed() throws IOException
    {
        final Path out = tmp.resolve("out");
        final PrintWriter e = new PrintWriter(err, true);
        final W2Benchmark bench = new W2Benchmark(new HarnessOutput(new PrintWriter(report, true), e,
            BenchProgress.notes(e, "W2 "), "W2Benchmark"));
        // the second run of rill sums one more than it did: what a lost or doubled event would do
        bench.measured = p -> p.run() != 2 || !p.engine().equals("rill") ? p : new W2Benchmark.Point(p.engine(),
            p.rate(), p.run(), p.order(), p.p50(), p.p99(), p.p999(), p.p9999(), p.max(), p.achieved(),
            p.checksum() + 1, p.sustained(), p.count());
        final int code = new CommandLine(bench).execute("--runs", "3", "--rates", "50000", "--events", "5000",
            "--warmup", "0", "--keys", "100", "--engines", "rill,disruptor-baseline", "--format", "json", "--out",
            out.toString());
        assertEquals(1, code, err::toString);
        assertTrue(err.toString().contains("W2Benchmark: FAILED: rate 50000: checksum rill (run 2) "), err::toString);
        final String json = report.toString().strip();
        assertTrue(json.startsWith("{\"workload\":\"w2\",\"events\":5000,\"complete\":false,"), json);
        assertTrue(json.contains("\"runs\":2,\"perRun\""), "stopped after run 2: " + json);
        final String md = Files.readString(onlyFolder(out).resolve("w2.md"));
        assertTrue(md.startsWith("# W2 (PARTIAL: interrupted or failed) "), md);
        assertTrue(md.contains("**FAILED**: rate 50000: checksum rill (run 2) "), md);
        assertTrue(md.contains(" | DIFFER |"), md);
    }

    @Test
    void anInterruptedRunRendersWhatItHasMarkedPartialAndAnUnsustainedRunHasNoLatencyInTheJson()
    {
        final List<W2Benchmark.Point> points = List.of(
            point("rill", 1, 1, 800, 30_000, 3_000_000, 100_000),
            point("disruptor-baseline", 1, 2, 400, 10_000, 1_000_000, 100_000),
            new W2Benchmark.Point("disruptor-baseline", 100_000, 2, 1, 1, 1, 1, 1, 1, 50_000, 42, false, 1_000));
        final StringBuilder sb = new StringBuilder();
        final W2Report report = new W2Report(List.of("rill", "disruptor-baseline"), "disruptor-baseline", 3);
        report.rateSection(sb, points, 100_000);
        final String md = sb.toString();
        assertTrue(md.contains("Median of 1..2 runs per engine, (min..max) over the runs in brackets (PARTIAL: 1 of 3 " +
            "runs done by every engine)"), md);
        assertTrue(md.contains("NOT SUSTAINED by disruptor-baseline: achieved 50000/s of 100000/s in run 2;"), md);
        final String json = dev.rill.perf.report.Json.write(report.results(points, List.of(100_000.0)));
        assertTrue(json.contains("{\"engine\":\"disruptor-baseline\",\"rate\":100000,\"eventsPerSecond\":75000.0," +
            "\"p50Ns\":null,"), json);
        assertTrue(json.contains("\"sustained\":false,\"checksum\":42,\"runs\":2,\"perRun\":[{\"run\":1,\"order\":2," +
            "\"p50Ns\":400,"), json);
        assertTrue(json.contains("{\"run\":2,\"order\":1,\"p50Ns\":null,"), json);
    }

    private static W2Benchmark.Point point(final String engine, final int run, final int order, final long p50,
        final long p99, final long max, final double achieved)
    {
        return new W2Benchmark.Point(engine, 100_000, run, order, p50, p99, p99, p99, max, achieved, 42, true, 1_000);
    }

    @Test
    void theRateSearchAnswerIsTheHighestRateUpToWhichEveryStepKeptTheLimit()
    {
        // rill: p99 under 100 µs at 100k and 200k, over at 500k, under again (luck) at 1M; p99.9 over from 100k on
        final List<W2Benchmark.Point> steps = List.of(
            step("rill", 1_000_000, 90_000, 150_000, true),
            step("rill", 100_000, 40_000, 150_000, true),
            step("rill", 500_000, 120_000, 150_000, true),
            step("rill", 200_000, 60_000, 150_000, true),
            step("disruptor-baseline", 100_000, 10_000, 50_000, true),
            step("disruptor-baseline", 200_000, 10_000, 50_000, false));
        assertEquals(200_000, W2Benchmark.highestKept(steps, "rill", false));
        assertEquals(-1, W2Benchmark.highestKept(steps, "rill", true));
        assertEquals(100_000, W2Benchmark.highestKept(steps, "disruptor-baseline", true));
        assertEquals(100_000, W2Benchmark.highestKept(steps, "disruptor-baseline", false));
        assertEquals(-1, W2Benchmark.highestKept(steps, "rill-via-log", false));
    }

    @Test
    void aSearchStepWithSeveralRunsIsJudgedOnTheMedianAndHoldsOnlyIfEveryRunSustainedTheRate()
    {
        final List<W2Benchmark.Point> steps = List.of(
            // 100k: one stalled run of three (900 µs), median 60 µs: holds
            step("rill", 100_000, 40_000, 150_000, true),
            step("rill", 100_000, 900_000, 2_000_000, true),
            step("rill", 100_000, 60_000, 90_000, true),
            // 200k: two runs of three over the limit, median 120 µs: does not hold, though one run was under
            step("rill", 200_000, 120_000, 150_000, true),
            step("rill", 200_000, 50_000, 80_000, true),
            step("rill", 200_000, 130_000, 150_000, true),
            // baseline 100k: every p99 under the limit, but one run did not sustain the rate: does not hold
            step("disruptor-baseline", 100_000, 10_000, 50_000, true),
            step("disruptor-baseline", 100_000, 10_000, 50_000, false),
            step("disruptor-baseline", 100_000, 10_000, 50_000, true));
        assertEquals(100_000, W2Benchmark.highestKept(steps, "rill", false));
        // p99.9 at 100k: 150, 2,000 and 90 µs, median 150 µs
        assertEquals(-1, W2Benchmark.highestKept(steps, "rill", true));
        assertEquals(-1, W2Benchmark.highestKept(steps, "disruptor-baseline", false));
        // rill's 200k step failed its p99: no higher rate is tried; the baseline's failed too; an engine not yet
        // tried goes on
        assertFalse(W2Benchmark.stillSearching(steps, "rill"));
        assertFalse(W2Benchmark.stillSearching(steps, "disruptor-baseline"));
        assertTrue(W2Benchmark.stillSearching(steps.subList(0, 3), "rill"), "its 100k step held");
        assertTrue(W2Benchmark.stillSearching(steps, "rill-via-log"));
    }

    @Test
    void theRateSearchRunsEveryEngineSeveralTimesPerStepAndReportsEachStepsMedianAndRuns() throws IOException
    {
        final Path out = tmp.resolve("out-search");
        final int code = run("--runs", "1", "--rates", "50000", "--events", "5000", "--warmup", "1000", "--keys",
            "100", "--engines", "rill,disruptor-baseline", "--search", "--search-rates", "50000", "--search-runs", "3",
            "--search-seconds", "0.1", "--search-warmup", "1000", "--format", "json", "--out", out.toString());
        assertEquals(0, code, err::toString);
        final String json = report.toString().strip();
        assertTrue(Pattern.compile(",\"search\":\\{\"runsPerStep\":3,\"seconds\":0\\.1,\"engines\":\\[" +
            "\\{\"engine\":\"rill\",\"highestRateP99Under100us\":(null|50000),\"highestRateP999Under100us\":" +
            "(null|50000)\\},\\{\"engine\":\"disruptor-baseline\",").matcher(json).find(), json);
        assertTrue(json.endsWith("},\"warmupRuns\":2,\"runs\":1}"), json);
        final Path folder = onlyFolder(out);
        final String md = Files.readString(folder.resolve("w2.md"));
        assertTrue(md.contains("## Rate search (3 runs of each engine per step, 0.1 s each after a warm-up of 1000 " +
            "events)"), md);
        for (final String engine : List.of("rill", "disruptor-baseline"))
        {
            final Matcher row = Pattern.compile("\\| " + engine + " \\| 50000 \\| ([0-3]) of 3 \\| [0-9]+/s \\| " +
                "([0-9.]+ µs) \\(([0-9.]+)\\.\\.([0-9.]+ µs)\\) \\| [^|]+ \\| (held|NO) \\| (held|NO) \\| ([^|]+) \\|")
                .matcher(md);
            assertTrue(row.find(), engine + ": " + md);
            // the median is the middle one of the three runs listed
            final List<String> each = List.of(row.group(7).strip().replace(" (not sustained)", "").split(", "));
            assertEquals(3, each.size(), row.group());
            final List<Double> sorted = each.stream().map(v -> Double.parseDouble(v.replace(" µs", "")))
                .sorted().toList();
            assertEquals(sorted.get(1), Double.parseDouble(row.group(2).replace(" µs", "")), row.group());
            assertEquals(sorted.get(0), Double.parseDouble(row.group(3)), row.group());
            for (int r = 1; r <= 3; r++)
            {
                assertTrue(Files.exists(folder.resolve("w2-" + engine + "-50000-search-run" + r + ".hlog")),
                    engine + " run " + r);
            }
            assertTrue(md.contains("- " + engine + ": highest R with p99.9 < 100 µs: "), md);
        }
    }

    @Test
    void searchRunsOutOfRangeAreRefusedNamingTheOption()
    {
        for (final String bad : List.of("0", "101"))
        {
            assertRefused("W2Benchmark: --search-runs must be 1..100: " + bad, "--search", "--search-runs", bad);
        }
    }

    /**
     * Runs the harness with {@code args} and 1,000 events into a folder of their own: exit 2, {@code expected} alone
     * on stderr, and no results folder.
     */
    private void assertRefused(final String expected, final String... args)
    {
        final StringWriter e = new StringWriter();
        final Path out = tmp.resolve("out" + String.join("", args).replace('-', '_'));
        final HarnessOutput io = new HarnessOutput(new PrintWriter(report), new PrintWriter(e, true),
            BenchProgress.notes(new PrintWriter(e, true), "W2 "), "W2Benchmark");
        final List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--events", "1000", "--out", out.toString()));
        final int code = new CommandLine(new W2Benchmark(io)).execute(all.toArray(new String[0]));
        assertEquals(2, code, String.join(" ", args));
        assertEquals(expected, e.toString().strip());
        assertFalse(Files.exists(out), "nothing run, no folder: " + String.join(" ", args));
    }

    private static W2Benchmark.Point step(final String engine, final double rate, final long p99, final long p999,
        final boolean sustained)
    {
        return new W2Benchmark.Point(engine, rate, 1, 1, 1_000, p99, p999, p999, p999, rate, 42, sustained, 1_000);
    }

    private int run(final String... args)
    {
        final PrintWriter e = new PrintWriter(err, true);
        final HarnessOutput io = new HarnessOutput(new PrintWriter(report, true), e, BenchProgress.notes(e, "W2 "),
            "W2Benchmark");
        return new CommandLine(new W2Benchmark(io)).execute(args);
    }

    private static List<Matcher> runs(final String perRun)
    {
        final List<Matcher> runs = new ArrayList<>();
        final Matcher m = RUN.matcher(perRun);
        while (m.find())
        {
            final Matcher one = RUN.matcher(m.group());
            assertTrue(one.matches());
            runs.add(one);
        }
        return runs;
    }

    /** @return every interval histogram of an HdrHistogram log, in order. */
    private static List<org.HdrHistogram.Histogram> intervalsIn(final Path hlog) throws IOException
    {
        final List<org.HdrHistogram.Histogram> intervals = new ArrayList<>();
        final HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        try
        {
            for (EncodableHistogram h = reader.nextIntervalHistogram(); h != null; h = reader.nextIntervalHistogram())
            {
                intervals.add((org.HdrHistogram.Histogram)h);
            }
        }
        finally
        {
            reader.close();
        }
        return intervals;
    }

    private static Path onlyFolder(final Path out) throws IOException
    {
        try (Stream<Path> list = Files.list(out))
        {
            final List<Path> folders = list.toList();
            assertEquals(1, folders.size(), folders::toString);
            return folders.get(0);
        }
    }
}
