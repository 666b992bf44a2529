package dev.rill.perf.w2;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.rill.engine.WaitStrategy;
import dev.rill.perf.HarnessOutput;
import dev.rill.perf.IntervalLog;
import dev.rill.perf.JvmFlags;
import dev.rill.perf.report.Figures;
import dev.rill.perf.report.Json;
import dev.rill.perf.report.MarkdownTable;
import dev.rill.perf.report.PercentileChart;
import dev.rill.perf.report.ReportDir;

/**
 * W2 of {@code shared/bench/WORKLOADS.md}: open-loop release at rate R on a fixed schedule, latency = sink
 * {@code nanoTime} minus intended release time (corrected for coordinated omission) into HdrHistogram (1 ns..10 s, 3
 * digits) after a warm-up; Rill ({@link RillW2}), Rill reading a topic a release thread writes at rate R
 * ({@link RillViaLogW2}) and a hand-written Disruptor pipeline ({@link DisruptorW2}) at each rate in the same run,
 * {@code --runs} times each, the engine order rotating from run to run (and on from rate to rate) so that no engine
 * always goes first; every finished run's checksum (wrapping sum of emitted totals) must equal the others' at that
 * rate. The report gives per figure the median over the runs with min..max, the ratio of the medians to the
 * baseline's and the target judged on those medians ({@link W2Report}), then every run; each run writes its own
 * {@code w2-<engine>-<R>-run<k>.hlog}, {@code w2-<engine>-<R>.hgrm} holds all runs merged, and the chart of a rate
 * draws every run. A run whose achieved rate is below 95 % of R is reported as not sustained with the achieved rate,
 * not as a latency figure (its percentiles, and the medians of its engine at that rate, are null in the JSON).
 * {@code --search} finds, per engine, the highest rate of a coarse list whose p99.9 (and, separately, p99) stays under
 * 100 µs: {@code --search-runs} runs of each engine per step, the engine order rotating, each step judged on the
 * medians of its runs, as the main table is ({@link #highestKept}).
 * <p>
 * Report text and JSON go to the {@code out} writer, errors and step notes to {@code err} and the
 * {@link dev.rill.perf.BenchProgress} given to the constructor. Interrupted (Ctrl-C), a shutdown hook writes what was measured,
 * marked partial ({@code "complete":false}).
 */
@Command(name = "W2Benchmark", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"W2: rolling sum per symbol, open-loop latency through Rill, through Rill reading a topic " +
        "written at the rate, and through a hand-written Disruptor pipeline, in the same run.", ""},
    footer = {"", "Run: java -cp perf/target/rill-benchmarks.jar dev.rill.perf.w2.W2Benchmark --rates 100000,1000000 " +
        "--runs 3",
        "Exit codes: 0 ok, 1 checksums differ or a run failed, 2 bad arguments, 130 interrupted."})
public final class W2Benchmark implements Callable<Integer>
{
    private static final long LIMIT_NS = 100_000;
    private static final String RILL = "rill";
    private static final String RILL_VIA_LOG = "rill-via-log";
    private static final String DISRUPTOR = "disruptor-baseline";
    private static final String RAW_CHRONICLE = "raw-chronicle";
    private static final List<String> ALL_ENGINES = List.of(RILL, RILL_VIA_LOG, RAW_CHRONICLE, DISRUPTOR);

    @Option(names = "--rates", split = ",", paramLabel = "R", description = "rates, events/s (default: 100000,1000000)")
    List<Double> rates = new ArrayList<>(List.of(100_000.0, 1_000_000.0));

    @Option(names = "--events", paramLabel = "N", description = "measured events per rate (default: ${DEFAULT-VALUE})")
    long events = 2_000_000L;

    @Option(names = "--warmup", paramLabel = "W",
        description = "unrecorded warm-up events before them (default: ${DEFAULT-VALUE})")
    long warmup = 1_000_000L;

    @Option(names = "--keys", paramLabel = "K", description = "symbols (default: ${DEFAULT-VALUE})")
    int keys = 10_000;

    @Option(names = "--runs", paramLabel = "N", description = "measured runs of every engine at each rate, 1..1000, " +
        "the engine order rotating from run to run; each run has its own warm-up (default: ${DEFAULT-VALUE})")
    int runs = 3;

