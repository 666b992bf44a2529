package dev.rill.perf.w3;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.rill.perf.report.Figures;

/**
 * Renders the W3 results as Markdown: the figures table (median with min..max over runs, ratio Rill/raw from
 * the same run), the checksums, and every run's raw numbers.
 */
final class W3Report
{
    /** The target: Rill at least this fraction of raw Chronicle for append and for replay. */
    static final double TARGET_RATIO = 0.8;

    private final W3Settings settings;
    private final List<EngineRun> rill = new ArrayList<>();
    private final List<EngineRun> raw = new ArrayList<>();
    private final long[] expectedCount;
    private final long[] expectedChecksum;
    private final List<String> failures;

    W3Report(final W3Settings settings, final List<EngineRun> runs, final long[] expectedCount,
        final long[] expectedChecksum, final List<String> failures)
    {
        this.settings = settings;
        for (final EngineRun r : runs)
        {
            (r.engine.equals("rill") ? rill : raw).add(r);
        }
        this.expectedCount = expectedCount.clone();
        this.expectedChecksum = expectedChecksum.clone();
        this.failures = failures;
    }

    /**
     * The object of {@code --format json}: per engine ({@code rill}, {@code raw-chronicle}) the median records/s of
     * the append as {@code eventsPerSecond}, of the two replays beside it, and the checksum of its appended records.
     */
    Map<String, Object> json(final boolean complete)
    {
        final Map<String, Object> root = new LinkedHashMap<>();
        root.put("workload", "w3");
        root.put("events", settings.records);
        root.put("complete", complete && failures.isEmpty());
        root.put("records", expectedCount[Phase.APPEND.ordinal()]);
        root.put("checksum", expectedChecksum[Phase.APPEND.ordinal()]);
        final int pairs = Math.min(rill.size(), raw.size());
        final List<Object> results = new ArrayList<>();
        for (final List<EngineRun> runs : List.of(rill, raw))
        {
            if (runs.isEmpty())
            {
                continue;
            }
            final int n = Math.max(pairs, 1);
            final Map<String, Object> r = new LinkedHashMap<>();
            r.put("engine", runs == rill ? "rill" : "raw-chronicle");
            r.put("eventsPerSecond", median(rates(runs, Phase.APPEND, Math.min(n, runs.size()), false)));
            r.put("replayPerSecond", median(rates(runs, Phase.REPLAY, Math.min(n, runs.size()), false)));
            r.put("randomReplayPerSecond", median(rates(runs, Phase.SEEKS, Math.min(n, runs.size()), false)));
            r.put("runs", runs.size());
            r.put("checksum", runs.get(runs.size() - 1).tally(Phase.APPEND).checksum);
            results.add(r);
        }
        root.put("results", results);
        return root;
    }

    String render(final boolean complete)
    {
        final StringBuilder sb = new StringBuilder();
        sb.append("# W3: log append and replay, Rill vs raw Chronicle Queue");
        sb.append(complete ? "\n\n" : " (PARTIAL: interrupted)\n\n");
        settings.describe(sb);
        sb.append('\n');
        if (!failures.isEmpty())
        {
            sb.append("**FAILED**: the engines did not do the same work; figures below are not valid.\n\n");
            for (final String f : failures)
            {
                sb.append("- ").append(f).append('\n');
            }
            sb.append('\n');
        }
        final int pairs = Math.min(rill.size(), raw.size());
        if (pairs == 0)
        {
            sb.append("No complete run.\n");
            return sb.toString();
        }
        figures(sb, pairs, false);
        sb.append(String.format(Locale.ROOT, "%nMedian over %d runs, (min..max) in brackets; odd runs run Rill " +
            "then raw, even runs raw then Rill (the second engine reuses page cache the first freed); the ratio is taken within each run, then its median and range. MB = 10^6 bytes " +
            "of payload (%d B per record: key 8 B + value 24 B). Seeks per second: Rill %s, raw %s.%n%n",
            pairs, W3Record.PAYLOAD_LENGTH, seeksPerSecond(rill, pairs), seeksPerSecond(raw, pairs)));
        verdict(sb, Phase.APPEND, pairs);
        verdict(sb, Phase.REPLAY, pairs);
        sb.append("\nThe same work per second of the benchmark thread's CPU time (user + system: page faults count, " +
            "waiting for a CPU held by other processes does not; steadier than wall time on a shared machine):\n\n");
        figures(sb, pairs, true);
        sb.append('\n');
        checks(sb);
        perRun(sb);
        allocation(sb);
        return sb.toString();
    }

