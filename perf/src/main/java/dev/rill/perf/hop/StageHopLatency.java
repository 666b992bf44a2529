package dev.rill.perf.hop;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
import dev.rill.perf.IntervalLog;
import dev.rill.perf.JvmFlags;
import dev.rill.perf.report.Figures;
import dev.rill.perf.report.Json;
import dev.rill.perf.report.MarkdownTable;
import dev.rill.perf.report.PercentileChart;
import dev.rill.perf.report.ReportDir;

/**
 * The cost of one stage hop (ring + thread hand-off), in the same run: Rill's {@code async()} boundary
 * ({@link RillHop}), a raw Disruptor one-hop ({@link RawOneHop}) and a raw Disruptor ping-pong ({@link RawPingPong},
 * reported as RTT and RTT/2). Each engine runs two threads, a sender paced open loop at one event per period and a
 * receiver recording {@code nanoTime - stamp} into HdrHistogram (1 ns..10 s, 3 digits) after warm-up events; one
 * unmeasured warm-up round of every engine first; then runs whose engine order alternates. Percentiles are given as
 * the median over runs (min..max), and Rill / raw one-hop as the median of the ratios taken within each run.
 */
@Command(name = "StageHopLatency", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Latency of one stage hop through Rill beside a raw Disruptor one-hop and ping-pong, same run.",
        ""},
    footer = {"", "Run: java -cp perf/target/rill-benchmarks.jar dev.rill.perf.hop.StageHopLatency",
        "Exit codes: 0 ok, 1 a run failed or timed out, 2 bad arguments."})
