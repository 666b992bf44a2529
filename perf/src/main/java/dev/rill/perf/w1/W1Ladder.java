package dev.rill.perf.w1;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import dev.rill.engine.EventStream;
import dev.rill.engine.Pipeline;
import dev.rill.engine.PipelineConfig;
import dev.rill.engine.ThreadingMode;
import dev.rill.engine.WaitStrategy;
import dev.rill.engine.workloads.W1Pipeline;
import dev.rill.engine.workloads.W1Result;
import dev.rill.log.RillLog;
import dev.rill.log.TopicConfig;
import dev.rill.perf.ChildJvm;
import dev.rill.perf.PerfFiles;
import dev.rill.perf.report.Figures;
import dev.rill.perf.report.MarkdownTable;

/**
 * Where W1's gap between Rill and the hand-written Disruptor baseline lies: the baseline, then the baseline with
 * slots as far apart as Rill's, touched in one line and in the two lines Rill's are ({@link WideSlotW1}), then the
 * same two-thread loop with one piece of Rill after another in place of hand-written code ({@link EventSlotW1}: Rill's {@code Event}
 * as the ring slot, then Rill's window operator as the consumer, then the engine's source stage (its slot-run path) as the
 * producer), then Rill's whole pipeline, the same in a JVM that ran three other small pipelines first
 * ({@link #runOtherPipelines()}), then a hand-written reader of Rill's log into {@code Event} slots and Rill's
 * pipeline from the same topic (written first in the run's JVM, untimed). That topic has one partition, and the
 * {@code rill-via-log} rung runs the two-thread shape the hand-written reader stands beside (a source stage, a ring,
 * the window's stage: {@link dev.rill.engine.workloads.W1Pipeline#runTopic}), not {@link W1Benchmark}'s one task per
 * partition.
 * <p>
 * Every rung runs in every round, each run in a JVM of its own (warm-up runs, then the measured one: the fused
 * chain's call sites then see only that rung's classes, as in a JVM running one pipeline), the order rotating from
 * round to round, and each rung's events/s is reported as the median over rounds with its ratio to the baseline of
 * the same round. Every run's records and checksum must equal the single-thread loop's; a difference exits 1.
 * <p>
 * This measures, it does not judge: the W1 targets are {@link W1Benchmark}'s.
 */
@Command(name = "W1Ladder", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"W1's gap to the hand-written Disruptor baseline, one piece of Rill at a time.", ""},
    footer = {"", "Run: java -cp perf/target/rill-benchmarks.jar dev.rill.perf.w1.W1Ladder --rounds 5",
        "Exit codes: 0 ok, 1 records/checksum differ or a run failed, 2 bad arguments."})
public final class W1Ladder implements Callable<Integer>
{
    static final String BASELINE = "disruptor-baseline";
    static final String RILL = "rill";
    static final String RILL_SHARED_JVM = "rill-after-other-pipelines";
    static final String RILL_VIA_LOG = "rill-via-log";
    private static final String TOPIC = "w1";

    @Option(names = "--events", paramLabel = "N", description = "events per run (default: ${DEFAULT-VALUE})")
    long events = 20_000_000L;

    @Option(names = "--keys", paramLabel = "K", description = "symbols (default: ${DEFAULT-VALUE})")
    int keys = 10_000;

    @Option(names = "--rounds", paramLabel = "R", description = "measured rounds, each running every rung once, " +
        "each run in a JVM of its own after the warm-up runs (default: ${DEFAULT-VALUE})")
    int rounds = 3;

    @Option(names = "--rungs", split = ",", paramLabel = "RUNG", description = "the rungs to run (default: all; " +
        "the baseline always runs, for the ratios)")
    List<String> only;

    @Option(names = "--warmup-runs", paramLabel = "N", description = "unmeasured runs before each measured one, in " +
        "its JVM: the engine's chain takes about 40M events to reach its speed (default: ${DEFAULT-VALUE})")
    int warmupRuns = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--child", hidden = true, description = "run this one rung here and print its result")
    String child;

    private static final String RESULT = "RESULT";
    private static final long OTHER_PIPELINE_EVENTS = 3_000_000L;

    private final PrintStream out;

    W1Ladder(final PrintStream out)
    {
        this.out = out;
    }