    private void figures(final StringBuilder sb, final int pairs, final boolean perCpuSecond)
    {
        final String unit = perCpuSecond ? "records/CPU-s" : "records/s";
        sb.append("| phase | Rill ").append(unit).append(" | Rill MB/s | raw ").append(unit)
            .append(" | raw MB/s | Rill/raw |\n");
        sb.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
        for (final Phase phase : Phase.values())
        {
            final double[] rillRates = rates(rill, phase, pairs, perCpuSecond);
            final double[] rawRates = rates(raw, phase, pairs, perCpuSecond);
            final double[] ratios = new double[pairs];
            for (int i = 0; i < pairs; i++)
            {
                ratios[i] = rillRates[i] / rawRates[i];
            }
            sb.append("| ").append(phase.label());
            if (phase == Phase.SEEKS)
            {
                sb.append(String.format(Locale.ROOT, " (%,d × %,d)", settings.seeks, settings.seekLength));
            }
            sb.append(" | ").append(spread(rillRates, 1e-6, "%.2fM"))
                .append(" | ").append(spread(rillRates, W3Record.PAYLOAD_LENGTH / 1e6, "%.0f"))
                .append(" | ").append(spread(rawRates, 1e-6, "%.2fM"))
                .append(" | ").append(spread(rawRates, W3Record.PAYLOAD_LENGTH / 1e6, "%.0f"))
                .append(" | ").append(spread(ratios, 1, "%.2f")).append(" |\n");
        }
    }

    private void verdict(final StringBuilder sb, final Phase phase, final int pairs)
    {
        final double[] wall = new double[pairs];
        final double[] cpu = new double[pairs];
        for (int i = 0; i < pairs; i++)
        {
            wall[i] = rill.get(i).recordsPerSecond(phase) / raw.get(i).recordsPerSecond(phase);
            cpu[i] = rill.get(i).recordsPerCpuSecond(phase) / raw.get(i).recordsPerCpuSecond(phase);
        }
        final double median = median(wall);
        sb.append(String.format(Locale.ROOT, "- Target Rill ≥ %.1f× raw, %s: %s (wall-clock median %.2f×, runs " +
            "%.2f..%.2f; per CPU-second median %.2f×, runs %.2f..%.2f)%n", TARGET_RATIO, phase.label(),
            median >= TARGET_RATIO ? "**met**" : "**not met**", median, min(wall), max(wall), median(cpu), min(cpu),
            max(cpu)));
    }

    private void checks(final StringBuilder sb)
    {
        sb.append("Checks (every run, both engines, against the generator):\n\n");
        sb.append("| phase | records | checksum | Rill | raw |\n| --- | ---: | --- | --- | --- |\n");
        for (final Phase phase : Phase.values())
        {
            final int p = phase.ordinal();
            sb.append("| ").append(phase.label())
                .append(String.format(Locale.ROOT, " | %,d | %016x | ", expectedCount[p], expectedChecksum[p]))
                .append(allMatch(rill, phase) ? "same" : "DIFFERENT").append(" | ")
                .append(allMatch(raw, phase) ? "same" : "DIFFERENT").append(" |\n");
        }
        sb.append('\n');
    }

    private boolean allMatch(final List<EngineRun> runs, final Phase phase)
    {
        for (final EngineRun r : runs)
        {
            if (!r.tally(phase).sameAs(expectedCount[phase.ordinal()], expectedChecksum[phase.ordinal()]))
            {
                return false;
            }
        }
        return true;
    }

