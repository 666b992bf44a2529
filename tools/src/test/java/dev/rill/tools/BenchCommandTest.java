package dev.rill.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.rill.engine.workloads.W1Reference;
import dev.rill.engine.workloads.W1Result;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code rill bench}: small real runs of each workload through the perf harnesses (in-process, and one child JVM
 * interrupted with SIGINT), and every bad input of issue 6.
 */
class BenchCommandTest
{
    private static final Pattern W2_ENTRY = Pattern.compile("\\{\"engine\":\"([a-z-]+)\",\"rate\":(\\d+)," +
        "\"eventsPerSecond\":([0-9.]+),\"p50Ns\":(null|\\d+),\"p99Ns\":(null|\\d+),\"p999Ns\":(null|\\d+)," +
        "\"p9999Ns\":(null|\\d+),\"maxNs\":(null|\\d+),\"achievedRate\":([0-9.]+),\"sustained\":(true|false)," +
        "\"checksum\":(-?\\d+),\"runs\":(\\d+),\"perRun\":\\[([^\\]]*)]}");

    @TempDir
    Path tmp;

    @Test
    void w1PrintsOneJsonObjectWithEveryEngineAndTheChecksumOfTheWorkload() throws IOException
    {
        final Path out = tmp.resolve("results");
        final Cli.Result r = bench("w1", "--events", "20000", "--runs", "1", "--warmup", "20000", "--format", "json",
            "--out", out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        final W1Result expected = W1Reference.run(20_000, 10_000);
        final String json = r.out().strip();
        assertTrue(json.startsWith("{\"workload\":\"w1\",\"events\":20000,\"complete\":true,\"records\":" +
            expected.records() + ",\"checksum\":" + expected.checksum() + ",\"results\":["), json);
        for (final String engine : List.of("rill", "rill-via-log", "disruptor-baseline", "single-thread"))
        {
            assertTrue(Pattern.compile("\\{\"engine\":\"" + engine + "\",\"eventsPerSecond\":[0-9]+\\.[0-9]," +
                "\"runs\":1,").matcher(json).find(), engine + " in " + json);
        }
        assertTrue(json.contains("],\"jvmPerRun\":true,\"shards\":1,\"partitions\":2"), json);
        final Path folder = onlyFolder(out);
        assertEquals(json, Files.readString(folder.resolve("w1.json")).strip());
        assertTrue(Files.readString(folder.resolve("w1.md")).contains("| rill events/s (median) |"));
        assertTrue(r.err().lines().allMatch(l -> l.startsWith("rill bench w1: ")), r::toString);
    }

    @Test
    void w1TextPrintsTheTableWithShardsAndPartitions() throws IOException
    {
        final Path out = tmp.resolve("results");
        final Cli.Result r = bench("w1", "--events", "20000", "--runs", "1", "--warmup", "0", "--shards", "2",
            "--partitions", "3", "--keys", "500", "--out", out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        final W1Result expected = W1Reference.run(20_000, 500);
        assertTrue(r.out().contains("# W1 N=20000 K=500 shards=2 partitions=3 runs=1"), r::toString);
        assertTrue(r.out().contains("rill-via-log: the generator is written to the topic (3 partitions, by symbol)"),
            r::toString);
        assertTrue(r.out().contains("records=" + expected.records() + " checksum=" + expected.checksum() +
            " (every engine, every run)"), r::toString);
        assertTrue(r.out().contains("| rill-via-log events/s (median) |"), r::toString);
        assertTrue(r.out().contains("report: " + onlyFolder(out)), r::toString);
    }

    @Test
    void w2ReportsEachEngineWithEqualChecksumsAndLatencyOnlyWhenSustained() throws IOException
    {
        final Path out = tmp.resolve("results");
        final Cli.Result r = bench("w2", "--events", "20000", "--warmup", "5000", "--rate", "50000", "--keys", "100",
            "--runs", "2", "--format", "json", "--out", out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        final String json = r.out().strip();
        assertTrue(json.startsWith("{\"workload\":\"w2\",\"events\":20000,\"complete\":true,\"results\":["), json);
        assertTrue(json.endsWith(",\"runs\":2}"), json);
        final List<Matcher> entries = w2Entries(json);
        assertEquals(List.of("disruptor-baseline", "raw-chronicle", "rill", "rill-via-log"),
            entries.stream().map(m -> m.group(1)).sorted().toList(), json);
        for (final Matcher m : entries)
        {
            assertEquals("50000", m.group(2));
            // a latency figure only where the rate was sustained; this machine may not sustain it for a moment
            assertEquals(m.group(10).equals("true"), !m.group(4).equals("null"), m.group());
            assertEquals(entries.get(0).group(11), m.group(11), "checksums: " + json);
            assertEquals("2", m.group(12), m.group());
            assertEquals(2, Pattern.compile("\\{\"run\":[12],\"order\":[1234],").matcher(m.group(13)).results().count(),
                m.group());
        }
        final Path folder = onlyFolder(out);
        for (final String file : List.of("w2.md", "w2.json", "w2-latency-50000.svg", "w2-rill-50000-run1.hlog",
            "w2-rill-50000-run2.hlog", "w2-rill-via-log-50000.hgrm", "w2-disruptor-baseline-50000-run1.hlog"))
        {
            assertTrue(Files.size(folder.resolve(file)) > 0, file);
        }
        final String md = Files.readString(folder.resolve("w2.md"));
        assertTrue(md.startsWith("# W2 measured=20000 warm-up=5000 K=100 runs=2 "), md);
        assertTrue(md.contains("Median of 2 runs per engine, (min..max) over the runs in brackets"), md);
        assertTrue(Pattern.compile("\\| p99 \\| [0-9.]+ µs \\([0-9.]+\\.\\.[0-9.]+ µs\\) \\|").matcher(md).find(), md);
    }

    @Test
    void aRateTheMachineCannotSustainIsReportedWithItsAchievedRateNotAsLatency() throws IOException
    {
        final Path out = tmp.resolve("results");
        final Cli.Result r = bench("w2", "--events", "20000", "--warmup", "0", "--rate", "100000000", "--runs", "1",
            "--format", "json", "--out", out.toString());
        assertEquals(0, r.exitCode(), r::toString);
        final List<Matcher> entries = w2Entries(r.out());
        assertEquals(4, entries.size(), r::toString);
        for (final Matcher m : entries)
        {
            assertEquals("false", m.group(10), m.group());
            assertEquals("null", m.group(4), m.group());
            assertEquals("null", m.group(8), m.group());
            final double achieved = Double.parseDouble(m.group(9));
            assertTrue(achieved > 0 && achieved < 95_000_000, m.group());
        }
        final String md = Files.readString(onlyFolder(out).resolve("w2.md"));
        assertTrue(md.contains("NOT SUSTAINED by rill: achieved "), md);
        assertTrue(md.contains("NOT SUSTAINED by rill-via-log: achieved "), md);
        assertTrue(md.contains("NOT SUSTAINED by raw-chronicle: achieved "), md);
    }

    @Test
    void w3ComparesTheLogWithRawChronicle() throws IOException
    {
        final Cli.Result r = bench("w3", "--events", "20000", "--runs", "1", "--warmup", "5000", "--format", "json",
            "--out", tmp.resolve("results").toString());
        assertEquals(0, r.exitCode(), r::toString);
        final String json = r.out().strip();
        assertTrue(json.startsWith("{\"workload\":\"w3\",\"events\":20000,\"complete\":true,\"records\":20000,"),
            json);
        assertTrue(json.contains("{\"engine\":\"rill\",\"eventsPerSecond\":"), json);
        assertTrue(json.contains("{\"engine\":\"raw-chronicle\",\"eventsPerSecond\":"), json);
    }

    @Test
    void badInputIsRefusedWithOneLineBeforeAnythingRuns() throws IOException
    {
        final Path file = Files.writeString(tmp.resolve("a-file"), "not a folder");
        assertBad("rill: --events must be 1..10000000000: 0", "w1", "--events", "0");
        assertBad("rill: --rate must be 1..100000000 events/s: -5", "w2", "--rate", "-5");
        assertBad("rill: --rate must be 1..100000000 events/s: 1000000000", "w2", "--rate", "1000000000");
        assertBad("rill: --rate applies to w2 only (w1 runs flat out)", "w1", "--rate", "1000");
        assertBad("rill: --shards applies to w1 only (w2 keeps its running sums on one sink thread, w3 has no " +
            "pipeline)", "w2", "--shards", "2");
        assertBad("rill: --partitions applies to w1 only (w2 through the log reads one partition, w3 has its own " +
            "topic layout)", "w3", "--partitions", "2");
        assertBad("rill: --partitions must be 1..64: 0", "w1", "--partitions", "0");
        assertBad("rill: --partitions must be 1..64: 65", "w1", "--partitions", "65");
        assertBad("rill: unknown workload: w4 (w1, w2 or w3)", "w4");
        assertBad("rill: --keys must be 1..10000000: 0", "w1", "--keys", "0");
        assertBad("rill: --keys applies to w1 and w2 (w3 appends records of its own layout)", "w3", "--keys", "5");
        assertBad("rill: --runs must be 1..1000: 0", "w2", "--runs", "0");
        assertBad("rill: --runs must be 1..1000: -3", "w2", "--runs", "-3");
        assertBad("rill: --warmup must be 1..10000000000: 0", "w3", "--warmup", "0");
        assertBad("rill: --format must be text or json: xml", "w1", "--format", "xml");
        assertBad("rill: --search applies to w2 only (a search over the release rate)", "w1", "--search");
        assertBad("rill: --search-rates needs --search", "w2", "--search-rates", "100000");
        assertBad("rill: --search-rates: each rate must be 1..100000000 events/s: 0", "w2", "--search",
            "--search-rates", "100000,0");
        final Cli.Result folder = bench("w1", "--events", "1000", "--out", file.resolve("sub").toString());
        assertEquals(2, folder.exitCode(), folder::toString);
        assertTrue(folder.err().startsWith("rill: cannot write the results folder under " + file.resolve("sub") +
            ": "), folder::toString);
        assertEquals("", folder.out());
    }

    /**
     * The command, run through {@code env --default-signal=INT} when this JVM was started with SIGINT ignored (as a
     * shell starts a background job): a JVM that inherits SIGINT ignored never sees Ctrl-C, so the child would run
     * on. {@code env} execs the command, so the child's pid is the JVM's.
     */
    private static List<String> withDefaultSigint(final List<String> command) throws IOException, InterruptedException
    {
        if (!sigintIgnored())
        {
            return command;
        }
        final Process probe = new ProcessBuilder("env", "--default-signal=INT", "true").start();
        assertEquals(0, probe.waitFor(), "SIGINT is ignored in this JVM (a background job?) and env cannot restore " +
            "it: run the tests in the foreground");
        final List<String> wrapped = new ArrayList<>(List.of("env", "--default-signal=INT"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** @return whether this process ignores SIGINT (bit 1 of SigIgn in /proc/self/status), false off Linux. */
    private static boolean sigintIgnored() throws IOException
    {
        final Path status = Path.of("/proc/self/status");
        if (!Files.isReadable(status))
        {
            return false;
        }
        for (final String line : Files.readAllLines(status))
        {
            if (line.startsWith("SigIgn:"))
            {
                return (Long.parseLong(line.substring("SigIgn:".length()).trim(), 16) & (1L << 1)) != 0;
            }
        }
        return false;
    }

    @Test
    void ctrlCWritesThePartialResultsMarkedPartial() throws Exception
    {
        final Path out = tmp.resolve("results");
        // its own temporary folder: the topic rill-via-log reads lives there and must be gone after Ctrl-C
        final Path childTmp = Files.createDirectories(tmp.resolve("child-tmp"));
        final List<String> command = withDefaultSigint(ChildRill.command(List.of("-Xmx512m",
            "-Djava.io.tmpdir=" + childTmp), "bench", "w1", "--events", "500000", "--runs", "1000", "--warmup", "1000",
            "--format", "json", "--out", out.toString()));
        final Path stdout = tmp.resolve("stdout");
        final Path stderr = tmp.resolve("stderr");
        final Process child = new ProcessBuilder(command).redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile()).start();
        try
        {
            // a measured run of every engine is done: the partial results hold figures
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!Files.readString(stderr).contains("rill bench w1: run 1 single-thread"))
            {
                assertTrue(child.isAlive(), () -> "child ended: " + read(stderr));
                assertTrue(System.nanoTime() < deadline, () -> "no measured run within 120 s: " + read(stderr));
                child.waitFor(50, TimeUnit.MILLISECONDS);
            }
            final Process kill = new ProcessBuilder("kill", "-INT", Long.toString(child.pid())).start();
            assertEquals(0, kill.waitFor());
            assertTrue(child.waitFor(60, TimeUnit.SECONDS), () -> "still running 60 s after SIGINT: " + read(stderr));
            assertEquals(130, child.exitValue(), () -> read(stderr));
        }
        finally
        {
            child.destroyForcibly();
        }
        final String json = Files.readString(stdout).strip();
        assertTrue(json.startsWith("{\"workload\":\"w1\",\"events\":500000,\"complete\":false,\"records\":"), json);
        assertTrue(json.contains("{\"engine\":\"single-thread\",\"eventsPerSecond\":"), json);
        final Path folder = onlyFolder(out);
        assertEquals(json, Files.readString(folder.resolve("w1.json")).strip());
        assertTrue(Files.readString(folder.resolve("w1.md")).startsWith("# W1 (PARTIAL: interrupted or failed) "));
        try (Stream<Path> left = Files.list(childTmp))
        {
            assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("rill-")).toList());
        }
    }

    @Test
    void theProgressLineCountsEventsWithRateAndEta()
    {
        final StringWriter text = new StringWriter();
        final ProgressLine line = new ProgressLine(new PrintWriter(text), true, 1_000, 0, "events");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        // it draws at most four times a second: call until it has drawn once
        while (text.getBuffer().length() == 0 && System.nanoTime() < deadline)
        {
            line.update(500);
        }
        assertTrue(Pattern.matches("\r500 / 1,000 events \\(50%\\)  [0-9,]+ events/s  ETA \\d+s", text.toString()),
            text::toString);
        final ProgressLine silent = new ProgressLine(new PrintWriter(text), false, 1_000, 0, "events");
        silent.update(1_000);
        silent.finish();
        assertFalse(text.toString().contains("1,000 / 1,000"), text::toString);
    }

    @Test
    void w2SearchIsPassedToTheHarnessWithItsRates()
    {
        final BenchCommand command = new BenchCommand();
        new picocli.CommandLine(command).parseArgs("w2", "--rate", "50000", "--search", "--search-rates",
            "50000,100000");
        final List<String> args = command.harnessArgs();
        assertEquals(List.of("--out", "bench-results", "--format", "text", "--rates", "50000", "--search",
            "--search-rates", "50000,100000"), args);
        // and the harness takes them: its own option names, not a typo only a real search would show
        new picocli.CommandLine(new dev.rill.perf.w2.W2Benchmark(new dev.rill.perf.HarnessOutput(
            new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
            dev.rill.perf.BenchProgress.notes(new PrintWriter(new StringWriter()), ""), "t")))
            .parseArgs(args.toArray(new String[0]));
    }

    private Cli.Result bench(final String... args)
    {
        final List<String> all = new ArrayList<>(List.of("bench"));
        all.addAll(List.of(args));
        return new Cli(tmp.resolve("data")).run(all.toArray(new String[0]));
    }

    private void assertBad(final String message, final String... args)
    {
        final Cli.Result r = bench(args);
        assertEquals(2, r.exitCode(), r::toString);
        assertEquals(message + "\n", r.err(), r::toString);
        assertEquals("", r.out(), r::toString);
    }

    private static List<Matcher> w2Entries(final String json)
    {
        final List<Matcher> entries = new ArrayList<>();
        final Matcher m = W2_ENTRY.matcher(json);
        while (m.find())
        {
            entries.add(W2_ENTRY.matcher(m.group()));
            entries.get(entries.size() - 1).matches();
        }
        return entries;
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

    private static String read(final Path file)
    {
        try
        {
            return Files.readString(file);
        }
        catch (final IOException ex)
        {
            return "(cannot read " + file + ": " + ex + ")";
        }
    }
}