    /**
     * @param args see {@code --help}.
     */
    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new W1Ladder(System.out)).execute(args));
    }

    /**
     * The rungs: the baseline, the baseline with wide slots, the hand-written loop with Rill's pieces, Rill (alone, then after other pipelines),
     * then the log's read by hand and Rill through the log.
     */
    static List<String> rungs()
    {
        return List.of(BASELINE, EventSlotW1.Rung.PADDED_SLOTS.label, EventSlotW1.Rung.PADDED_SLOTS_WRITTEN.label,
            EventSlotW1.Rung.EVENT_SLOTS.label, EventSlotW1.Rung.EVENT_SLOTS_WINDOW.label,
            EventSlotW1.Rung.RILL_SOURCE_STAGE.label, RILL, RILL_SHARED_JVM, EventSlotW1.Rung.LOG_EVENT_SLOTS.label,
            RILL_VIA_LOG);
    }

    private static boolean readsTheLog(final String rung)
    {
        return RILL_VIA_LOG.equals(rung) || EventSlotW1.Rung.LOG_EVENT_SLOTS.label.equals(rung);
    }

    @Override
    public Integer call() throws Exception
    {
        if (events < 1 || keys < 1 || rounds < 1 || warmupRuns < 0)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--events, --keys and --rounds must be at " +
                "least 1 and --warmup-runs at least 0: " + events + ", " + keys + ", " + rounds + ", " + warmupRuns);
        }
        if (child != null)
        {
            return runChild(child);
        }
        final List<String> rungs = new ArrayList<>();
        for (final String rung : rungs())
        {
            if (only == null || only.contains(rung) || BASELINE.equals(rung))
            {
                rungs.add(rung);
            }
        }
        if (only != null && !rungs().containsAll(only))
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "no such rung in " + only + "; rungs: " +
                rungs());
        }
        final Map<String, List<Double>> rates = new LinkedHashMap<>();
        final Map<String, List<Double>> ratios = new LinkedHashMap<>();
        for (final String rung : rungs)
        {
            rates.put(rung, new ArrayList<>());
            ratios.put(rung, new ArrayList<>());
        }
        final W1Result expected = SingleThreadW1.run(events, keys, 10);
        for (int round = 1; round <= rounds; round++)
        {
            final Map<String, Double> thisRound = new LinkedHashMap<>();
            for (int k = 0; k < rungs.size(); k++)
            {
                final String rung = rungs.get((k + round - 1) % rungs.size());
                final ChildRun run = inChildJvm(rung);
                if (run == null)
                {
                    return 1;
                }
                if (!run.result.equals(expected))
                {
                    out.printf("%s: %s, expected %s (the single-threaded loop)%n", rung, run.result, expected);
                    return 1;
                }
                thisRound.put(rung, run.eventsPerSecond);
            }
            out.printf(Locale.ROOT, "round %d:%s%n", round, format(thisRound));
            for (final String rung : rungs)
            {
                rates.get(rung).add(thisRound.get(rung));
                ratios.get(rung).add(thisRound.get(rung) / thisRound.get(BASELINE));
            }
        }
        out.println();
        out.print(table(rungs, rates, ratios, expected));
        return 0;
    }

    /**
     * One rung's measured run in its own JVM, after the warm-up runs there: each rung's call sites see only its code.
     * A rung that reads the log gets a topic of the N events written first, untimed, in a temporary folder.
     */
    private int runChild(final String rung) throws InterruptedException, IOException
    {
        if (!rungs().contains(rung))
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "no rung " + rung + "; rungs: " + rungs());
        }
        if (RILL_SHARED_JVM.equals(rung))
        {
            runOtherPipelines();
        }
        final Path logDir = readsTheLog(rung) ? PerfFiles.deleteAtExit(PerfFiles.newTempDir("rill-w1-ladder")) : null;
        try (RillLog log = logDir == null ? null : RillLog.open(logDir))
        {
            if (log != null)
            {
                log.createTopic(TOPIC, TopicConfig.builder(1).build());
                W1Pipeline.writeTopic(W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).build(), log,
                    TOPIC, events, keys);
                PerfFiles.forceToDisk(logDir);
            }
            for (int i = 0; i < warmupRuns; i++)
            {
                run(rung, events, log);
            }
            final long start = System.nanoTime();
            final W1Result result = run(rung, events, log);
            final double rate = events * 1e9 / (System.nanoTime() - start);
            out.printf(Locale.ROOT, "%s %.1f %d %d%n", RESULT, rate, result.records(), result.checksum());
        }
        finally
        {
            if (logDir != null)
            {
                PerfFiles.deleteRecursively(logDir);
            }
        }
        return 0;
    }

    /**
     * Three small pipelines unlike W1 (other maps, a filter), run before W1 as an application running several jobs
     * in one JVM would: the engine's shared call sites (a map node's function, a stage's chain head) have then seen
     * other classes than W1's, and the JIT inlines less of W1's chain.
     */
    static long runOtherPipelines() throws InterruptedException
    {
        final long[] sum = new long[1];
        for (int i = 0; i < 3; i++)
        {
            try (Pipeline pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.DEDICATED)
                .build()))
            {
                EventStream stream = pipeline.generatorStream(1_000, OTHER_PIPELINE_EVENTS);
                if (i == 0)
                {
                    stream = stream.map("sum", (in, out) -> out.long0(in.long0() + in.long1()));
                }
                else if (i == 1)
                {
                    stream = stream.map("mix", (in, out) -> out.long1(in.long0() ^ in.key()))
                        .filter("not7", e -> e.long1() != 7);
                }
                else
                {
                    stream = stream.map("half", (in, out) -> out.double0(in.long0() * 0.5))
                        .map("next", (in, out) -> out.key(in.key() + 1));
                }
                stream.async().foreach("other" + i, e -> sum[0] += e.long0());
                pipeline.start();
                if (!pipeline.awaitTermination(60_000))
                {
                    throw new IllegalStateException("other pipeline " + i + " did not end within 60 s");
                }
            }
        }
        return sum[0];
    }

    private ChildRun inChildJvm(final String rung) throws IOException, InterruptedException
    {
        final String[] f;
        try
        {
            f = new ChildJvm().run(W1Ladder.class.getName(), RESULT, List.of("--child", rung, "--events",
                Long.toString(events), "--keys", Integer.toString(keys), "--warmup-runs", Integer.toString(warmupRuns)));
        }
        catch (final IllegalStateException ex)
        {
            out.printf("%s: %s%n", rung, ex.getMessage());
            return null;
        }
        return new ChildRun(Double.parseDouble(f[0]), new W1Result(Long.parseLong(f[1]), Long.parseLong(f[2])));
    }

    /** A rung's measured run in a child JVM. */
    private record ChildRun(double eventsPerSecond, W1Result result)
    {
    }

    private W1Result run(final String rung, final long n, final RillLog log) throws InterruptedException
    {
        if (BASELINE.equals(rung))
        {
            return DisruptorW1.run(n, keys, 10);
        }
        if (RILL.equals(rung) || RILL_SHARED_JVM.equals(rung))
        {
            return W1Pipeline.runGenerator(config(), n, keys, 1);
        }
        if (RILL_VIA_LOG.equals(rung))
        {
            return W1Pipeline.runTopic(config(), log, TOPIC, 1);
        }
        for (final EventSlotW1.Rung r : EventSlotW1.Rung.values())
        {
            if (r.label.equals(rung))
            {
                return EventSlotW1.run(r, n, keys, 10, log == null ? null : log.topic(TOPIC));
            }
        }
        throw new IllegalArgumentException("no rung " + rung);
    }

    private static dev.rill.engine.PipelineConfig config()
    {
        return W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).build();
    }

    private static String format(final Map<String, Double> round)
    {
        final StringBuilder sb = new StringBuilder();
        round.forEach((rung, rate) -> sb.append(String.format(Locale.ROOT, " %s %.2fM", rung, rate / 1e6)));
        return sb.toString();
    }

    static String table(final List<String> rungs, final Map<String, List<Double>> rates,
        final Map<String, List<Double>> ratios, final W1Result result)
    {
        final MarkdownTable table = new MarkdownTable("rung", "events/s, median (min..max)",
            "ratio to the baseline of the same round, median (min..max)");
        for (final String rung : rungs)
        {
            table.row(rung, spread(rates.get(rung), 1e-6, "%.2fM"), spread(ratios.get(rung), 1, "%.2fx"));
        }
        return "W1 ladder: every run " + result + ", " + rates.get(BASELINE).size() + " rounds\n\n" + table;
    }

    static String spread(final List<Double> values, final double scale, final String format)
    {
        return Figures.spread(values.stream().mapToDouble(Double::doubleValue).toArray(), scale, format);
    }
}
