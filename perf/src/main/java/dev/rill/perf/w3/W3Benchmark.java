package dev.rill.perf.w3;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import dev.rill.log.TopicConfig;
import dev.rill.perf.HarnessOutput;
import dev.rill.perf.JvmFlags;
import dev.rill.perf.PerfFiles;
import dev.rill.perf.report.Json;
import dev.rill.perf.report.ReportDir;

/**
 * Workload W3 of {@code shared/bench/WORKLOADS.md}: append N records (key 8 B, value 24 B) to one partition, replay
 * them all from offset 0, then replay from random offsets; through the Rill log and, in the same run, through raw
 * Chronicle Queue doing the same bytes. Every phase of every engine is checked against the generator (record count
 * and checksum) and the run exits with a non-zero code if any differs.
 * <p>
 * Runs alternate which engine goes first (Rill then raw in odd runs, raw then Rill in even runs), after one
 * unmeasured warm-up per engine: on a VM the engine that runs second writes into page cache the first one just freed,
 * which costs far less kernel time than pages the host took back, so a fixed order favours the second engine. The
 * report gives the median and min..max over runs and the ratio Rill/raw within each run. When started without the JVM flags of
 * {@link JvmFlags}, it runs itself again in a child JVM with them.
 * <p>
 * The report ({@code w3.md}, {@code w3.json}) goes into a results folder named by time, created before the first
 * run; the Markdown (or, with {@code --format json}, the JSON) is printed on the {@code output} writer, step notes go
 * to the {@link dev.rill.perf.BenchProgress}. Interrupted (Ctrl-C), a shutdown hook writes what was measured, marked partial
 * ({@code "complete":false}).
 */
@Command(name = "W3Benchmark", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"W3: log append, full replay and random-offset replay through the Rill log, beside raw " +
        "Chronicle Queue doing the same bytes in the same run.", ""},
    footer = {"", "Run: java -cp perf/target/rill-benchmarks.jar dev.rill.perf.w3.W3Benchmark --records 5000000",
        "(the harness adds the JVM flags of the root pom's rill.jvm.flags by relaunching itself if they are missing)",
        "Exit codes: 0 ok, 1 checksum or record count differ or a run failed, 2 bad arguments, 130 interrupted."})
public final class W3Benchmark implements Callable<Integer>
{
    private static final String[] ENGINES = {"rill", "raw"};

    @Spec
    private CommandSpec spec;

    @Option(names = "--records", paramLabel = "N", description = "records to append (default: ${DEFAULT-VALUE})")
    private long records = 50_000_000L;

    @Option(names = "--seeks", paramLabel = "S",
        description = "random offsets to replay from (default: ${DEFAULT-VALUE})")
    private int seeks = 1_000;

    @Option(names = "--seek-length", paramLabel = "L",
        description = "records read after each seek (default: ${DEFAULT-VALUE})")
    private int seekLength = 10_000;

    @Option(names = "--runs", paramLabel = "R",
        description = "measured runs per engine; even, so that each engine goes first as often (default: " +
            "${DEFAULT-VALUE})")
    private int runs = 4;

    @Option(names = "--warmup-records", paramLabel = "N",
        description = "records of the unmeasured warm-up run per engine, at most --records (default: ${DEFAULT-VALUE})")
    private long warmupRecords = 5_000_000L;

    @Option(names = "--warmup-seeks", paramLabel = "S",
        description = "seeks of the warm-up run, at most --seeks (default: ${DEFAULT-VALUE})")
    private int warmupSeeks = 200;

    @Option(names = "--block-size", paramLabel = "SIZE",
        description = "Chronicle block size of both logs, e.g. 1g, 64m (default: ${DEFAULT-VALUE})")
    private String blockSize = "1g";

    @Option(names = "--roll-cycle", paramLabel = "NAME",
        description = "Chronicle roll cycle of both logs (default: ${DEFAULT-VALUE}, the topic default)")
    private String rollCycle = TopicConfig.DEFAULT_ROLL_CYCLE;

    @Option(names = "--poll-batch", paramLabel = "B",
        description = "max records per Rill Consumer.poll (default: ${DEFAULT-VALUE})")
    private int pollBatch = 1_000;

