package dev.rill.perf.w2;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.ToLongFunction;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.rill.engine.WaitStrategy;
import dev.rill.perf.HarnessOutput;
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
 * engine order rotating from rate to rate, checksums (wrapping sum of emitted totals) compared. A rate whose achieved
 * rate is below 95 % of R is reported as not sustained with the achieved rate, not as a latency figure (its
 * percentiles are null in the JSON). {@code --search} finds, per engine, the highest rate of a coarse list whose
 * p99.9 (and, separately, p99) stays under 100 µs.
 * <p>
 * Report text and JSON go to the {@code out} writer, errors and step notes to {@code err} and the
 * {@link dev.rill.perf.BenchProgress} given to the constructor. Interrupted (Ctrl-C), a shutdown hook writes what was measured,
 * marked partial ({@code "complete":false}).
 */
@Command(name = "W2Benchmark", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"W2: rolling sum per symbol, open-loop latency through Rill, through Rill reading a topic " +
        "written at the rate, and through a hand-written Disruptor pipeline, in the same run.", ""},
    footer = {"", "Run: java -cp perf/target/rill-benchmarks.jar dev.rill.perf.w2.W2Benchmark --rates 100000,1000000",
        "Exit codes: 0 ok, 1 checksums differ or a run failed, 2 bad arguments, 130 interrupted."})
public final class W2Benchmark implements Callable<Integer>
{
    private static final long LIMIT_NS = 100_000;
    private static final String RILL = "rill";
    private static final String RILL_VIA_LOG = "rill-via-log";
    private static final String DISRUPTOR = "disruptor-baseline";
    private static final List<String> ALL_ENGINES = List.of(RILL, RILL_VIA_LOG, DISRUPTOR);

    @Option(names = "--rates", split = ",", paramLabel = "R", description = "rates, events/s (default: 100000,1000000)")
    List<Double> rates = new ArrayList<>(List.of(100_000.0, 1_000_000.0));

    @Option(names = "--events", paramLabel = "N", description = "measured events per rate (default: ${DEFAULT-VALUE})")
    long events = 2_000_000L;

    @Option(names = "--warmup", paramLabel = "W",
        description = "unrecorded warm-up events before them (default: ${DEFAULT-VALUE})")
    long warmup = 1_000_000L;

    @Option(names = "--keys", paramLabel = "K", description = "symbols (default: ${DEFAULT-VALUE})")
    int keys = 10_000;

    @Option(names = "--engines", split = ",", description = "engines (default: rill,rill-via-log,disruptor-baseline)")
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

    @Option(names = "--search-warmup", description = "warm-up events per search step (default: ${DEFAULT-VALUE})")
    long searchWarmup = 100_000;

    @Option(names = "--out", paramLabel = "DIR", description = "results parent folder (default: ${DEFAULT-VALUE})")
    Path out = Path.of("perf/results");