    @Option(names = "--warmup-runs", paramLabel = "N", description = "unmeasured runs of every engine at each rate " +
        "before its measured runs, 0..100, each like a measured run (its own --warmup included): the JIT compiles an " +
        "engine's code in its first runs in a JVM, as W1's warm-up runs and JMH's warm-up iterations allow for; " +
        "listed in the report, not counted (default: ${DEFAULT-VALUE})")
    int warmupRuns = 2;

    @Option(names = "--engines", split = ",", description = "engines (default: rill,rill-via-log,raw-chronicle,disruptor-baseline)")
    List<String> engines = new ArrayList<>(ALL_ENGINES);

    @Option(names = "--wait", description = "wait strategy of every engine (default: ${DEFAULT-VALUE})")
    WaitStrategy wait = WaitStrategy.YIELDING;

    @Option(names = "--search", description = "also search the highest rate with p99.9 < 100 µs")
    boolean search;

    @Option(names = "--search-rates", split = ",", paramLabel = "R",
        description = "rates tried by the search (default: 100000,200000,500000,1000000,2000000,5000000)")
    List<Double> searchRates = new ArrayList<>(List.of(100_000.0, 200_000.0, 500_000.0, 1_000_000.0, 2_000_000.0,
        5_000_000.0));

    @Option(names = "--search-seconds", description = "measured seconds per search step (default: ${DEFAULT-VALUE})")
    double searchSeconds = 1.0;

    @Option(names = "--search-runs", paramLabel = "N", description = "runs of every engine per search step, 1..100, " +
        "the engine order rotating; a step is judged on the median of its runs' p99 (p99.9) and holds only if every " +
        "run sustained the rate (default: ${DEFAULT-VALUE})")
    int searchRuns = 3;

    @Option(names = "--search-warmup", description = "warm-up events per search step (default: the --warmup, as the " +
        "workload specifies; a shorter one measures Rill's larger code before the JIT has compiled it)")
    Long searchWarmup;

    @Option(names = "--out", paramLabel = "DIR", description = "results parent folder (default: ${DEFAULT-VALUE})")
    Path out = Path.of("perf/results");

