package dev.rill.perf.w2;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

import dev.rill.perf.report.Figures;
import dev.rill.perf.report.MarkdownTable;

/**
 * The W2 results of {@code --runs N} as Markdown and as the JSON {@code results}: per rate and engine, the median
 * over runs of each figure with min..max, the ratio of the medians to the baseline's and the target verdict computed
 * on those medians, then every run's own figures. Also the checksum check over all runs at a rate. Built from the
 * measured points only, so a partial (interrupted) run renders what it has.
 */
final class W2Report
{
    /** The target: p50 and p99 within this factor of the baseline's... */
    static final long TARGET_FACTOR = 2;
    /** ...or this many ns above it, whichever allows more. */
    static final long TARGET_SLACK_NS = 20_000;
    /** The engine W2 through the log is also compared with (a ratio, no target): Chronicle Queue by hand. */
    static final String LOG_BASELINE = "raw-chronicle";
    /** Rill through the log, compared with {@link #LOG_BASELINE} as well as with the baseline. */
    static final String VIA_LOG = "rill-via-log";

    private final List<String> engineOrder;
    private final String baseline;
    private final int runsRequested;

    /**
     * @param engineOrder   every engine in the order of the report's columns.
     * @param baseline      the engine the others are compared with.
     * @param runsRequested {@code --runs}.
     */
    W2Report(final List<String> engineOrder, final String baseline, final int runsRequested)
    {
        this.engineOrder = List.copyOf(engineOrder);
        this.baseline = baseline;
        this.runsRequested = runsRequested;
    }

    /**
     * @param points every measured point of one rate (any runs).
     * @param rate   that rate.
     * @return a line naming the run and the two engines whose checksums differ after the same number of events, or
     *         null when every finished run of every engine summed the same totals.
     */
    static String checksumFailure(final List<W2Benchmark.Point> points, final double rate)
    {
        W2Benchmark.Point first = null;
        for (final W2Benchmark.Point p : points)
        {
            if (p.rate() != rate || p.count() < 0)
            {
                continue;
            }
            if (first == null)
            {
                first = p;
            }
            else if (p.count() == first.count() && p.checksum() != first.checksum())
            {
                return "rate " + (long)rate + ": checksum " + p.engine() + " (run " + p.run() + ") " + p.checksum() +
                    " != " + first.engine() + " (run " + first.run() + ") " + first.checksum();
            }
        }
        return null;
    }

    /** Every run of one engine at one rate, in run order. */
    static final class Summary
    {
        private final String engine;
        private final double rate;
        private final List<W2Benchmark.Point> runs;

        Summary(final String engine, final double rate, final List<W2Benchmark.Point> runs)
        {
            this.engine = engine;
            this.rate = rate;
            this.runs = List.copyOf(runs);
        }

        String engine()
        {
            return engine;
        }

        List<W2Benchmark.Point> runs()
        {
            return runs;
        }

        /** @return the median over runs (the mean of the two middle runs for an even count), rounded. */
        long median(final ToLongFunction<W2Benchmark.Point> figure)
        {
            return Math.round(Figures.median(values(figure)));
        }

        long min(final ToLongFunction<W2Benchmark.Point> figure)
        {
            return (long)Arrays.stream(values(figure)).min().orElse(Double.NaN);
        }

        long max(final ToLongFunction<W2Benchmark.Point> figure)
        {
            return (long)Arrays.stream(values(figure)).max().orElse(Double.NaN);
        }

        double medianAchieved()
        {
            return Figures.median(runs.stream().mapToDouble(W2Benchmark.Point::achieved).toArray());
        }

        /** @return whether every run sustained the rate; only then are its latencies figures. */
        boolean sustained()
        {
            return runs.stream().allMatch(W2Benchmark.Point::sustained);
        }

        /** @return the checksum of its first finished run (all finished runs have it, or the run failed). */
        long checksum()
        {
            return runs.stream().filter(p -> p.count() >= 0).mapToLong(W2Benchmark.Point::checksum).findFirst()
                .orElse(0);
        }

        private double[] values(final ToLongFunction<W2Benchmark.Point> figure)
        {
            return runs.stream().mapToDouble(p -> figure.applyAsLong(p)).toArray();
        }
    }

