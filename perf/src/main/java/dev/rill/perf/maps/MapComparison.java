package dev.rill.perf.maps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import dev.rill.perf.HarnessOutput;
import dev.rill.perf.JvmFlags;
import dev.rill.perf.report.Figures;
import dev.rill.perf.report.Json;
import dev.rill.perf.report.MarkdownTable;
import dev.rill.perf.report.ReportDir;

/**
 * Issue 5's map comparison: for each key count and each map (Rill's off-heap {@code LongKeyedState} and
 * {@code BytesKeyedState} with 8-byte keys, {@code HashMap<Long, Long>} with {@code merge}, Agrona's
 * {@code Long2LongHashMap}), {@code --updates} counter updates (value += 1) of one fixed pseudo-random key sequence
 * over the key space, the same for every map, each map and key count in a fresh child JVM ({@code -Xmx} from
 * {@code --heap}) after a warm-up pass and full GCs ({@link MapCell}). Reports updates/s, heap and off-heap bytes per
 * distinct key, the GC pauses during the updates and the heap peak; the final maps' size, checksum and sum of counts
 * must be equal across maps (and the sum equal to the updates), else the run fails (exit 1, report marked FAILED).
 * <p>
 * Report: {@code maps.md} and {@code maps.json} in {@code <out>/<yyyyMMdd-HHmmss>/}; interrupted (Ctrl-C), a shutdown
 * hook writes what was measured, marked partial. Errors and progress go to {@code err}. Not thread-safe.
 */
@Command(name = "MapComparison", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Off-heap maps vs HashMap<Long,Long> and Agrona Long2LongHashMap: counter updates over 1k, 100k " +
        "and 10M keys, each map in a fresh JVM: updates/s, bytes per key, GC pauses, heap peak.", ""},
    footer = {"", "Run: java -cp perf/target/rill-benchmarks.jar dev.rill.perf.maps.MapComparison",
        "Exit codes: 0 ok, 1 the maps' results differ or a run failed, 2 bad arguments, 130 interrupted."})
public final class MapComparison implements Callable<Integer>
{
    @Option(names = "--updates", paramLabel = "N", description = "measured updates per map and key count " +
        "(default: ${DEFAULT-VALUE})")
    long updates = 10_000_000L;

    @Option(names = "--keys", paramLabel = "K", split = ",", description = "key counts (default: 1000,100000,10000000)")
    List<Integer> keys = new ArrayList<>(List.of(1_000, 100_000, 10_000_000));

    @Option(names = "--maps", split = ",", description = "maps (default: long-keyed-state,bytes-keyed-state," +
        "hash-map,long2long)")
    List<String> maps = new ArrayList<>(List.of("long-keyed-state", "bytes-keyed-state", "hash-map", "long2long"));

    @Option(names = "--runs", paramLabel = "R", description = "measured runs of every map and key count, maps " +
        "alternating within a run (default: ${DEFAULT-VALUE})")
    int runs = 1;

    @Option(names = "--warmup-updates", paramLabel = "N", description = "updates of the warm-up pass on a map of " +
        "its own, dropped before measuring (default: ${DEFAULT-VALUE})")
    long warmupUpdates = 2_000_000L;

    @Option(names = "--presize", description = "size every map for the key count up front (default: each starts at " +
        "its smallest and grows)")
    boolean presize;

    @Option(names = "--heap", paramLabel = "SIZE", description = "-Xmx of each child JVM (default: ${DEFAULT-VALUE})")
    String heap = "4g";

    @Option(names = "--in-process", description = "measure in this JVM, one map after another, instead of a child " +
        "JVM each (quick checks; the heap figures then include what earlier maps left)")
    boolean inProcess;

    @Option(names = "--out", paramLabel = "DIR", description = "results parent folder (default: ${DEFAULT-VALUE})")
    Path out = Path.of("perf/results");