    @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE})")
    String format = "text";

    /**
     * One run of one engine at one rate: {@code run} counts from 1 (in the rate search, within its step),
     * {@code order} is the engine's place in that run (1 = first); {@code count} is the events sunk, -1 if it did not
     * finish.
     */
    record Point(String engine, double rate, int run, int order, long p50, long p99, long p999, long p9999, long max,
        double achieved, long checksum, boolean sustained, long count)
    {
    }

    /**
     * Applied to each measured run before it is kept and checked: the identity, except in a test that changes one
     * run's checksum to see the harness fail (engines that work never differ).
     */
    UnaryOperator<Point> measured = UnaryOperator.identity();

    private final HarnessOutput io;
    private final List<Point> points = new ArrayList<>();
    private final List<Point> searchPoints = new ArrayList<>();
    private final List<Point> warmupPoints = new ArrayList<>();
    /** Per {@code <engine>-<R>}, the total histogram of each run, in run order: the chart. */
    private final Map<String, List<Histogram>> histograms = new LinkedHashMap<>();
    /** Per engine-rate over the kept runs: intervals, then those over each of {@link IntervalLog#THRESHOLDS_NS}. */
    private final Map<String, int[]> intervalTallies = new LinkedHashMap<>();
    private ReportDir reportDir;
    private volatile boolean complete;
    private boolean reported;
    private String failure;
    private long eventsDone;

    /**
     * @param io where the report, the errors and the progress go ({@code main}: {@code System.out} and
     *           {@code System.err}; {@code rill bench} passes its own).
     */
    public W2Benchmark(final HarnessOutput io)
    {
        this.io = io;
    }

    /**
     * @param args see {@code --help}.
     */
    public static void main(final String[] args)
    {
        JvmFlags.relaunchIfMissing(W2Benchmark.class, args);
        System.exit(new CommandLine(new W2Benchmark(HarnessOutput.system("W2Benchmark", "W2: "))).execute(args));
    }

    @Override
    public Integer call() throws Exception
    {
        if (runs < 1 || runs > 1_000)
        {
            io.err().println(io.name() + ": --runs must be 1..1000: " + runs);
            return 2;
        }
        if (warmupRuns < 0 || warmupRuns > 100)
        {
            io.err().println(io.name() + ": --warmup-runs must be 0..100: " + warmupRuns);
            return 2;
        }
        if (searchRuns < 1 || searchRuns > 100)
        {
            io.err().println(io.name() + ": --search-runs must be 1..100: " + searchRuns);
            return 2;
        }
        if (events <= 0 || warmup < 0 || keys <= 0 || searchSeconds <= 0 || searchWarmup != null && searchWarmup < 0)
        {
            io.err().println(io.name() + ": --events and --keys must be > 0, --warmup and --search-warmup >= 0, " +
                "--search-seconds > 0: events=" + events + " warmup=" + warmup + " keys=" + keys + " search-seconds=" +
                searchSeconds + " search-warmup=" + searchWarmup);
            return 2;
        }
        for (final double r : concat(rates, search ? searchRates : List.of()))
        {
            if (!(r > 0) || r > 100_000_000)
            {
                io.err().println(io.name() + ": a rate must be > 0 and <= 100,000,000 events/s: " + String.format(Locale.ROOT, "%.0f", r));
                return 2;
            }
        }
        if (!format.equals("text") && !format.equals("json"))
        {
            io.err().println(io.name() + ": --format must be text or json: " + format);
            return 2;
        }
        for (final String e : engines)
        {
            if (!ALL_ENGINES.contains(e))
            {
                io.err().println(io.name() + ": unknown engine: " + e + " (engines: " + String.join(", ", ALL_ENGINES) + ")");
                return 2;
            }
        }
        try
        {
            reportDir = ReportDir.create(out);
        }
        catch (final IOException | RuntimeException ex)
        {
            io.err().println(io.name() + ": cannot write the results folder under " + out + ": " + ex);
            return 2;
        }
        final Thread hook = new Thread(this::writeReportQuietly, "w2-report-on-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        io.progress().expect((long)rates.size() * (runs + warmupRuns) * engines.size() * (warmup + events));
        int turn = 0;
        for (int r = 0; r < rates.size() && failure == null; r++)
        {
            final double rate = rates.get(r);
            for (int w = 1; w <= warmupRuns && failure == null; w++)
            {
                for (final String engine : engines)
                {
                    final Point p = runOne(engine, rate, warmup, events, w, 0, RunKind.WARMUP);
                    synchronized (this)
                    {
                        warmupPoints.add(p);
                        failure = W2Report.checksumFailure(warmupPoints, rate);
                    }
                }
            }
            for (int run = 1; run <= runs && failure == null; run++)
            {
                for (int k = 0; k < engines.size(); k++)
                {
                    // rotate the order from run to run (and on across rates), so no engine always runs first: the
                    // first engine of a run meets a machine the previous run left in another state (caches, page
                    // cache, the host's scheduling)
                    final String engine = engines.get((k + turn) % engines.size());
                    final Point p = measured.apply(runOne(engine, rate, warmup, events, run, k + 1,
                        RunKind.MEASURED));
                    synchronized (this)
                    {
                        points.add(p);
                    }
                }
                turn++;
                synchronized (this)
                {
                    failure = W2Report.checksumFailure(points, rate);
                }
            }
        }
        if (failure == null && search)
        {
            for (final double rate : searchRates)
            {
                final long n = Math.max(10_000, (long)(rate * searchSeconds));
                final long stepWarmup = searchWarmup == null ? warmup : searchWarmup;
                final List<String> searched = new ArrayList<>();
                for (final String engine : engines)
                {
                    if (stillSearching(engine))
                    {
                        searched.add(engine);
                    }
                }
                io.progress().expect((long)searchRuns * searched.size() * (stepWarmup + n));
                for (int run = 1; run <= searchRuns; run++)
                {
                    for (int k = 0; k < searched.size(); k++)
                    {
                        final String engine = searched.get((k + run - 1) % searched.size());
                        final Point p = runOne(engine, rate, stepWarmup, n, run, k + 1, RunKind.SEARCH);
                        synchronized (this)
                        {
                            searchPoints.add(p);
                        }
                    }
                }
                boolean anyLeft = false;
                for (final String engine : engines)
                {
                    anyLeft |= stillSearching(engine);
                }
                if (!anyLeft)
                {
                    break;
                }
            }
        }
        complete = failure == null;
        writeReportQuietly();
        Runtime.getRuntime().removeShutdownHook(hook);
        if (failure != null)
        {
            io.err().println(io.name() + ": FAILED: " + failure);
            return 1;
        }
        return 0;
    }

    /**
     * An engine is searched on while every step so far kept its p99 under the limit: p99.9 under it implies p99 under
     * it, so stopping at the first p99.9 over the limit would cut the p99 answer short.
     */
    private synchronized boolean stillSearching(final String engine)
    {
        return stillSearching(searchPoints, engine);
    }

    static boolean stillSearching(final List<Point> runs, final String engine)
    {
        return stepsOf(runs, engine).values().stream().allMatch(step -> held(step, false));
    }

    private W2Engine engine(final String engine, final double rate, final long warm, final long n)
    {
        return switch (engine)
        {
            case RILL -> new RillW2(keys, warm, n, rate, 1, wait);
            case RILL_VIA_LOG -> new RillViaLogW2(keys, warm, n, rate, wait);
            case DISRUPTOR -> new DisruptorW2(keys, warm, n, rate, wait);
            case RAW_CHRONICLE -> new RawChronicleW2(keys, warm, n, rate, wait);
            default -> throw new IllegalArgumentException("unknown engine: " + engine);
        };
    }

    /** What a run is for: only measured runs go into the tables, the chart and the interval tallies. */
    enum RunKind
    {
        MEASURED("-run", "run "),
        WARMUP("-warmup-run", "warm-up run "),
        SEARCH("-search-run", "search run ");

        final String fileTag;
        final String note;

        RunKind(final String fileTag, final String note)
        {
            this.fileTag = fileTag;
            this.note = note;
        }
    }

    /**
     * One run of one engine; its interval log is {@code w2-<engine>-<R>-run<k>.hlog}, {@code -warmup-run<k>} or
     * {@code -search-run<k>} by {@code kind}.
     */
    private Point runOne(final String engineName, final double rate, final long warm, final long n, final int run,
        final int order, final RunKind kind) throws Exception
    {
        final boolean keep = kind == RunKind.MEASURED;
        final String tag = engineName + "-" + (long)rate + kind.fileTag + run;
        final Histogram total = new Histogram(1, LatencySink.HIGHEST_NS, 3);
        final long expectedNs = (long)((warm + n) * 1e9 / rate);
        final long startNs = System.nanoTime();
        final long deadline = startNs + 3 * expectedNs + 10_000_000_000L;
        final long doneBefore = eventsDone;
        try (W2Engine engine = engine(engineName, rate, warm, n);
            PrintStream hlog = new PrintStream(Files.newOutputStream(reportDir.file("w2-" + tag + ".hlog")), false,
                StandardCharsets.UTF_8))
        {
            final HistogramLogWriter writer = new HistogramLogWriter(hlog);
            writer.outputLogFormatVersion();
            final long startMs = System.currentTimeMillis();
            writer.outputStartTime(startMs);
            writer.setBaseTime(startMs);
            writer.outputLegend();
            // after the engine is built, not before: its rings, slots and buffers (megabytes for Rill) would
            // otherwise sit in the young generation and be copied by a young pause in the measured window
            // (-Xlog:gc: a 1.9 ms pause at the first measured events of a Rill run at 1M/s)
            System.gc();
            // the sink's nanoTime to the log's milliseconds
            final long epochMsAtStart = System.currentTimeMillis();
            final long nanoAtStart = System.nanoTime();
            engine.start();
            final LatencySink sink = engine.sink();
            boolean done = false;
            final IntervalLog intervals = new IntervalLog();
            try
            {
                // the sink thread records each interval itself: this thread only looks in, a few µs every 100 ms
                while (!done && System.nanoTime() < deadline)
                {
                    Thread.sleep(100);
                    if (engine.failure() != null)
                    {
                        throw new IllegalStateException(engine.name() + " failed at R=" + (long)rate + ": " +
                            engine.failure(), engine.failure());
                    }
                    done = sink.isDone();
                    io.progress().done(doneBefore + sink.seenSoFar());
                }
            }
            finally
            {
                // after the run, and after an interrupted or failed one too (a partial run keeps its intervals)
                sink.forEachInterval(done ? sink.lastSinkNs() : System.nanoTime(), (h, fromNs, toNs) ->
                {
                    h.setStartTimeStamp(epochMsAtStart + (fromNs - nanoAtStart) / 1_000_000L);
                    h.setEndTimeStamp(epochMsAtStart + (toNs - nanoAtStart) / 1_000_000L);
                    intervals.add(h);
                });
                intervals.writeTo(writer, total);
            }
            eventsDone = doneBefore + warm + n;
            io.progress().done(eventsDone);
            final double achieved = done ? sink.achievedRate() : total.getTotalCount() * 1e9 / (System.nanoTime() -
                startNs);
            final boolean sustained = done && achieved >= 0.95 * rate;
            final Point p = new Point(engine.name(), rate, run, order, total.getValueAtPercentile(50),
                total.getValueAtPercentile(99), total.getValueAtPercentile(99.9), total.getValueAtPercentile(99.99),
                total.getMaxValue(), achieved, done ? sink.checksum() : 0, sustained, done ? warm + n : -1);
            if (keep)
            {
                synchronized (this)
                {
                    histograms.computeIfAbsent(engineName + "-" + (long)rate, k -> new ArrayList<>()).add(total);
                    final int[] tally = intervalTallies.computeIfAbsent(engineName + "-" + (long)rate,
                        k -> new int[1 + IntervalLog.THRESHOLDS_NS.length]);
                    tally[0] += intervals.size();
                    final int[] over = intervals.intervalsOver();
                    for (int t = 0; t < over.length; t++)
                    {
                        tally[1 + t] += over[t];
                    }
                }
            }
            if (!done)
            {
                io.progress().note(String.format(Locale.ROOT, "%s R=%d did not finish %,d events within %d s: " +
                    "achieved %.0f/s", engine.name(), (long)rate, warm + n, (deadline - startNs) / 1_000_000_000L,
                    achieved));
            }
            io.progress().note(String.format(Locale.ROOT, "%s%-18s R=%-9d %s p50=%s p99=%s p99.9=%s p99.99=%s " +
                "max=%s achieved=%.0f/s checksum=%d", kind.note + run + "/" +
                (kind == RunKind.MEASURED ? runs : kind == RunKind.WARMUP ? warmupRuns : searchRuns) + " ",
                engine.name(), (long)rate, sustained ? "sustained" : "NOT SUSTAINED",
                Figures.micros(p.p50()), Figures.micros(p.p99()), Figures.micros(p.p999()), Figures.micros(p.p9999()),
                Figures.micros(p.max()), achieved, p.checksum()));
            return p;
        }
    }

    private synchronized void writeReportQuietly()
    {
        if (reported)
        {
            return;
        }
        try
        {
            for (final double rate : rates)
            {
                final PercentileChart chart = new PercentileChart("W2 latency by percentile, R=" + (long)rate +
                    "/s (open loop, from intended release; every run)");
                boolean any = false;
                for (final String engine : ALL_ENGINES)
                {
                    final List<Histogram> h = histograms.get(engine + "-" + (long)rate);
                    if (h != null)
                    {
                        chart.series(engine + " (" + h.size() + (h.size() == 1 ? " run)" : " runs)"), h);
                        any = true;
                        // the distribution of all its runs together (the .hlog of each run holds that run alone)
                        final Histogram merged = new Histogram(1, LatencySink.HIGHEST_NS, 3);
                        h.forEach(merged::add);
                        try (PrintStream hgrm = new PrintStream(Files.newOutputStream(reportDir.file("w2-" + engine +
                            "-" + (long)rate + ".hgrm")), false, StandardCharsets.UTF_8))
                        {
                            merged.outputPercentileDistribution(hgrm, 1000.0);
                        }
                    }
                }
                if (any)
                {
                    reportDir.write("w2-latency-" + (long)rate + ".svg", chart.toSvg());
                }
            }
            reportDir.publish("w2", markdown(), Json.write(json()), format.equals("json"), io.report());
            reported = complete;
        }
        catch (final IOException | RuntimeException ex)
        {
            io.err().println(io.name() + ": cannot write the report: " + ex);
            io.err().flush();
        }
    }

    private String markdown()
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("# W2 ").append(complete ? "" : "(PARTIAL: interrupted or failed) ").append(String.format(
            Locale.ROOT, "measured=%d warm-up=%d K=%d runs=%d warm-up-runs=%d wait=%s JDK %s%n%n", events, warmup,
            keys, runs, warmupRuns, wait, Figures.jdk()));
        if (failure != null)
        {
            sb.append("**FAILED**: ").append(failure).append("\n\n");
        }
        final W2Report report = report();
        for (final double rate : rates)
        {
            report.rateSection(sb, points, rate);
            intervalLine(sb, rate);
            warmupLine(sb, rate);
        }
        if (!searchPoints.isEmpty())
        {
            final MarkdownTable t = new MarkdownTable("engine", "R", "runs sustained", "achieved (median)",
                "p99: median (min..max)", "p99.9: median (min..max)", "p99 < 100 µs", "p99.9 < 100 µs",
                "p99 of each run");
            for (final String e : ALL_ENGINES)
            {
                for (final Map.Entry<Double, W2Report.Summary> step : stepsOf(searchPoints, e).entrySet())
                {
                    final W2Report.Summary r = step.getValue();
                    final StringBuilder each = new StringBuilder();
                    r.runs().stream().sorted(Comparator.comparingInt(Point::run)).forEach(p -> each.append(
                        each.length() == 0 ? "" : ", ").append(Figures.micros(p.p99()))
                        .append(p.sustained() ? "" : " (not sustained)"));
                    t.row(e, String.valueOf(step.getKey().longValue()), r.runs().stream().filter(Point::sustained)
                        .count() + " of " + r.runs().size(), String.format(Locale.ROOT, "%.0f/s", r.medianAchieved()),
                        W2Report.spread(r, Point::p99), W2Report.spread(r, Point::p999),
                        held(r, false) ? "held" : "NO", held(r, true) ? "held" : "NO", each.toString());
                }
            }
            sb.append("## Rate search (").append(searchRuns).append(searchRuns == 1 ? " run" : " runs")
                .append(" of each engine per step, ").append(searchSeconds).append(" s each after a warm-up of ")
                .append(searchWarmup == null ? warmup : searchWarmup).append(" events)\n\n")
                .append("A step holds if every run sustained the rate and the median of its runs' p99 (p99.9) is " +
                    "under 100 µs; an engine is tried at the next rate while every step so far held for p99.\n\n")
                .append(t).append('\n');
            for (final String e : engines)
            {
                sb.append(String.format(Locale.ROOT, "- %s: highest R with p99.9 < 100 µs: %s; with p99 < 100 µs: " +
                    "%s%n", e, highest(e, true), highest(e, false)));
            }
        }
        return sb.toString();
    }

    private String highest(final String engine, final boolean p999)
    {
        final double best = highestKept(searchPoints, engine, p999);
        return best < 0 ? "none of the rates tried" : String.valueOf((long)best);
    }

    /**
     * @return the highest rate up to which every search step of {@code engine}, from the lowest rate on, held: every
     * run of the step sustained the rate, and the median of its runs' p99.9 (or p99) is under 100 µs; -1 if the
     * lowest already did not. A lucky step above a failed one does not count: the answer is a rate the engine
     * keeps, not one it once met.
     */
    static double highestKept(final List<Point> runs, final String engine, final boolean p999)
    {
        double best = -1;
        for (final Map.Entry<Double, W2Report.Summary> step : stepsOf(runs, engine).entrySet())
        {
            if (!held(step.getValue(), p999))
            {
                break;
            }
            best = step.getKey();
        }
        return best;
    }

    /** @return {@code engine}'s search runs by rate, lowest rate first. */
    private static Map<Double, W2Report.Summary> stepsOf(final List<Point> runs, final String engine)
    {
        final Map<Double, List<Point>> byRate = new TreeMap<>();
        for (final Point p : runs)
        {
            if (p.engine().equals(engine))
            {
                byRate.computeIfAbsent(p.rate(), r -> new ArrayList<>()).add(p);
            }
        }
        final Map<Double, W2Report.Summary> steps = new TreeMap<>();
        byRate.forEach((rate, step) -> steps.put(rate, new W2Report.Summary(engine, rate, step)));
        return steps;
    }

    /** A step holds if every run sustained the rate and the median of its runs' p99 (or p99.9) is under the limit. */
    private static boolean held(final W2Report.Summary step, final boolean p999)
    {
        return step.sustained() && step.median(p999 ? Point::p999 : Point::p99) < LIMIT_NS;
    }

    private Map<String, Object> json()
    {
        final Map<String, Object> root = new LinkedHashMap<>();
        root.put("workload", "w2");
        root.put("events", events);
        root.put("complete", complete);
        final List<Object> results = report().results(points, rates);
        root.put("results", results);
        if (!searchPoints.isEmpty())
        {
            final Map<String, Object> searched = new LinkedHashMap<>();
            searched.put("runsPerStep", searchRuns);
            searched.put("seconds", searchSeconds);
            final List<Object> highest = new ArrayList<>();
            for (final String e : engines)
            {
                final Map<String, Object> h = new LinkedHashMap<>();
                h.put("engine", e);
                final double p99 = highestKept(searchPoints, e, false);
                final double p999 = highestKept(searchPoints, e, true);
                h.put("highestRateP99Under100us", p99 < 0 ? null : (long)p99);
                h.put("highestRateP999Under100us", p999 < 0 ? null : (long)p999);
                highest.add(h);
            }
            searched.put("engines", highest);
            root.put("search", searched);
        }
        root.put("warmupRuns", warmupRuns);
        // last, as before the search had a place in the JSON: scripts read the object's end
        root.put("runs", runs);
        return root;
    }

    /**
     * The unmeasured warm-up runs at {@code rate}, each engine's p99 and p99.9: shown so that what the first runs in a
     * JVM cost is in the report, not hidden by leaving it out.
     */
    private synchronized void warmupLine(final StringBuilder sb, final double rate)
    {
        final StringBuilder each = new StringBuilder();
        for (final Point p : warmupPoints)
        {
            if (p.rate() == rate)
            {
                each.append(each.length() == 0 ? "" : "; ").append(p.engine()).append(' ').append(p.run())
                    .append(": p99 ").append(Figures.micros(p.p99())).append(", p99.9 ")
                    .append(Figures.micros(p.p999())).append(p.sustained() ? "" : " (not sustained)");
            }
        }
        if (each.length() > 0)
        {
            sb.append("Warm-up runs at this rate, before the measured ones and not counted (each engine's first ")
                .append(warmupRuns == 1 ? "run" : warmupRuns + " runs").append(" at this rate in this JVM, " +
                "the JIT still compiling its code; interval logs w2-<engine>-").append((long)rate)
                .append("-warmup-run<k>.hlog): ").append(each).append(".\n\n");
        }
    }

    /**
     * The share of each engine's 100 ms intervals whose p99 was over 100 µs and over 1 ms, over every run at
     * {@code rate}: how often the machine stalled each engine, steadier from run to run than the runs' p99s.
     */
    private synchronized void intervalLine(final StringBuilder sb, final double rate)
    {
        final List<String> parts = new ArrayList<>();
        for (final String engine : ALL_ENGINES)
        {
            final int[] t = intervalTallies.get(engine + "-" + (long)rate);
            if (t != null && t[0] > 0)
            {
                parts.add(String.format(Locale.ROOT, "%s %d and %d of %d (%.0f%%, %.0f%%)", engine, t[1], t[2], t[0],
                    100.0 * t[1] / t[0], 100.0 * t[2] / t[0]));
            }
        }
        if (!parts.isEmpty())
        {
            sb.append("100 ms intervals whose p99 was over 100 µs and over 1 ms, every run at this rate: ")
                .append(String.join("; ", parts)).append(".\n\n");
        }
    }

    private W2Report report()
    {
        return new W2Report(ALL_ENGINES, DISRUPTOR, runs);
    }

    private static List<Double> concat(final List<Double> a, final List<Double> b)
    {
        final List<Double> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