    @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE})")
    String format = "text";

    /** One engine at one rate. */
    record Point(String engine, double rate, long p50, long p99, long p999, long p9999, long max, double achieved,
        long checksum, boolean sustained, long count)
    {
    }

    private final HarnessOutput io;
    private final List<Point> points = new ArrayList<>();
    private final List<Point> searchPoints = new ArrayList<>();
    private final Map<String, Histogram> histograms = new LinkedHashMap<>();
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
        if (events <= 0 || warmup < 0 || keys <= 0 || searchSeconds <= 0)
        {
            io.err().println(io.name() + ": --events and --keys must be > 0, --warmup >= 0, --search-seconds > 0: events=" +
                events + " warmup=" + warmup + " keys=" + keys + " search-seconds=" + searchSeconds);
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
        io.progress().expect(rates.size() * engines.size() * (warmup + events));
        int turn = 0;
        for (final double rate : rates)
        {
            final List<Point> atRate = new ArrayList<>();
            for (int k = 0; k < engines.size(); k++)
            {
                // rotate the order from rate to rate, so no engine always runs first on a cold machine
                final String engine = engines.get((k + turn) % engines.size());
                final Point p = runOne(engine, rate, warmup, events, true);
                atRate.add(p);
                synchronized (this)
                {
                    points.add(p);
                }
            }
            turn++;
            for (final Point p : atRate)
            {
                final Point first = atRate.get(0);
                if (p.checksum() != first.checksum() && p.count() == first.count())
                {
                    failure = "rate " + (long)rate + ": checksum " + p.engine() + " " + p.checksum() + " != " +
                        first.engine() + " " + first.checksum();
                }
            }
            if (failure != null)
            {
                break;
            }
        }
        if (failure == null && search)
        {
            for (final double rate : searchRates)
            {
                final long n = Math.max(10_000, (long)(rate * searchSeconds));
                for (final String engine : engines)
                {
                    if (!stillSearching(engine))
                    {
                        continue;
                    }
                    io.progress().expect(searchWarmup + n);
                    final Point p = runOne(engine, rate, searchWarmup, n, false);
                    synchronized (this)
                    {
                        searchPoints.add(p);
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

    private boolean stillSearching(final String engine)
    {
        for (final Point p : searchPoints)
        {
            if (p.engine().equals(engine) && !(p.sustained() && p.p999() < LIMIT_NS))
            {
                return false;
            }
        }
        return true;
    }

    private W2Engine engine(final String engine, final double rate, final long warm, final long n)
    {
        return switch (engine)
        {
            case RILL -> new RillW2(keys, warm, n, rate, 1, wait);
            case RILL_VIA_LOG -> new RillViaLogW2(keys, warm, n, rate, wait);
            case DISRUPTOR -> new DisruptorW2(keys, warm, n, rate, wait);
            default -> throw new IllegalArgumentException("unknown engine: " + engine);
        };
    }

    private Point runOne(final String engineName, final double rate, final long warm, final long n,
        final boolean keep) throws Exception
    {
        final String tag = engineName + "-" + (long)rate + (keep ? "" : "-search");
        final Histogram total = new Histogram(1, LatencySink.HIGHEST_NS, 3);
        Histogram interval = null;
        final long expectedNs = (long)((warm + n) * 1e9 / rate);
        final long startNs = System.nanoTime();
        final long deadline = startNs + 3 * expectedNs + 10_000_000_000L;
        System.gc();
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
            engine.start();
            final LatencySink sink = engine.sink();
            boolean done = false;
            while (!done && System.nanoTime() < deadline)
            {
                Thread.sleep(100);
                if (engine.failure() != null)
                {
                    throw new IllegalStateException(engine.name() + " failed at R=" + (long)rate + ": " +
                        engine.failure(), engine.failure());
                }
                done = sink.isDone();
                interval = sink.interval(interval);
                if (interval.getTotalCount() > 0 || done)
                {
                    interval.setEndTimeStamp(System.currentTimeMillis());
                    writer.outputIntervalHistogram(interval);
                    total.add(interval);
                }
                io.progress().done(doneBefore + sink.seenSoFar());
            }
            eventsDone = doneBefore + warm + n;
            io.progress().done(eventsDone);
            final double achieved = done ? sink.achievedRate() : total.getTotalCount() * 1e9 / (System.nanoTime() -
                startNs);
            final boolean sustained = done && achieved >= 0.95 * rate;
            final Point p = new Point(engine.name(), rate, total.getValueAtPercentile(50),
                total.getValueAtPercentile(99), total.getValueAtPercentile(99.9), total.getValueAtPercentile(99.99),
                total.getMaxValue(), achieved, done ? sink.checksum() : 0, sustained, done ? warm + n : -1);
            if (keep)
            {
                synchronized (this)
                {
                    histograms.put(tag, total);
                }
                try (PrintStream hgrm = new PrintStream(Files.newOutputStream(reportDir.file("w2-" + tag + ".hgrm")),
                    false, StandardCharsets.UTF_8))
                {
                    total.outputPercentileDistribution(hgrm, 1000.0);
                }
            }
            if (!done)
            {
                io.progress().note(String.format(Locale.ROOT, "%s R=%d did not finish %,d events within %d s: " +
                    "achieved %.0f/s", engine.name(), (long)rate, warm + n, (deadline - startNs) / 1_000_000_000L,
                    achieved));
            }
            io.progress().note(String.format(Locale.ROOT, "%-18s R=%-9d %s p50=%s p99=%s p99.9=%s p99.99=%s max=%s " +
                "achieved=%.0f/s checksum=%d", engine.name(), (long)rate, sustained ? "sustained" : "NOT SUSTAINED",
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
                    "/s (open loop, from intended release)");
                boolean any = false;
                for (final String engine : ALL_ENGINES)
                {
                    final Histogram h = histograms.get(engine + "-" + (long)rate);
                    if (h != null)
                    {
                        chart.series(engine, h);
                        any = true;
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
            Locale.ROOT, "measured=%d warm-up=%d K=%d wait=%s JDK %s%n%n", events, warmup, keys, wait, Figures.jdk()));
        for (final double rate : rates)
        {
            final List<Point> atRate = new ArrayList<>();
            for (final String engine : ALL_ENGINES)
            {
                final Point p = find(points, engine, rate);
                if (p != null)
                {
                    atRate.add(p);
                }
            }
            if (atRate.isEmpty())
            {
                continue;
            }
            sb.append("## R = ").append((long)rate).append(" events/s\n\n");
            final Point b = find(points, DISRUPTOR, rate);
            final List<String> header = new ArrayList<>(List.of("figure"));
            for (final Point p : atRate)
            {
                header.add(p.engine());
            }
            for (final Point p : atRate)
            {
                if (b != null && p != b)
                {
                    header.add(p.engine() + " / baseline");
                }
            }
            for (final Point p : atRate)
            {
                if (!p.sustained())
                {
                    sb.append(String.format(Locale.ROOT, "NOT SUSTAINED by %s: achieved %.0f/s of %d/s; its " +
                        "latencies are those of an overloaded system, not figures (null in the JSON)%n%n",
                        p.engine(), p.achieved(), (long)rate));
                }
            }
            final MarkdownTable t = new MarkdownTable(header.toArray(new String[0]));
            row(t, "p50", atRate, b, Point::p50, true);
            row(t, "p99", atRate, b, Point::p99, true);
            row(t, "p99.9", atRate, b, Point::p999, false);
            row(t, "p99.99", atRate, b, Point::p9999, false);
            row(t, "max", atRate, b, Point::max, false);
            final List<String> achieved = new ArrayList<>(List.of("achieved rate"));
            final List<String> sums = new ArrayList<>(List.of("checksum"));
            for (final Point p : atRate)
            {
                achieved.add(String.format(Locale.ROOT, "%.0f/s", p.achieved()));
                sums.add(String.valueOf(p.checksum()));
            }
            for (final Point p : atRate)
            {
                if (b != null && p != b)
                {
                    achieved.add(Figures.ratio(p.achieved() / b.achieved()));
                    sums.add(p.checksum() == b.checksum() ? "equal" : "DIFFER");
                }
            }
            t.row(achieved.toArray(new String[0]));
            t.row(sums.toArray(new String[0]));
            sb.append(t).append("\nTarget: p50 and p99 within 2x of the baseline or 20 µs above it, whichever is " +
                "larger. Chart: w2-latency-").append((long)rate).append(".svg\n\n");
        }
        if (!searchPoints.isEmpty())
        {
            final MarkdownTable t = new MarkdownTable("engine", "R", "sustained", "achieved", "p99", "p99.9");
            for (final Point p : searchPoints)
            {
                t.row(p.engine(), String.valueOf((long)p.rate()), p.sustained() ? "yes" : "NO",
                    String.format(Locale.ROOT, "%.0f/s", p.achieved()), Figures.micros(p.p99()),
                    Figures.micros(p.p999()));
            }
            sb.append("## Rate search (").append(searchSeconds).append(" s per step, warm-up ").append(searchWarmup)
                .append(")\n\n").append(t).append('\n');
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
        double best = -1;
        for (final Point p : searchPoints)
        {
            if (p.engine().equals(engine) && p.sustained() && (p999 ? p.p999() : p.p99()) < LIMIT_NS)
            {
                best = Math.max(best, p.rate());
            }
        }
        return best < 0 ? "none of the rates tried" : String.valueOf((long)best);
    }

    /** One percentile row: the value per engine, then per Rill engine its ratio to the baseline (and the target). */
    private static void row(final MarkdownTable t, final String figure, final List<Point> atRate, final Point base,
        final ToLongFunction<Point> value, final boolean target)
    {
        final List<String> cells = new ArrayList<>(List.of(figure));
        for (final Point p : atRate)
        {
            cells.add(Figures.micros(value.applyAsLong(p)));
        }
        for (final Point p : atRate)
        {
            if (base != null && p != base)
            {
                final long rill = value.applyAsLong(p);
                final long b = value.applyAsLong(base);
                String cell = Figures.ratio((double)rill / b);
                if (target)
                {
                    final long allowed = Math.max(2 * b, b + 20_000);
                    cell += rill <= allowed ? ", met (<= " + Figures.micros(allowed) + ")" :
                        ", NOT met by " + Figures.micros(rill - allowed);
                }
                cells.add(cell);
            }
        }
        t.row(cells.toArray(new String[0]));
    }

    private Map<String, Object> json()
    {
        final Map<String, Object> root = new LinkedHashMap<>();
        root.put("workload", "w2");
        root.put("events", events);
        root.put("complete", complete);
        final List<Object> results = new ArrayList<>();
        for (final Point p : points)
        {
            final Map<String, Object> r = new LinkedHashMap<>();
            r.put("engine", p.engine());
            r.put("rate", (long)p.rate());
            r.put("eventsPerSecond", p.achieved());
            r.put("p50Ns", p.sustained() ? p.p50() : null);
            r.put("p99Ns", p.sustained() ? p.p99() : null);
            r.put("p999Ns", p.sustained() ? p.p999() : null);
            r.put("p9999Ns", p.sustained() ? p.p9999() : null);
            r.put("maxNs", p.sustained() ? p.max() : null);
            r.put("achievedRate", p.achieved());
            r.put("sustained", p.sustained());
            r.put("checksum", p.checksum());
            results.add(r);
        }
        root.put("results", results);
        return root;
    }

    private static Point find(final List<Point> list, final String engine, final double rate)
    {
        for (final Point p : list)
        {
            if (p.engine().equals(engine) && p.rate() == rate)
            {
                return p;
            }
        }
        return null;
    }

    private static List<Double> concat(final List<Double> a, final List<Double> b)
    {
        final List<Double> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