    @Option(names = "--rill-batch", paramLabel = "B",
        description = "records per Rill record batch (ProducerBatch.commit); 1 appends each record alone with " +
            "Producer.append (default: ${DEFAULT-VALUE})")
    private int rillBatch = 64;

    @Option(names = "--raw-pad-bytes", paramLabel = "P",
        description = "zero bytes added to each raw excerpt; 16 makes raw excerpts as large as Rill's records " +
            "(default: ${DEFAULT-VALUE}, the W3 baseline)")
    private int rawPadBytes;

    @Option(names = "--seed", description = "seed of the random offsets (default: ${DEFAULT-VALUE})")
    private long seed = 42;

    @Option(names = "--dir", paramLabel = "DIR",
        description = "where the logs are written (default: a new temporary directory, deleted after)")
    private Path dir;

    @Option(names = "--out", paramLabel = "DIR",
        description = "parent of the results folder <yyyyMMdd-HHmmss> (default: ${DEFAULT-VALUE})")
    private Path out = Path.of("results");

    @Option(names = "--format", description = "text or json (default: ${DEFAULT-VALUE})")
    private String format = "text";

    private final HarnessOutput io;
    private final List<EngineRun> measured = Collections.synchronizedList(new ArrayList<>());
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());
    private W3Settings settings;
    private long[] expectedCount;
    private long[] expectedChecksum;
    private ReportDir reportDir;
    private boolean reported;
    private long recordsDone;

    /**
     * @param io where the report, the errors and the progress go ({@code main}: {@code System.out} and
     *           {@code System.err}; {@code rill bench} passes its own).
     */
    public W3Benchmark(final HarnessOutput io)
    {
        this.io = io;
    }

    /**
     * @param args see {@code --help}.
     */
    public static void main(final String[] args)
    {
        try
        {
            JvmFlags.relaunchIfMissing(W3Benchmark.class, args);
        }
        catch (final IllegalStateException ex)
        {
            // the flags resource is missing or unreadable
            System.err.println("W3Benchmark: " + ex.getMessage());
            System.exit(2);
            return;
        }
        System.exit(new CommandLine(new W3Benchmark(HarnessOutput.system("W3Benchmark", "W3 "))).execute(args));
    }

    @Override
    public Integer call() throws IOException
    {
        settings = validate();
        try
        {
            reportDir = ReportDir.create(out);
        }
        catch (final IOException | RuntimeException ex)
        {
            io.err().println(io.name() + ": cannot write the results folder under " + out + ": " + ex);
            io.err().flush();
            if (dir == null)
            {
                PerfFiles.deleteRecursively(settings.dir);
            }
            return 2;
        }
        final long[] offsets = seekOffsets(settings.seeks, settings.records, settings.seekLength, settings.seed);
        final long[] warmupOffsets = seekOffsets(settings.warmupSeeks, settings.warmupRecords,
            (int)Math.min(settings.seekLength, settings.warmupRecords), settings.seed + 1);
        final int warmupLength = (int)Math.min(settings.seekLength, settings.warmupRecords);
        io.progress().note(String.format(Locale.ROOT, "%,d records, %,d seeks x %,d, %d runs, block %s, roll cycle %s, " +
            "dir %s", settings.records, settings.seeks, settings.seekLength, settings.runs,
            W3Settings.bytes(settings.blockSizeBytes), settings.rollCycle, settings.dir));
        io.progress().expect(ENGINES.length * (2 * settings.warmupRecords + (long)settings.warmupSeeks * warmupLength +
            settings.runs * (2 * settings.records + (long)settings.seeks * settings.seekLength)));
        expectedCount = new long[] {settings.records, settings.records, (long)settings.seeks * settings.seekLength};
        expectedChecksum = expected(settings.records, offsets, settings.seekLength);
        final long[] warmupCount = {settings.warmupRecords, settings.warmupRecords,
            (long)settings.warmupSeeks * warmupLength};
        final long[] warmupChecksum = expected(settings.warmupRecords, warmupOffsets, warmupLength);

        final Thread hook = new Thread(() -> writeReport(false), "w3-report-on-exit");
        Runtime.getRuntime().addShutdownHook(hook);
        final boolean ownDir = dir == null;
        Files.createDirectories(settings.dir);
        try
        {
            for (final String engine : ENGINES)
            {
                final EngineRun warm = runOnce(settings, engine, 0, settings.warmupRecords, warmupOffsets,
                    warmupLength);
                check(warm, warmupCount, warmupChecksum, failures);
            }
            for (int run = 1; run <= settings.runs && failures.isEmpty(); run++)
            {
                for (int e = 0; e < ENGINES.length; e++)
                {
                    final String engine = ENGINES[run % 2 == 1 ? e : ENGINES.length - 1 - e];
                    final EngineRun r = runOnce(settings, engine, run, settings.records, offsets, settings.seekLength);
                    measured.add(r);
                    check(r, expectedCount, expectedChecksum, failures);
                }
                compareEngines(measured, run, failures);
            }
        }
        finally
        {
            if (ownDir)
            {
                PerfFiles.deleteRecursively(settings.dir);
            }
        }
        final boolean written = writeReport(true);
        Runtime.getRuntime().removeShutdownHook(hook);
        if (!written)
        {
            return 1;
        }
        if (!failures.isEmpty())
        {
            io.err().println(io.name() + ": W3 FAILED: Rill and raw Chronicle did not do the same work:");
            failures.forEach(f -> io.err().println("  " + f));
            io.err().flush();
            return 1;
        }
        return 0;
    }

    /** Writes w3.md and w3.json and prints one of them; once (the hook of an interrupted run, or the end). */
    private synchronized boolean writeReport(final boolean complete)
    {
        if (reported)
        {
            return true;
        }
        reported = true;
        final W3Report report;
        synchronized (measured)
        {
            report = new W3Report(settings, new ArrayList<>(measured), expectedCount, expectedChecksum,
                new ArrayList<>(failures));
        }
        try
        {
            reportDir.publish("w3", report.render(complete), Json.write(report.json(complete)),
                format.equals("json"), io.report());
            return true;
        }
        catch (final IOException | RuntimeException ex)
        {
            io.err().println(io.name() + ": cannot write the report to " + reportDir.dir() + ": " + ex);
            io.err().flush();
            return false;
        }
    }

    private W3Settings validate() throws IOException
    {
        if (records < 1)
        {
            throw new ParameterException(spec.commandLine(), "--records must be >= 1: " + records);
        }
        if (seeks < 0 || seekLength < 1 || seekLength > records)
        {
            throw new ParameterException(spec.commandLine(), "--seeks must be >= 0 and --seek-length in 1.." +
                records + ": seeks=" + seeks + ", seek-length=" + seekLength);
        }
        if (runs < 1 || runs > 1000)
        {
            throw new ParameterException(spec.commandLine(), "--runs must be in 1..1000: " + runs);
        }
        if (warmupRecords < 1 || warmupSeeks < 0)
        {
            throw new ParameterException(spec.commandLine(), "--warmup-records must be >= 1 and --warmup-seeks >= 0: " +
                warmupRecords + ", " + warmupSeeks);
        }
        if (rawPadBytes < 0 || rawPadBytes > 1 << 16)
        {
            throw new ParameterException(spec.commandLine(), "--raw-pad-bytes must be in 0..65536: " + rawPadBytes);
        }
        if (!format.equals("text") && !format.equals("json"))
        {
            throw new ParameterException(spec.commandLine(), "--format must be text or json: " + format);
        }
        if (rillBatch < 1 || rillBatch > 1000)
        {
            throw new ParameterException(spec.commandLine(), "--rill-batch must be in 1..1000: " + rillBatch);
        }
        if (pollBatch < 1)
        {
            throw new ParameterException(spec.commandLine(), "--poll-batch must be >= 1: " + pollBatch);
        }
        final long blockSizeBytes;
        try
        {
            blockSizeBytes = parseSize(blockSize);
            TopicConfig.builder(1).rollCycle(rollCycle).blockSizeBytes(blockSizeBytes).build();
            dev.rill.log.internal.RollCycleNames.byName(rollCycle);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ParameterException(spec.commandLine(), ex.getMessage(), ex);
        }
        if (dir != null)
        {
            Files.createDirectories(dir);
        }
        checkDiskSpace(dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir")), blockSizeBytes);
        final Path base = dir != null ? dir : PerfFiles.newTempDir("rill-w3-");
        final String command = "W3Benchmark " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
        final W3Settings settings = new W3Settings(records, seeks, seekLength, runs, Math.min(warmupRecords, records),
            Math.min(warmupSeeks, seeks), blockSizeBytes, rollCycle, pollBatch, rillBatch, rawPadBytes, seed,
            base.toAbsolutePath(),
            command.trim(), ZonedDateTime.now(ZoneOffset.UTC));
        return settings;
    }

    /**
     * One engine's files exist at a time: Rill's take about 52 B per record (4 B Chronicle header, 16 B Rill
     * header, 32 B payload) plus index, raw's about 36 B; both may hold a partly used block beyond that.
     */
    private void checkDiskSpace(final Path where, final long blockSizeBytes) throws IOException
    {
        final long needed = records * 72L + 2 * blockSizeBytes;
        final long usable = Files.getFileStore(where).getUsableSpace();
        if (usable < needed)
        {
            throw new ParameterException(spec.commandLine(), String.format(Locale.ROOT,
                "not enough disk space in %s: %,d records need about %,d MB, %,d MB usable", where, records,
                needed / 1_000_000, usable / 1_000_000));
        }
    }

    static long parseSize(final String text)
    {
        final String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        String digits = t;
        if (t.endsWith("g") || t.endsWith("m") || t.endsWith("k"))
        {
            unit = t.endsWith("g") ? 1L << 30 : t.endsWith("m") ? 1L << 20 : 1L << 10;
            digits = t.substring(0, t.length() - 1);
        }
        try
        {
            return Math.multiplyExact(Long.parseLong(digits), unit);
        }
        catch (final NumberFormatException | ArithmeticException ex)
        {
            throw new IllegalArgumentException("not a size (e.g. 1g, 64m, 1048576): " + text, ex);
        }
    }

    static long[] seekOffsets(final int count, final long records, final int length, final long seed)
    {
        final Random random = new Random(seed);
        final long[] offsets = new long[count];
        for (int i = 0; i < count; i++)
        {
            offsets[i] = random.nextLong(records - length + 1);
        }
        return offsets;
    }

    private static long[] expected(final long records, final long[] offsets, final int length)
    {
        final long all = W3Record.expectedChecksum(0, records);
        long seeks = 0;
        for (final long offset : offsets)
        {
            seeks += W3Record.expectedChecksum(offset, length);
        }
        return new long[] {all, all, seeks};
    }

    private LogUnderTest engine(final W3Settings settings, final String name)
    {
        return name.equals("rill") ?
            new RillLogUnderTest(settings.rollCycle, settings.blockSizeBytes, settings.pollBatch, settings.rillBatch) :
            new RawChronicleUnderTest(settings.rollCycle, settings.blockSizeBytes, settings.rawPadBytes);
    }

    private EngineRun runOnce(final W3Settings settings, final String engineName, final int run, final long n,
        final long[] offsets, final int length) throws IOException
    {
        final Path runDir = settings.dir.resolve(String.format(Locale.ROOT, "run%d-%s", run, engineName));
        Files.createDirectories(PerfFiles.deleteAtExit(runDir));
        final EngineRun result = new EngineRun(engineName, run);
        final String label = run == 0 ? "warm-up" : "run " + run + "/" + settings.runs;
        try (LogUnderTest engine = engine(settings, engineName))
        {
            engine.open(runDir);
            measure(result, Phase.APPEND, label, () -> engine.append(n, result.tally(Phase.APPEND)));
            result.dirtyKbAfterAppend = meminfoKb("Dirty:");
            result.writebackKbAfterAppend = meminfoKb("Writeback:");
            result.diskBytes = PerfFiles.diskBytes(runDir);
            measure(result, Phase.REPLAY, label, () -> engine.replayAll(n, result.tally(Phase.REPLAY)));
            measure(result, Phase.SEEKS, label, () -> engine.replayFrom(offsets, length, result.tally(Phase.SEEKS)));
        }
        finally
        {
            PerfFiles.deleteRecursively(runDir);
        }
        return result;
    }

    private void measure(final EngineRun result, final Phase phase, final String label, final Runnable work)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        // Reading /proc allocates and costs a syscall: done outside the allocation, CPU and wall windows.
        final long faultsStart = threadMinorFaults();
        final long gcBefore = gcCount();
        final long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        final long cpuStart = threads.getCurrentThreadCpuTime();
        final long userStart = threads.getCurrentThreadUserTime();
        final long start = System.nanoTime();
        work.run();
        final long end = System.nanoTime();
        final long cpuEnd = threads.getCurrentThreadCpuTime();
        final long userEnd = threads.getCurrentThreadUserTime();
        final long allocatedAfter = threads.getCurrentThreadAllocatedBytes();
        final long faultsEnd = threadMinorFaults();
        final int p = phase.ordinal();
        result.nanos[p] = end - start;
        result.cpuNanos[p] = cpuEnd - cpuStart;
        result.userNanos[p] = userEnd - userStart;
        result.minorFaults[p] = faultsStart < 0 || faultsEnd < 0 ? -1 : faultsEnd - faultsStart;
        result.allocatedBytes[p] = allocatedAfter - allocatedBefore;
        result.gcCount[p] = gcCount() - gcBefore;
        final Tally tally = result.tally(phase);
        recordsDone += tally.count;
        io.progress().done(recordsDone);
        io.progress().note(String.format(Locale.ROOT,
            "%-9s %-4s %-26s %,13d records in %7.3f s = %6.2fM records/s, %5.0f MB/s " +
                "(CPU %.0f%% of wall, %.0f%% of it in the kernel, %,d page faults)",
            label, result.engine, phase.label(), tally.count, result.seconds(phase),
            result.recordsPerSecond(phase) / 1e6, result.recordsPerSecond(phase) * W3Record.PAYLOAD_LENGTH / 1e6,
            100.0 * result.cpuNanos[p] / result.nanos[p],
            100.0 * Math.max(0, result.cpuNanos[p] - result.userNanos[p]) / Math.max(1, result.cpuNanos[p]),
            result.minorFaults[p]));
    }

    private static void check(final EngineRun r, final long[] count, final long[] checksum, final List<String> failures)
    {
        for (final Phase phase : Phase.values())
        {
            final int p = phase.ordinal();
            if (!r.tally(phase).sameAs(count[p], checksum[p]))
            {
                failures.add(String.format(Locale.ROOT, "%s run %d, %s: %s, expected %,d records, checksum %016x",
                    r.engine, r.run, phase.label(), r.tally(phase), count[p], checksum[p]));
            }
        }
    }

    private static void compareEngines(final List<EngineRun> measured, final int run, final List<String> failures)
    {
        EngineRun rill = null;
        EngineRun raw = null;
        for (final EngineRun r : measured)
        {
            if (r.run == run)
            {
                if (r.engine.equals("rill"))
                {
                    rill = r;
                }
                else
                {
                    raw = r;
                }
            }
        }
        if (rill == null || raw == null)
        {
            failures.add("run " + run + " is missing an engine");
            return;
        }
        for (final Phase phase : Phase.values())
        {
            final Tally a = rill.tally(phase);
            final Tally b = raw.tally(phase);
            if (a.count != b.count || a.checksum != b.checksum)
            {
                failures.add("run " + run + ", " + phase.label() + ": rill " + a + " but raw " + b);
            }
        }
    }

    /**
     * A field of /proc/meminfo: the page cache a log writes through mmap is written back by the kernel once it
     * passes vm.dirty_background_ratio, and writers are throttled near vm.dirty_ratio, so this tells whether an
     * append phase ran into writeback.
     */
    private static long meminfoKb(final String field)
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/meminfo")))
            {
                if (line.startsWith(field))
                {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
        return -1;
    }

    /**
     * Minor page faults of the calling thread so far: field 10 of /proc/thread-self/stat (after the
     * parenthesised command name), or -1 where that file does not exist.
     */
    private static long threadMinorFaults()
    {
        try
        {
            final String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[7]);
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }

    private static long gcCount()
    {
        long n = 0;
        for (final GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans())
        {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }
}