    private void perRun(final StringBuilder sb)
    {
        sb.append("Every run (wall seconds per phase, with the benchmark thread's CPU seconds and the part of them " +
            "spent in the kernel, mostly page faults; disk blocks allocated after the append, which Chronicle " +
            "allocates a block ahead; dirty and under-writeback page cache right after the append; bytes allocated " +
            "by the benchmark thread and GCs during each phase; minor page faults of the benchmark thread during the " +
            "append):\n\n");
        sb.append("| run | engine | append s (CPU s, kernel s) | replay s (CPU s, kernel s) | " +
            "seeks s (CPU s, kernel s) | on disk | disk B/record | dirty / writeback MB " +
            "| allocated B append / replay / seeks | GCs | append page faults |\n");
        sb.append("| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |\n");
        final List<EngineRun> all = new ArrayList<>();
        for (int i = 0; i < Math.max(rill.size(), raw.size()); i++)
        {
            if (i < rill.size())
            {
                all.add(rill.get(i));
            }
            if (i < raw.size())
            {
                all.add(raw.get(i));
            }
        }
        for (final EngineRun r : all)
        {
            long gcs = 0;
            for (final long g : r.gcCount)
            {
                gcs += g;
            }
            sb.append(String.format(Locale.ROOT,
                "| %d | %s | %.2f (%.2f, %.2f) | %.2f (%.2f, %.2f) | %.2f (%.2f, %.2f) | %.2f GB | %.1f | %,d / %,d " +
                "| %,d / %,d / %,d | %d | %,d |%n",
                r.run, r.engine, r.seconds(Phase.APPEND), r.cpuNanos[0] / 1e9, kernelSeconds(r, 0),
                r.seconds(Phase.REPLAY), r.cpuNanos[1] / 1e9, kernelSeconds(r, 1), r.seconds(Phase.SEEKS),
                r.cpuNanos[2] / 1e9, kernelSeconds(r, 2), r.diskBytes / 1e9,
                (double)r.diskBytes / r.tally(Phase.APPEND).count, r.dirtyKbAfterAppend / 1024,
                r.writebackKbAfterAppend / 1024, r.allocatedBytes[0], r.allocatedBytes[1], r.allocatedBytes[2], gcs,
                r.minorFaults[0]));
        }
    }

    /**
     * Flags every phase whose thread allocated at least one byte per record and 1 MiB in all (below that it is
     * the set-up of consumers and tailers): the hot paths should allocate nothing, and JIT decisions (escape
     * analysis) can change that in the middle of a long run.
     */
    private void allocation(final StringBuilder sb)
    {
        final List<String> lines = new ArrayList<>();
        final List<EngineRun> all = new ArrayList<>(rill);
        all.addAll(raw);
        for (final EngineRun r : all)
        {
            for (final Phase phase : Phase.values())
            {
                final double perRecord = (double)r.allocatedBytes[phase.ordinal()] / Math.max(1, r.tally(phase).count);
                if (perRecord >= 1 && r.allocatedBytes[phase.ordinal()] >= 1 << 20)
                {
                    lines.add(String.format(Locale.ROOT, "- %s run %d, %s: %.1f B allocated per record, %d GCs",
                        r.engine, r.run, phase.label(), perRecord, r.gcCount[phase.ordinal()]));
                }
            }
        }
        sb.append('\n');
        if (lines.isEmpty())
        {
            sb.append("Allocation: no phase allocated 1 B or more per record (and 1 MiB in all).\n");
        }
        else
        {
            sb.append("**Allocation on a hot path** (thread-allocated bytes / records):\n\n");
            lines.forEach(l -> sb.append(l).append('\n'));
        }
    }

    private static double kernelSeconds(final EngineRun r, final int phase)
    {
        return Math.max(0, r.cpuNanos[phase] - r.userNanos[phase]) / 1e9;
    }

    private String seeksPerSecond(final List<EngineRun> runs, final int pairs)
    {
        final double[] v = new double[pairs];
        for (int i = 0; i < pairs; i++)
        {
            v[i] = settings.seeks / runs.get(i).seconds(Phase.SEEKS);
        }
        return spread(v, 1e-3, "%.2fk");
    }

    private static double[] rates(final List<EngineRun> runs, final Phase phase, final int count,
        final boolean perCpuSecond)
    {
        final double[] v = new double[count];
        for (int i = 0; i < count; i++)
        {
            v[i] = perCpuSecond ? runs.get(i).recordsPerCpuSecond(phase) : runs.get(i).recordsPerSecond(phase);
        }
        return v;
    }

    private static String spread(final double[] values, final double scale, final String format)
    {
        return values.length == 1 ? String.format(Locale.ROOT, format, values[0] * scale) :
            Figures.spread(values, scale, format);
    }

    static double median(final double[] values)
    {
        return Figures.median(values);
    }

    private static double min(final double[] values)
    {
        return Arrays.stream(values).min().orElse(Double.NaN);
    }

    private static double max(final double[] values)
    {
        return Arrays.stream(values).max().orElse(Double.NaN);
    }
}