    /**
     * @param points every measured point.
     * @param rate   one rate.
     * @return per engine that ran at the rate (in report order), its runs.
     */
    List<Summary> summaries(final List<W2Benchmark.Point> points, final double rate)
    {
        final List<Summary> all = new ArrayList<>();
        for (final String engine : engineOrder)
        {
            final List<W2Benchmark.Point> runs = new ArrayList<>();
            for (final W2Benchmark.Point p : points)
            {
                if (p.engine().equals(engine) && p.rate() == rate)
                {
                    runs.add(p);
                }
            }
            runs.sort((a, b) -> Integer.compare(a.run(), b.run()));
            if (!runs.isEmpty())
            {
                all.add(new Summary(engine, rate, runs));
            }
        }
        return all;
    }

    /**
     * @param sb     where the section goes.
     * @param points every measured point.
     * @param rate   the rate of the section.
     */
    void rateSection(final StringBuilder sb, final List<W2Benchmark.Point> points, final double rate)
    {
        final List<Summary> atRate = summaries(points, rate);
        if (atRate.isEmpty())
        {
            return;
        }
        sb.append("## R = ").append((long)rate).append(" events/s\n\n");
        final Summary base = atRate.stream().filter(s -> s.engine().equals(baseline)).findFirst().orElse(null);
        final Summary viaLog = atRate.stream().filter(s -> s.engine().equals(VIA_LOG)).findFirst().orElse(null);
        final Summary logBase = viaLog == null ? null :
            atRate.stream().filter(s -> s.engine().equals(LOG_BASELINE)).findFirst().orElse(null);
        int measured = Integer.MAX_VALUE;
        int most = 0;
        for (final Summary s : atRate)
        {
            measured = Math.min(measured, s.runs().size());
            most = Math.max(most, s.runs().size());
        }
        sb.append(String.format(Locale.ROOT, "Median of %s run%s per engine, (min..max) over the runs in brackets",
            measured == most ? String.valueOf(most) : measured + ".." + most, most == 1 ? "" : "s"));
        if (measured < runsRequested)
        {
            sb.append(String.format(Locale.ROOT, " (PARTIAL: %d of %d runs done by every engine)", measured,
                runsRequested));
        }
        sb.append("; the ratio is the ratio of the medians, with the ratios within each run in brackets, and the " +
            "target is judged on the medians. Engine order: ").append(order(points, rate)).append(".\n\n");
        for (final Summary s : atRate)
        {
            for (final W2Benchmark.Point p : s.runs())
            {
                if (!p.sustained())
                {
                    sb.append(String.format(Locale.ROOT, "NOT SUSTAINED by %s: achieved %.0f/s of %d/s in run %d; " +
                        "the latencies of that run are those of an overloaded system, not figures (null in the JSON)" +
                        "%n%n", p.engine(), p.achieved(), (long)rate, p.run()));
                }
            }
        }
        final List<String> header = new ArrayList<>(List.of("figure"));
        for (final Summary s : atRate)
        {
            header.add(s.engine());
        }
        for (final Summary s : atRate)
        {
            if (base != null && s != base)
            {
                header.add(s.engine() + " / baseline");
            }
        }
        if (logBase != null)
        {
            header.add(VIA_LOG + " / " + LOG_BASELINE);
        }
        final MarkdownTable t = new MarkdownTable(header.toArray(new String[0]));
        row(t, "p50", atRate, base, viaLog, logBase, W2Benchmark.Point::p50, true);
        row(t, "p99", atRate, base, viaLog, logBase, W2Benchmark.Point::p99, true);
        row(t, "p99.9", atRate, base, viaLog, logBase, W2Benchmark.Point::p999, false);
        row(t, "p99.99", atRate, base, viaLog, logBase, W2Benchmark.Point::p9999, false);
        row(t, "max", atRate, base, viaLog, logBase, W2Benchmark.Point::max, false);
        final List<String> achieved = new ArrayList<>(List.of("achieved rate"));
        final List<String> sums = new ArrayList<>(List.of("checksum"));
        for (final Summary s : atRate)
        {
            final double[] v = s.runs().stream().mapToDouble(W2Benchmark.Point::achieved).toArray();
            achieved.add(String.format(Locale.ROOT, "%.0f/s (%.0f..%.0f/s)", s.medianAchieved(),
                Arrays.stream(v).min().orElse(Double.NaN), Arrays.stream(v).max().orElse(Double.NaN)));
            sums.add(String.valueOf(s.checksum()));
        }
        for (final Summary s : atRate)
        {
            if (base != null && s != base)
            {
                achieved.add(Figures.ratio(s.medianAchieved() / base.medianAchieved()));
                sums.add(checksumFailure(concat(s.runs(), base.runs()), rate) == null &&
                    s.checksum() == base.checksum() ? "equal in every run" : "DIFFER");
            }
        }
        if (logBase != null)
        {
            achieved.add(Figures.ratio(viaLog.medianAchieved() / logBase.medianAchieved()));
            sums.add("");
        }
        t.row(achieved.toArray(new String[0]));
        t.row(sums.toArray(new String[0]));
        sb.append(t).append("\nTarget (for Rill's engines): p50 and p99 (medians over the runs) within 2x of the " +
            "baseline's or 20 µs above it, whichever is larger.");
        if (logBase != null)
        {
            sb.append(" " + LOG_BASELINE + " is Chronicle Queue by hand (no record header, checksum or lock; " +
                "Chronicle's defaults), the same two threads: the last column is what Rill's log adds to it.");
        }
        sb.append(" Chart (every run, one colour per engine): w2-latency-")
            .append((long)rate).append(".svg\n\n");
        final MarkdownTable every = new MarkdownTable("run", "order", "engine", "p50", "p99", "p99.9", "p99.99", "max",
            "achieved", "checksum");
        final List<W2Benchmark.Point> byRun = new ArrayList<>();
        for (final Summary s : atRate)
        {
            byRun.addAll(s.runs());
        }
        byRun.sort((a, b) -> a.run() != b.run() ? Integer.compare(a.run(), b.run()) :
            Integer.compare(a.order(), b.order()));
        for (final W2Benchmark.Point p : byRun)
        {
            every.row(String.valueOf(p.run()), String.valueOf(p.order()), p.engine(), Figures.micros(p.p50()),
                Figures.micros(p.p99()), Figures.micros(p.p999()), Figures.micros(p.p9999()), Figures.micros(p.max()),
                String.format(Locale.ROOT, "%.0f/s%s", p.achieved(), p.sustained() ? "" : " NOT SUSTAINED"),
                String.valueOf(p.checksum()));
        }
        sb.append("Every run (interval log of run k: w2-<engine>-").append((long)rate).append("-run<k>.hlog; " +
            "distribution of all runs merged: w2-<engine>-").append((long)rate).append(".hgrm):\n\n")
            .append(every).append('\n');
    }