    @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE})")
    String format = "text";

    @Option(names = "--child", hidden = true, description = "internal: measure the one map and key count given and " +
        "print the result line")
    boolean child;

    private final HarnessOutput io;
    private final List<CellResult> results = new ArrayList<>();
    private final List<CounterMap.Kind> kinds = new ArrayList<>();
    private String loadAtStart = "-";
    private volatile boolean complete;
    private volatile boolean reported;
    private String failure;
    private ReportDir reportDir;

    /**
     * @param io where the report, the errors and the progress go.
     */
    public MapComparison(final HarnessOutput io)
    {
        this.io = io;
    }

    /**
     * @param args see {@code --help}.
     */
    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new MapComparison(HarnessOutput.system("MapComparison", "maps: "))).execute(args));
    }

    @Override
    public Integer call()
    {
        if (updates <= 0 || runs <= 0 || warmupUpdates < 0 || keys.isEmpty() || maps.isEmpty())
        {
            io.err().println(io.name() + ": --updates and --runs must be > 0, --warmup-updates >= 0, --keys and " +
                "--maps not empty: updates=" + updates + " runs=" + runs + " warmup-updates=" + warmupUpdates +
                " keys=" + keys + " maps=" + maps);
            return 2;
        }
        for (final int k : keys)
        {
            if (k <= 0)
            {
                io.err().println(io.name() + ": --keys must all be > 0: " + keys);
                return 2;
            }
        }
        try
        {
            for (final String m : maps)
            {
                kinds.add(CounterMap.Kind.parse(m));
            }
        }
        catch (final IllegalArgumentException ex)
        {
            io.err().println(io.name() + ": --maps: " + ex.getMessage());
            return 2;
        }
        if (!format.equals("text") && !format.equals("json"))
        {
            io.err().println(io.name() + ": --format must be text or json: " + format);
            return 2;
        }
        if (!heap.matches("[0-9]+[kKmMgG]?"))
        {
            io.err().println(io.name() + ": --heap must be a -Xmx size such as 4g or 512m: " + heap);
            return 2;
        }
        if ((child || inProcess) && !JvmFlags.missingFromThisJvm().isEmpty())
        {
            io.err().println(io.name() + ": this JVM lacks the flags the off-heap maps need (" +
                JvmFlags.missingFromThisJvm() + "); run without --in-process, or add: " + JvmFlags.asLine());
            return 2;
        }
        if (child)
        {
            return runChild();
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
        loadAtStart = loadAverage();
        final Thread hook = new Thread(this::writeReportQuietly, "maps-report-on-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        io.progress().expect((long)keys.size() * runs * kinds.size() * (updates + warmupUpdates));
        long done = 0;
        outer:
        for (final int k : keys)
        {
            for (int run = 0; run < runs; run++)
            {
                for (final CounterMap.Kind kind : kinds)
                {
                    final CellResult r;
                    try
                    {
                        r = inProcess ? MapCell.run(kind, k, updates, warmupUpdates, presize) : runInChild(kind, k);
                    }
                    catch (final IOException | RuntimeException ex)
                    {
                        failure = kind.title() + " over " + k + " keys: " + ex.getMessage();
                        break outer;
                    }
                    synchronized (this)
                    {
                        results.add(r);
                    }
                    done += updates + warmupUpdates;
                    io.progress().done(done);
                    io.progress().note(String.format(Locale.ROOT, "run %d %-18s %,11d keys: %s updates/s, %d GCs " +
                        "(%d ms), size %,d, checksum %x", run + 1, kind.title(), k,
                        Figures.millions(r.updatesPerSecond()), r.gcCount(), r.gcTotalMs(), r.size(), r.checksum()));
                }
            }
            if (failure == null)
            {
                failure = check(results, k, updates);
            }
            if (failure != null)
            {
                break;
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

    private int runChild()
    {
        if (keys.size() != 1 || kinds.size() != 1)
        {
            io.err().println(io.name() + ": --child takes one map and one key count: " + maps + " " + keys);
            return 2;
        }
        final CellResult r = MapCell.run(kinds.get(0), keys.get(0), updates, warmupUpdates, presize);
        io.report().println(r.toLine());
        io.report().flush();
        return 0;
    }

    private CellResult runInChild(final CounterMap.Kind kind, final int k) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(JvmFlags.flags());
        command.add("-Xmx" + heap);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(MapComparison.class.getName());
        command.addAll(List.of("--child", "--maps", kind.option(), "--keys", String.valueOf(k), "--updates",
            String.valueOf(updates), "--warmup-updates", String.valueOf(warmupUpdates)));
        if (presize)
        {
            command.add("--presize");
        }
        final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line = null;
        final List<String> other = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            for (String l = reader.readLine(); l != null; l = reader.readLine())
            {
                if (l.startsWith(CellResult.LINE_PREFIX))
                {
                    line = l;
                }
                else
                {
                    other.add(l);
                }
            }
        }
        final int code;
        try
        {
            code = process.waitFor();
        }
        catch (final InterruptedException ex)
        {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting for the child JVM", ex);
        }
        if (code != 0 || line == null)
        {
            throw new IllegalStateException("child JVM exited with " + code + (line == null ? " and no result line" :
                "") + "; its output: " + other + "; command: " + String.join(" ", command));
        }
        return CellResult.parse(line);
    }

    /**
     * @param results  results so far.
     * @param keys     the key count to check.
     * @param updates  updates each map did.
     * @return null if every map over {@code keys} ended with the same size and checksum and counts summing to
     *         {@code updates}; otherwise what differs.
     */
    static String check(final List<CellResult> results, final int keys, final long updates)
    {
        CellResult first = null;
        for (final CellResult r : results)
        {
            if (r.keys() != keys)
            {
                continue;
            }
            if (r.countSum() != updates)
            {
                return r.map() + " over " + keys + " keys: counts sum to " + r.countSum() + ", not " + updates;
            }
            if (first == null)
            {
                first = r;
            }
            else if (r.size() != first.size() || r.checksum() != first.checksum())
            {
                return String.format(Locale.ROOT, "over %d keys %s ended with %d keys, checksum %x; %s with %d " +
                    "keys, checksum %x", keys, r.map(), r.size(), r.checksum(), first.map(), first.size(),
                    first.checksum());
            }
        }
        return null;
    }

    private void writeReportQuietly()
    {
        synchronized (this)
        {
            if (reported)
            {
                return;
            }
            reported = true;
        }
        try
        {
            writeReport();
        }
        catch (final IOException | RuntimeException ex)
        {
            io.err().println(io.name() + ": cannot write the report: " + ex);
        }
    }

    private synchronized void writeReport() throws IOException
    {
        final String state = complete ? "" : failure != null ? " (FAILED)" : " (PARTIAL: interrupted)";
        final StringBuilder md = new StringBuilder();
        md.append("# Off-heap maps vs HashMap and Long2LongHashMap").append(state).append("\n\n");
        md.append(String.format(Locale.ROOT, "%,d updates (value += 1) per map and key count, keys drawn from one " +
            "fixed pseudo-random sequence; %s; warm-up %,d updates on a map of its own; %s, -Xmx%s; JDK %s; load " +
            "average at start %s, at end %s.%n%n", updates, inProcess ? "all maps in this JVM" :
            "each map and key count in a fresh JVM", warmupUpdates, presize ? "maps sized for the key count" :
            "maps start at their smallest and grow", heap, Figures.jdk(), loadAtStart, loadAverage()));
        final MarkdownTable table = new MarkdownTable("keys", "map", "distinct keys", "updates/s" +
            (runs > 1 ? " (min..max)" : ""), "ns/update", "heap B/key", "off-heap B/key", "GC pauses",
            "GC pause total (max)", "heap peak", "checksum");
        for (final List<CellResult> cell : cells())
        {
            final CellResult r = cell.get(cell.size() / 2);
            final String spread = cell.size() == 1 ? "" : " (" + Figures.spreadM(cell.stream()
                .mapToDouble(CellResult::updatesPerSecond).toArray()) + ")";
            table.row(String.format(Locale.ROOT, "%,d", r.keys()), CounterMap.Kind.parse(r.map()).title(),
                String.format(Locale.ROOT, "%,d", r.size()), Figures.millions(r.updatesPerSecond()) + spread,
                String.format(Locale.ROOT, "%.1f", 1e9 / r.updatesPerSecond()),
                String.format(Locale.ROOT, "%.1f", r.heapBytesPerKey()),
                String.format(Locale.ROOT, "%.1f", r.offHeapBytesPerKey()), String.valueOf(r.gcCount()),
                r.gcTotalMs() + " ms (" + r.gcMaxMs() + " ms)", Figures.mib(r.heapPeakBytes()),
                Long.toHexString(r.checksum()));
        }
        final List<Object> json = new ArrayList<>();
        for (final CellResult r : results)
        {
            final Map<String, Object> entry = new LinkedHashMap<>(r.fields());
            entry.put("updatesPerSecond", r.updatesPerSecond());
            entry.put("heapBytesPerKey", r.heapBytesPerKey());
            entry.put("offHeapBytesPerKey", r.offHeapBytesPerKey());
            json.add(entry);
        }
        md.append(table).append('\n');
        final List<String> collectors = new ArrayList<>();
        for (final CellResult r : results)
        {
            if (!r.collectors().isEmpty() && !collectors.contains(r.collectors()))
            {
                collectors.add(r.collectors());
            }
        }
        if (runs > 1)
        {
            md.append("Each row: the run with the median updates/s of ").append(runs).append(" runs (every run in " +
                "the JSON).\n");
        }
        md.append("Heap B/key: heap used after 3 System.gc() with the map filled, minus before it was created, per " +
            "distinct key. Off-heap B/key: the map's own offHeapBytes(). GC pauses: collections during the updates " +
            "(GarbageCollectionNotificationInfo, whole ms each); collectors seen: ")
            .append(collectors.isEmpty() ? "none" : String.join("; ", collectors))
            .append(". Heap peak: largest heap used before a GC during the updates or at their end.\n");
        if (failure != null)
        {
            md.append("\nFAILED: ").append(failure).append('\n');
        }
        final Map<String, Object> root = new LinkedHashMap<>();
        root.put("workload", "maps");
        root.put("events", updates);
        root.put("complete", complete);
        root.put("updates", updates);
        root.put("runs", runs);
        root.put("warmupUpdates", warmupUpdates);
        root.put("presize", presize);
        root.put("heap", heap);
        root.put("freshJvmPerMap", !inProcess);
        root.put("loadAverageStart", loadAtStart);
        root.put("results", json);
        if (failure != null)
        {
            root.put("failure", failure);
        }
        reportDir.publish("maps", md.toString(), Json.write(root), format.equals("json"), io.report());
    }

    /** @return per key count and map, in the order run, the runs' results sorted by updates/s. */
    private List<List<CellResult>> cells()
    {
        final Map<String, List<CellResult>> byCell = new LinkedHashMap<>();
        for (final CellResult r : results)
        {
            byCell.computeIfAbsent(r.keys() + " " + r.map(), c -> new ArrayList<>()).add(r);
        }
        final List<List<CellResult>> cells = new ArrayList<>();
        for (final List<CellResult> cell : byCell.values())
        {
            cell.sort(Comparator.comparingDouble(CellResult::updatesPerSecond));
            cells.add(cell);
        }
        return cells;
    }

    private static String loadAverage()
    {
        try
        {
            final String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return parts[0] + " " + parts[1] + " " + parts[2];
        }
        catch (final IOException | RuntimeException ex)
        {
            return "-";
        }
    }
}
