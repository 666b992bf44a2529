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

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.rill.engine.WaitStrategy;
import dev.rill.perf.JvmFlags;
import dev.rill.perf.report.Figures;
import dev.rill.perf.report.Json;
import dev.rill.perf.report.MarkdownTable;
import dev.rill.perf.report.PercentileChart;
import dev.rill.perf.report.ReportDir;

/**
 * W2 of {@code shared/bench/WORKLOADS.md}: open-loop release at rate R on a fixed schedule, latency = sink
 * {@code nanoTime} minus intended release time (corrected for coordinated omission) into HdrHistogram (1 ns..10 s, 3
 * digits) after a warm-up; Rill ({@link RillW2}) and a hand-written Disruptor pipeline ({@link DisruptorW2}) at each
 * rate in the same run, checksums (wrapping sum of emitted totals) compared. A rate whose achieved rate is below 95 %
 * of R is reported as not sustained with the achieved rate, not as a latency figure. {@code --search} finds the
 * highest rate of a coarse list whose p99.9 (and, separately, p99) stays under 100 µs.
 */
@Command(name = "W2Benchmark", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"W2: rolling sum per symbol, open-loop latency through Rill and a hand-written Disruptor " +
        "pipeline in the same run.", ""},
    footer = {"", "Run: java -cp perf/target/rill-benchmarks.jar dev.rill.perf.w2.W2Benchmark --rates 100000,1000000",
        "Exit codes: 0 ok, 1 checksums differ or a run failed, 2 bad arguments."})
public final class W2Benchmark implements Callable<Integer>
{
    private static final String RELAUNCHED_PROPERTY = "rill.perf.relaunched";
    private static final long LIMIT_NS = 100_000;

    @Option(names = "--rates", split = ",", paramLabel = "R", description = "rates, events/s (default: 100000,1000000)")
    List<Double> rates = new ArrayList<>(List.of(100_000.0, 1_000_000.0));

    @Option(names = "--events", paramLabel = "N", description = "measured events per rate (default: ${DEFAULT-VALUE})")
    long events = 2_000_000L;

    @Option(names = "--warmup", paramLabel = "W",
        description = "unrecorded warm-up events before them (default: ${DEFAULT-VALUE})")
    long warmup = 1_000_000L;

    @Option(names = "--keys", paramLabel = "K", description = "symbols (default: ${DEFAULT-VALUE})")
    int keys = 10_000;

    @Option(names = "--wait", description = "wait strategy of both engines (default: ${DEFAULT-VALUE})")
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

    private final List<Point> points = new ArrayList<>();
    private final List<Point> searchPoints = new ArrayList<>();
    private final Map<String, Histogram> histograms = new LinkedHashMap<>();
    private ReportDir reportDir;
    private volatile boolean complete;
    private boolean reported;
    private String failure;