    /** @return e.g. {@code run 1 rill, disruptor-baseline; run 2 disruptor-baseline, rill}. */
    private static String order(final List<W2Benchmark.Point> points, final double rate)
    {
        final Map<Integer, List<W2Benchmark.Point>> byRun = new LinkedHashMap<>();
        for (final W2Benchmark.Point p : points)
        {
            if (p.rate() == rate)
            {
                byRun.computeIfAbsent(p.run(), k -> new ArrayList<>()).add(p);
            }
        }
        final List<String> runs = new ArrayList<>();
        for (final Map.Entry<Integer, List<W2Benchmark.Point>> e : byRun.entrySet())
        {
            final List<W2Benchmark.Point> run = new ArrayList<>(e.getValue());
            run.sort((a, b) -> Integer.compare(a.order(), b.order()));
            final List<String> names = new ArrayList<>();
            for (final W2Benchmark.Point p : run)
            {
                names.add(p.engine());
            }
            runs.add("run " + e.getKey() + " " + String.join(", ", names));
        }
        return String.join("; ", runs);
    }

    /**
     * One figure's row: per engine the median with min..max, then per other engine the ratio of its median to the
     * baseline's (the ratios within each run in brackets) and, for p50 and p99 of Rill's engines, the target judged
     * on the medians; then, when both ran, the ratio of Rill through the log to Chronicle by hand.
     */
    private static void row(final MarkdownTable t, final String figure, final List<Summary> atRate,
        final Summary base, final Summary viaLog, final Summary logBase, final ToLongFunction<W2Benchmark.Point> value,
        final boolean target)
    {
        final List<String> cells = new ArrayList<>(List.of(figure));
        for (final Summary s : atRate)
        {
            cells.add(spread(s, value));
        }
        for (final Summary s : atRate)
        {
            if (base == null || s == base)
            {
                continue;
            }
            final long rill = s.median(value);
            final long b = base.median(value);
            String cell = Figures.ratio((double)rill / b) + withinRuns(s, base, value);
            if (target && s.engine().startsWith("rill"))
            {
                final long allowed = allowedNs(b);
                cell += rill <= allowed ? ", met (<= " + Figures.micros(allowed) + ")" :
                    ", NOT met by " + Figures.micros(rill - allowed);
            }
            cells.add(cell);
        }
        if (logBase != null)
        {
            cells.add(Figures.ratio((double)viaLog.median(value) / logBase.median(value)) +
                withinRuns(viaLog, logBase, value));
        }
        t.row(cells.toArray(new String[0]));
    }