public final class StageHopLatency implements Callable<Integer>
{
    private static final String[] ENGINES = {"rill", "raw-one-hop", "raw-ping-pong"};
    private static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99, 100};
    private static final String[] LABELS = {"p50", "p90", "p99", "p99.9", "p99.99", "max"};

    @Option(names = "--events", paramLabel = "N", description = "measured events per engine per run (default: " +
        "${DEFAULT-VALUE})")
    long events = 1_000_000L;

    @Option(names = "--warmup", paramLabel = "W",
        description = "unrecorded events before them in every run (default: ${DEFAULT-VALUE})")
    long warmup = 100_000L;

    @Option(names = "--warmup-round", paramLabel = "N",
        description = "events of the unmeasured warm-up round of every engine, 0 for none (default: ${DEFAULT-VALUE})")
    long warmupRound = 500_000L;

    @Option(names = "--period-ns", paramLabel = "NS",
        description = "one event sent every NS ns, open loop (default: ${DEFAULT-VALUE})")
    long periodNs = 5_000L;

    @Option(names = "--runs", paramLabel = "R", description = "measured runs; engine order alternates (default: " +
        "${DEFAULT-VALUE})")
    int runs = 3;

    @Option(names = "--wait", description = "wait strategy of all engines: ${COMPLETION-CANDIDATES} (default: " +
        "${DEFAULT-VALUE}; busy-spin is allowed here since each engine runs two threads on two cores, one at a time)")
    WaitStrategy wait = WaitStrategy.BUSY_SPIN;

    @Option(names = "--out", paramLabel = "DIR", description = "results parent folder (default: ${DEFAULT-VALUE})")
    Path out = Path.of("perf/results");

    /** One engine in one run. */
    record Result(String engine, int run, Histogram hop, Histogram fromIntended, double[] intervalP50,
        double[] intervalP99)
    {
    }

    private final List<Result> results = new ArrayList<>();
    private final Map<String, Histogram> aggregate = new LinkedHashMap<>();
    private ReportDir reportDir;
    private String failure;
    private double loadBefore;

    /**
     * @param args see {@code --help}.
     */
    public static void main(final String[] args)
    {
        JvmFlags.relaunchIfMissing(StageHopLatency.class, args);
        System.exit(new CommandLine(new StageHopLatency()).execute(args));
    }

    @Override
    public Integer call() throws Exception
    {
        if (events <= 0 || warmup < 0 || warmupRound < 0 || runs < 1 || periodNs < 100 || periodNs > 1_000_000_000L)
        {
            System.err.println("StageHopLatency: need --events > 0, --warmup >= 0, --warmup-round >= 0, --runs >= 1, " +
                "--period-ns in 100..1e9");
            return 2;
        }
        try
        {
            reportDir = ReportDir.create(out);
        }
        catch (final IOException | RuntimeException ex)
        {
            System.err.println("StageHopLatency: cannot write results folder under " + out + ": " + ex);
            return 2;
        }
        loadBefore = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        if (warmupRound > 0)
        {
            for (final String engine : ENGINES)
            {
                if (runOne(engine, -1, 0, warmupRound) == null)
                {
                    break;
                }
            }
        }
        for (int run = 0; run < runs && failure == null; run++)
        {
            for (int k = 0; k < ENGINES.length && failure == null; k++)
            {
                final String engine = ENGINES[(run & 1) == 0 ? k : ENGINES.length - 1 - k];
                final Result r = runOne(engine, run, warmup, events);
                if (r != null)
                {
                    results.add(r);
                    aggregate.computeIfAbsent(engine, e -> new Histogram(1, HopRecorder.HIGHEST_NS, 3)).add(r.hop());
                }
            }
        }
        writeReport();
        if (failure != null)
        {
            System.err.println("StageHopLatency: FAILED: " + failure);
            return 1;
        }
        return 0;
    }

    private HopEngine engine(final String name, final long warm, final long n)
    {
        return switch (name)
        {
            case "rill" -> new RillHop(warm, n, periodNs, wait);
            case "raw-one-hop" -> new RawOneHop(warm, n, periodNs, wait);
            default -> new RawPingPong(warm, n, periodNs, wait);
        };
    }

    /** @return the result, or null for the warm-up round (run -1) or on failure (sets {@link #failure}). */
    private Result runOne(final String name, final int run, final long warm, final long n) throws Exception
    {
        final Histogram hop = new Histogram(1, HopRecorder.HIGHEST_NS, 3);
        final Histogram fromIntended = new Histogram(1, HopRecorder.HIGHEST_NS, 3);
        Histogram interval = null;
        Histogram intervalIntended = null;
        final long expectedNs = (warm + n) * periodNs;
        final long deadline = System.nanoTime() + 3 * expectedNs + 10_000_000_000L;
        final String tag = run < 0 ? "warmup-" + name : "hop-" + name + "-run" + (run + 1);
        boolean done = false;
        final List<double[]> quiet = new ArrayList<>();
        try (HopEngine engine = engine(name, warm, n); PrintStream hlog = run < 0 ? null : new PrintStream(
            Files.newOutputStream(reportDir.file(tag + ".hlog")), false, StandardCharsets.UTF_8))
        {
            final HistogramLogWriter writer = hlog == null ? null : new HistogramLogWriter(hlog);
            if (writer != null)
            {
                writer.outputComment("latency ns of " + name + ", run " + (run + 1) + (name.equals("raw-ping-pong") ?
                    " (round trip)" : " (one hop)"));
                writer.outputLogFormatVersion();
                final long startMs = System.currentTimeMillis();
                writer.outputStartTime(startMs);
                writer.setBaseTime(startMs);
                writer.outputLegend();
            }
            // after the engine is built: its rings would otherwise be copied by a young pause in the measured window
            System.gc();
            engine.start();
            final HopRecorder rec = engine.recorder();
            final IntervalLog hops = new IntervalLog();
            final IntervalLog fromIntendeds = new IntervalLog();
            try
            {
                while (!done && System.nanoTime() < deadline)
                {
                    Thread.sleep(100);
                    done = rec.isDone();
                    // only a copy per interval while the engine runs: the sampling thread takes its CPU from the
                    // engine's two threads on a 2-core machine (perf/PROFILE-W2.md); the rest is done after the run
                    interval = rec.hopInterval(interval);
                    intervalIntended = rec.fromIntendedInterval(intervalIntended);
                    fromIntendeds.add(intervalIntended);
                    if (interval.getTotalCount() > 0 || done)
                    {
                        interval.setEndTimeStamp(System.currentTimeMillis());
                        hops.add(interval);
                    }
                }
            }
            finally
            {
                fromIntendeds.forEach(fromIntended::add);
                hops.forEach(h ->
                {
                    hop.add(h);
                    if (h.getTotalCount() >= 1000)
                    {
                        quiet.add(new double[] {h.getValueAtPercentile(50), h.getValueAtPercentile(99)});
                    }
                    if (writer != null)
                    {
                        writer.outputIntervalHistogram(h);
                    }
                });
            }
        }
        if (!done)
        {
            failure = name + " run " + (run + 1) + ": not done before the deadline (" + hop.getTotalCount() + " of " +
                n + " measured events recorded)";
            return null;
        }
        System.err.printf(Locale.ROOT, "hop: %-14s %-7s n=%d p50=%s p99=%s p99.9=%s p99.99=%s max=%s%n", name,
            run < 0 ? "warm-up" : "run " + (run + 1), hop.getTotalCount(), us(hop.getValueAtPercentile(50)),
            us(hop.getValueAtPercentile(99)), us(hop.getValueAtPercentile(99.9)), us(hop.getValueAtPercentile(99.99)),
            us(hop.getMaxValue()));
        return run < 0 ? null : new Result(name, run, hop, fromIntended,
            quiet.stream().mapToDouble(q -> q[0]).toArray(), quiet.stream().mapToDouble(q -> q[1]).toArray());
    }

    private static long at(final Histogram h, final double p)
    {
        return p >= 100 ? h.getMaxValue() : h.getValueAtPercentile(p);
    }

    private static String us(final double ns)
    {
        return String.format(Locale.ROOT, ns < 10_000 ? "%.2f µs" : "%.1f µs", ns / 1000.0);
    }

    /** median (min..max) of one percentile of one engine over runs, divided by {@code div}. */
    private String cell(final String engine, final double p, final double div, final boolean intended)
    {
        final double[] v = values(engine, p, intended);
        if (v.length == 0)
        {
            return "-";
        }
        for (int i = 0; i < v.length; i++)
        {
            v[i] /= div;
        }
        final double[] s = v.clone();
        Arrays.sort(s);
        return us(Figures.median(v)) + " (" + us(s[0]).replace(" µs", "") + ".." + us(s[s.length - 1]) + ")";
    }

    private double[] values(final String engine, final double p, final boolean intended)
    {
        return results.stream().filter(r -> r.engine().equals(engine))
            .mapToDouble(r -> at(intended ? r.fromIntended() : r.hop(), p)).toArray();
    }

    /** Rill / raw one-hop, taken within each run; median (min..max). */
    private String ratio(final double p)
    {
        final List<Double> ratios = new ArrayList<>();
        for (final Result r : results)
        {
            if (!r.engine().equals("rill"))
            {
                continue;
            }
            for (final Result b : results)
            {
                if (b.engine().equals("raw-one-hop") && b.run() == r.run())
                {
                    ratios.add((double)at(r.hop(), p) / at(b.hop(), p));
                }
            }
        }
        if (ratios.isEmpty())
        {
            return "-";
        }
        final double[] v = ratios.stream().mapToDouble(Double::doubleValue).toArray();
        final double[] s = v.clone();
        Arrays.sort(s);
        return String.format(Locale.ROOT, "%.2f× (%.2f..%.2f)", Figures.median(v), s[0], s[s.length - 1]);
    }

    private String markdown()
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("# Stage hop latency").append(failure == null ? "" : " (FAILED: " + failure + ")").append("\n\n");
        sb.append(String.format(Locale.ROOT, "measured=%d per engine per run, warm-up=%d per run + a warm-up round " +
            "of %d, period=%d ns (open loop), runs=%d (engine order alternates), wait=%s, JDK %s, %d CPUs%n%n",
            events, warmup, warmupRound, periodNs, runs, wait, Figures.jdk(),
            Runtime.getRuntime().availableProcessors()));
        sb.append(String.format(Locale.ROOT, "Machine load average (1 min): %.2f before, %.2f after.%n%n", loadBefore,
            java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        sb.append("Latency from a `System.nanoTime()` stamp on the sending thread to `System.nanoTime()` on the " +
            "receiving thread; median over runs (min..max); ratio taken within each run.\n\n");
        final MarkdownTable t = new MarkdownTable("percentile", "Rill one hop (`async()`)", "raw Disruptor one hop",
            "Rill / raw one hop", "raw ping-pong RTT", "raw ping-pong RTT/2");
        for (int i = 0; i < PERCENTILES.length; i++)
        {
            final double p = PERCENTILES[i];
            t.row(LABELS[i], cell("rill", p, 1, false), cell("raw-one-hop", p, 1, false), ratio(p),
                cell("raw-ping-pong", p, 1, false), cell("raw-ping-pong", p, 2, false));
        }
        sb.append(t).append('\n');
        sb.append("Per 100 ms interval of the `.hlog` (intervals of at least 1000 events, all runs): the hop when the " +
            "machine lets both threads run. Median of the intervals' p50; lowest interval p50 and p99; share of " +
            "intervals whose p99 is under 10 µs:\n\n");
        final MarkdownTable q = new MarkdownTable("engine", "intervals", "median interval p50", "best interval p50",
            "best interval p99", "intervals with p99 < 10 µs");
        for (final String e : ENGINES)
        {
            final double[] p50 = results.stream().filter(r -> r.engine().equals(e))
                .flatMapToDouble(r -> Arrays.stream(r.intervalP50())).toArray();
            final double[] p99 = results.stream().filter(r -> r.engine().equals(e))
                .flatMapToDouble(r -> Arrays.stream(r.intervalP99())).toArray();
            if (p50.length == 0)
            {
                continue;
            }
            final long under = Arrays.stream(p99).filter(v -> v < 10_000).count();
            q.row(e + (e.equals("raw-ping-pong") ? " (RTT)" : ""), String.valueOf(p50.length),
                us(Figures.median(p50)), us(Arrays.stream(p50).min().orElse(0)), us(Arrays.stream(p99).min().orElse(0)),
                String.format(Locale.ROOT, "%.0f %%", 100.0 * under / p99.length));
        }
        sb.append(q).append('\n');
        sb.append("Open loop, from the intended send time (includes a late send on the sender's thread):\n\n");
        final MarkdownTable o = new MarkdownTable("percentile", "Rill one hop", "raw Disruptor one hop",
            "raw ping-pong RTT");
        for (int i = 0; i < PERCENTILES.length; i++)
        {
            final double p = PERCENTILES[i];
            o.row(LABELS[i], cell("rill", p, 1, true), cell("raw-one-hop", p, 1, true),
                cell("raw-ping-pong", p, 1, true));
        }
        sb.append(o).append('\n');
        sb.append("Files: `hop-<engine>.hgrm` (all runs together, µs), `hop-<engine>-run<k>.hlog` (100 ms intervals, " +
            "ns), `hop-latency.svg`, `hop.json`.\n");
        return sb.toString();
    }

    private void writeReport() throws IOException
    {
        final String md = markdown();
        reportDir.write("hop.md", md);
        final PercentileChart chart = new PercentileChart("One stage hop, latency by percentile (wait " + wait +
            ", one event every " + periodNs + " ns)");
        final Map<String, String> legend = Map.of("rill", "Rill async() hop", "raw-one-hop", "raw Disruptor hop",
            "raw-ping-pong", "raw ping-pong RTT");
        for (final Map.Entry<String, Histogram> e : aggregate.entrySet())
        {
            chart.series(legend.get(e.getKey()), e.getValue());
            try (PrintStream hgrm = new PrintStream(Files.newOutputStream(reportDir.file("hop-" + e.getKey() +
                ".hgrm")), false, StandardCharsets.UTF_8))
            {
                e.getValue().outputPercentileDistribution(hgrm, 1000.0);
            }
        }
        reportDir.write("hop-latency.svg", chart.toSvg());
        final Map<String, Object> root = new LinkedHashMap<>();
        root.put("benchmark", "stage-hop-latency");
        root.put("events", events);
        root.put("periodNs", periodNs);
        root.put("wait", wait.name());
        root.put("failure", failure);
        final List<Object> list = new ArrayList<>();
        for (final Result r : results)
        {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("engine", r.engine());
            m.put("run", r.run() + 1);
            m.put("count", r.hop().getTotalCount());
            for (int i = 0; i < PERCENTILES.length; i++)
            {
                m.put(LABELS[i].replace(".", "") + "Ns", at(r.hop(), PERCENTILES[i]));
            }
            list.add(m);
        }
        root.put("results", list);
        reportDir.write("hop.json", Json.write(root) + "\n");
        System.out.print(md);
        System.out.println("report: " + reportDir.dir());
    }
}