    /**
     * @param args see {@code --help}.
     */
    public static void main(final String[] args)
    {
        final List<String> missing = JvmFlags.missingFromThisJvm();
        if (!missing.isEmpty() && !Boolean.getBoolean(RELAUNCHED_PROPERTY))
        {
            final List<String> command = JvmFlags.relaunchCommand(W2Benchmark.class.getName(), args);
            command.add(1, "-D" + RELAUNCHED_PROPERTY + "=true");
            try
            {
                System.exit(new ProcessBuilder(command).inheritIO().start().waitFor());
            }
            catch (final IOException | InterruptedException ex)
            {
                System.err.println("W2Benchmark: cannot relaunch: " + ex);
                System.exit(1);
            }
        }
        System.exit(new CommandLine(new W2Benchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception
    {
        if (events <= 0 || warmup < 0 || keys <= 0 || searchSeconds <= 0)
        {
            System.err.println("W2Benchmark: --events and --keys must be > 0, --warmup >= 0: events=" + events +
                " warmup=" + warmup + " keys=" + keys);
            return 2;
        }
        for (final double r : concat(rates, search ? searchRates : List.of()))
        {
            if (!(r > 0) || r > 100_000_000)
            {
                System.err.println("W2Benchmark: a rate must be > 0 and <= 100,000,000 events/s: " + r);
                return 2;
            }
        }
        if (!format.equals("text") && !format.equals("json"))
        {
            System.err.println("W2Benchmark: --format must be text or json: " + format);
            return 2;
        }
        try
        {
            reportDir = ReportDir.create(out);
        }
        catch (final IOException | RuntimeException ex)
        {
            System.err.println("W2Benchmark: cannot write results folder under " + out + ": " + ex);
            return 2;
        }
        final Thread hook = new Thread(this::writeReportQuietly, "w2-report-on-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        int turn = 0;
        for (final double rate : rates)
        {
            final Point[] pair = new Point[2];
            for (int k = 0; k < 2; k++)
            {
                final boolean rillFirst = (turn & 1) == 0;
                final boolean rill = (k == 0) == rillFirst;
                final Point p = runOne(rill, rate, warmup, events, true);
                pair[rill ? 0 : 1] = p;
                synchronized (this)
                {
                    points.add(p);
                }
            }
            turn++;
            if (pair[0].checksum() != pair[1].checksum() && pair[0].count() == pair[1].count())
            {
                failure = "rate " + (long)rate + ": checksum rill " + pair[0].checksum() + " != baseline " +
                    pair[1].checksum();
                break;
            }
        }
        if (failure == null && search)
        {
            for (final double rate : searchRates)
            {
                final long n = Math.max(10_000, (long)(rate * searchSeconds));
                boolean anyPass = false;
                for (final boolean rill : new boolean[] {true, false})
                {
                    if (!stillSearching(rill ? "rill" : "disruptor-baseline"))
                    {
                        continue;
                    }
                    final Point p = runOne(rill, rate, searchWarmup, n, false);
                    synchronized (this)
                    {
                        searchPoints.add(p);
                    }
                    anyPass |= p.sustained() && p.p999() < LIMIT_NS;
                }
                if (!anyPass && !stillSearching("rill") && !stillSearching("disruptor-baseline"))
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
            System.err.println("W2Benchmark: FAILED: " + failure);
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

    private Point runOne(final boolean rill, final double rate, final long warm, final long n, final boolean keep)
        throws Exception
    {
        final String tag = (rill ? "rill" : "disruptor-baseline") + "-" + (long)rate + (keep ? "" : "-search");
        final Histogram total = new Histogram(1, LatencySink.HIGHEST_NS, 3);
        Histogram interval = null;
        final long expectedNs = (long)((warm + n) * 1e9 / rate);
        final long deadline = System.nanoTime() + 3 * expectedNs + 10_000_000_000L;
        System.gc();
        try (W2Engine engine = rill ? new RillW2(keys, warm, n, rate, 1, wait) : new DisruptorW2(keys, warm, n, rate,
            wait); PrintStream hlog = new PrintStream(Files.newOutputStream(reportDir.file("w2-" + tag + ".hlog")),
            false, StandardCharsets.UTF_8))
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
                done = sink.isDone();
                interval = sink.interval(interval);
                if (interval.getTotalCount() > 0 || done)
                {
                    interval.setEndTimeStamp(System.currentTimeMillis());
                    writer.outputIntervalHistogram(interval);
                    total.add(interval);
                }
            }
            final double achieved = done ? sink.achievedRate() : total.getTotalCount() * 1e9 / (System.nanoTime() -
                (deadline - 3 * expectedNs - 10_000_000_000L));
            final boolean sustained = done && achieved >= 0.95 * rate;
            final Point p = new Point(engine.name(), rate, total.getValueAtPercentile(50),
                total.getValueAtPercentile(99), total.getValueAtPercentile(99.9), total.getValueAtPercentile(99.99),
                total.getMaxValue(), achieved, done ? sink.checksum() : 0, sustained, done ? warm + n : -1);
            if (keep)
            {
                histograms.put(tag, total);
                try (PrintStream hgrm = new PrintStream(Files.newOutputStream(reportDir.file("w2-" + tag + ".hgrm")),
                    false, StandardCharsets.UTF_8))
                {
                    total.outputPercentileDistribution(hgrm, 1000.0);
                }
            }
            System.err.printf(Locale.ROOT, "W2: %-18s R=%-9d %s p50=%s p99=%s p99.9=%s p99.99=%s max=%s " +
                "achieved=%.0f/s checksum=%d%n", engine.name(), (long)rate, sustained ? "sustained" : "NOT SUSTAINED",
                Figures.micros(p.p50()), Figures.micros(p.p99()), Figures.micros(p.p999()), Figures.micros(p.p9999()),
                Figures.micros(p.max()), achieved, p.checksum());
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
            final String md = markdown();
            reportDir.write("w2.md", md);
            for (final double rate : rates)
            {
                final Histogram r = histograms.get("rill-" + (long)rate);
                final Histogram b = histograms.get("disruptor-baseline-" + (long)rate);
                if (r != null || b != null)
                {
                    final PercentileChart chart = new PercentileChart("W2 latency by percentile, R=" + (long)rate +
                        "/s (open loop, from intended release)");
                    if (r != null)
                    {
                        chart.series("Rill", r);
                    }
                    if (b != null)
                    {
                        chart.series("Disruptor baseline", b);
                    }
                    reportDir.write("w2-latency-" + (long)rate + ".svg", chart.toSvg());
                }
            }
            final String json = Json.write(json());
            reportDir.write("w2.json", json + "\n");
            if (format.equals("json"))
            {
                System.out.println(json);
            }
            else
            {
                System.out.print(md);
                System.out.println("report: " + reportDir.dir());
            }
            reported = complete;
        }
        catch (final IOException | RuntimeException ex)
        {
            System.err.println("W2Benchmark: cannot write the report: " + ex);
        }
    }

    private String markdown()
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("# W2 ").append(complete ? "" : "(PARTIAL: interrupted or failed) ").append(String.format(
            Locale.ROOT, "measured=%d warm-up=%d K=%d wait=%s JDK %s%n%n", events, warmup, keys, wait, Figures.jdk()));
        for (final double rate : rates)
        {
            final Point r = find(points, "rill", rate);
            final Point b = find(points, "disruptor-baseline", rate);
            if (r == null || b == null)
            {
                continue;
            }
            sb.append("## R = ").append((long)rate).append(" events/s\n\n");
            if (!r.sustained() || !b.sustained())
            {
                sb.append(String.format(Locale.ROOT, "NOT SUSTAINED: achieved rill %.0f/s, baseline %.0f/s " +
                    "(latencies below are of an overloaded system, not figures)%n%n", r.achieved(), b.achieved()));
            }
            final MarkdownTable t = new MarkdownTable("figure", "Rill", "baseline", "ratio", "target");
            row(t, "p50", r.p50(), b.p50(), true);
            row(t, "p99", r.p99(), b.p99(), true);
            row(t, "p99.9", r.p999(), b.p999(), false);
            row(t, "p99.99", r.p9999(), b.p9999(), false);
            row(t, "max", r.max(), b.max(), false);
            t.row("achieved rate", String.format(Locale.ROOT, "%.0f/s", r.achieved()),
                String.format(Locale.ROOT, "%.0f/s", b.achieved()), Figures.ratio(r.achieved() / b.achieved()), "-");
            t.row("checksum", String.valueOf(r.checksum()), String.valueOf(b.checksum()), "-",
                r.checksum() == b.checksum() ? "equal" : "DIFFER");
            sb.append(t).append("\nChart: w2-latency-").append((long)rate).append(".svg\n\n");
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
            for (final String e : List.of("rill", "disruptor-baseline"))
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

    private static void row(final MarkdownTable t, final String name, final long rill, final long base,
        final boolean target)
    {
        final String verdict;
        if (!target)
        {
            verdict = "-";
        }
        else
        {
            final long allowed = Math.max(2 * base, base + 20_000);
            verdict = rill <= allowed ? "met (<= " + Figures.micros(allowed) + ")" :
                "NOT met by " + Figures.micros(rill - allowed);
        }
        t.row(name, Figures.micros(rill), Figures.micros(base), Figures.ratio((double)rill / base), verdict);
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