    /** @return the most a p50 or p99 may be for a baseline of {@code baselineNs}: 2x, or 20 µs above it. */
    static long allowedNs(final long baselineNs)
    {
        return Math.max(TARGET_FACTOR * baselineNs, baselineNs + TARGET_SLACK_NS);
    }

    /** @return " (runs 0.80..1.90x)" over the runs both engines did, or "" with fewer than two. */
    /** @return the median over the runs with (min..max), in µs: a cell of the W2 tables. */
    static String spread(final Summary s, final ToLongFunction<W2Benchmark.Point> value)
    {
        return Figures.micros(s.median(value)) + " (" + Figures.micros(s.min(value)).replace(" µs", "") + ".." +
            Figures.micros(s.max(value)) + ")";
    }

    private static String withinRuns(final Summary s, final Summary base, final ToLongFunction<W2Benchmark.Point> value)
    {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        int n = 0;
        for (final W2Benchmark.Point p : s.runs())
        {
            for (final W2Benchmark.Point q : base.runs())
            {
                if (q.run() == p.run())
                {
                    final double r = (double)value.applyAsLong(p) / value.applyAsLong(q);
                    lo = Math.min(lo, r);
                    hi = Math.max(hi, r);
                    n++;
                }
            }
        }
        return n < 2 ? "" : String.format(Locale.ROOT, " (runs %.2f..%.2fx)", lo, hi);
    }

    /**
     * @param points every measured point.
     * @param rates  the rates in report order.
     * @return the JSON {@code results}: per rate and engine the medians under the names of a single run, then
     *         {@code runs} and {@code perRun} (each run's own figures, with its place in the engine order).
     */
    List<Object> results(final List<W2Benchmark.Point> points, final List<Double> rates)
    {
        final List<Object> results = new ArrayList<>();
        for (final double rate : rates)
        {
            for (final Summary s : summaries(points, rate))
            {
                final boolean sustained = s.sustained();
                final Map<String, Object> r = new LinkedHashMap<>();
                r.put("engine", s.engine());
                r.put("rate", (long)rate);
                r.put("eventsPerSecond", s.medianAchieved());
                r.put("p50Ns", sustained ? s.median(W2Benchmark.Point::p50) : null);
                r.put("p99Ns", sustained ? s.median(W2Benchmark.Point::p99) : null);
                r.put("p999Ns", sustained ? s.median(W2Benchmark.Point::p999) : null);
                r.put("p9999Ns", sustained ? s.median(W2Benchmark.Point::p9999) : null);
                r.put("maxNs", sustained ? s.median(W2Benchmark.Point::max) : null);
                r.put("achievedRate", s.medianAchieved());
                r.put("sustained", sustained);
                r.put("checksum", s.checksum());
                r.put("runs", s.runs().size());
                final List<Object> perRun = new ArrayList<>();
                for (final W2Benchmark.Point p : s.runs())
                {
                    final Map<String, Object> one = new LinkedHashMap<>();
                    one.put("run", p.run());
                    one.put("order", p.order());
                    one.put("p50Ns", p.sustained() ? p.p50() : null);
                    one.put("p99Ns", p.sustained() ? p.p99() : null);
                    one.put("p999Ns", p.sustained() ? p.p999() : null);
                    one.put("p9999Ns", p.sustained() ? p.p9999() : null);
                    one.put("maxNs", p.sustained() ? p.max() : null);
                    one.put("achievedRate", p.achieved());
                    one.put("sustained", p.sustained());
                    one.put("checksum", p.checksum());
                    perRun.add(one);
                }
                r.put("perRun", perRun);
                results.add(r);
            }
        }
        return results;
    }

    private static List<W2Benchmark.Point> concat(final List<W2Benchmark.Point> a, final List<W2Benchmark.Point> b)
    {
        final List<W2Benchmark.Point> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
