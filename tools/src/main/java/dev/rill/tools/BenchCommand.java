package dev.rill.tools;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.rill.perf.BenchProgress;
import dev.rill.perf.HarnessOutput;
import dev.rill.perf.w1.W1Benchmark;
import dev.rill.perf.w2.W2Benchmark;
import dev.rill.perf.w3.W3Benchmark;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code rill bench w1|w2|w3}: runs one reference workload of {@code shared/bench/WORKLOADS.md} through the perf
 * module's harness ({@link W1Benchmark}, {@link W2Benchmark}, {@link W3Benchmark}: the same code as
 * {@code perf/README.md}'s commands, not a copy), beside its baselines in the same run. This class only checks the
 * options, turns them into the harness's arguments and draws the progress line; the harness measures, checks the
 * checksums, writes the results folder and prints the table or the JSON.
 */
@Command(name = "bench", description = {
    "Run a reference workload (shared/bench/WORKLOADS.md) through Rill beside its baselines in the same run: "
        + "w1 = sliding-window notional per symbol (throughput; Rill, Rill via the log, a hand-written Disruptor "
        + "pipeline, a single-threaded loop), w2 = rolling sum per symbol at a fixed rate (latency, open loop; Rill, "
        + "Rill via the log, the Disruptor baseline), w3 = log append and replay (Rill log, raw Chronicle Queue).",
    "Prints the table (or one JSON object) on stdout and writes a results folder named by time (Markdown, JSON; "
        + "for w2 also .hlog, .hgrm and SVG charts). Progress on stderr. Exit 1 if the engines' checksums differ; "
        + "Ctrl-C writes what was measured, marked partial."},
    footer = {"", "Defaults are the workloads' own sizes (w1: 20,000,000 events, 3 runs; w2: 2,000,000 events at "
        + "100,000/s and at 1,000,000/s, each after a 1,000,000-event warm-up, 3 runs after 2 unmeasured ones of every "
        + "engine; w3: 50,000,000 records, 4 runs); "
        + "pass --events for a quick look."})
final class BenchCommand implements Callable<Integer>
{
    private static final long MAX_EVENTS = 10_000_000_000L;
    private static final long MAX_RATE = 100_000_000L;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "WORKLOAD", description = "w1, w2 or w3.")
    private String workload;

    @Option(names = "--events", paramLabel = "N", description = "Events per run (w3: records appended; w2: "
        + "measured events per engine). Default: the workload's.")
    private Long events;

    @Option(names = "--rate", paramLabel = "R", description = "w2 only: events per second released, 1..100000000 "
        + "(default: 100000, then 1000000).")
    private Long rate;

    @Option(names = "--keys", paramLabel = "K", description = "w1, w2: symbols, 1..10000000 (default 10000).")
    private Integer keys;

    @Option(names = "--shards", paramLabel = "S", description = "w1 only: keyed shards of the Rill window (default "
        + "1).")
    private Integer shards;

    @Option(names = "--partitions", paramLabel = "P", description = "w1 only: partitions of the topic Rill reads "
        + "through the log, by symbol; one task per partition, 1..64 (default 2).")
    private Integer partitions;

    @Option(names = "--runs", paramLabel = "R", description = "Measured runs per engine, 1..1000; the report gives "
        + "medians with min..max; w2 and w3 alternate the engine order from run to run (default: w1 3, w2 3 per rate, "
        + "w3 4).")
    private Integer runs;

    @Option(names = "--warmup", paramLabel = "N", description = "Unmeasured warm-up events per engine (w1 default "
        + "60000000, in up to 3 runs of at most --events, before every measured run in its JVM; w2 1000000; w3 5000000 records, at least 1).")
    private Long warmup;

    @Option(names = "--search", description = "w2 only: also search the highest rate with p99 (and p99.9) under "
        + "100 µs: 3 runs of every engine per rate, 1 s each after the warm-up, judged on the median.")
    private boolean search;

    @Option(names = "--search-rates", split = ",", paramLabel = "R", description = "w2 --search only: the rates "
        + "tried, 1..100000000 each (default: 100000,200000,500000,1000000,2000000,5000000).")
    private List<Long> searchRates;

    @Option(names = "--out", paramLabel = "DIR", description = "Parent of the results folder <yyyyMMdd-HHmmss> "
        + "(default: ${DEFAULT-VALUE}).")
    private Path out = Path.of("bench-results");

    @Option(names = "--format", paramLabel = "FORMAT", description = "text (the Markdown table) or json (one "
        + "object: workload, events, complete, records, checksum, results) (default: ${DEFAULT-VALUE}).")
    private String format = "text";

    @Override
    public Integer call() throws Exception
    {
        final List<String> args = harnessArgs();
        final PrintWriter output = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final Progress progress = new Progress(err, System.console() != null, "rill bench " + workload + ": ",
            workload.equals("w3") ? "records" : "events");
        final HarnessOutput io = new HarnessOutput(output, err, progress, "rill");
        final Callable<Integer> harness = switch (workload)
        {
            case "w1" -> new W1Benchmark(io);
            case "w2" -> new W2Benchmark(io);
            default -> new W3Benchmark(io);
        };
        try
        {
            new CommandLine(harness).parseArgs(args.toArray(new String[0]));
            return harness.call();
        }
        catch (final ParameterException ex)
        {
            // the harness refused a value (W3: too little disk space): report it as rill's own bad input
            throw new ParameterException(spec.commandLine(), ex.getMessage(), ex);
        }
        finally
        {
            progress.finish();
        }
    }

    /** Checks the options for the workload and turns them into its harness's arguments. */
    List<String> harnessArgs()
    {
        if (!List.of("w1", "w2", "w3").contains(workload))
        {
            throw bad("unknown workload: " + workload + " (w1, w2 or w3)");
        }
        if (!format.equals("text") && !format.equals("json"))
        {
            throw bad("--format must be text or json: " + format);
        }
        if (events != null && (events < 1 || events > MAX_EVENTS))
        {
            throw bad("--events must be 1.." + MAX_EVENTS + ": " + events);
        }
        if (rate != null && !workload.equals("w2"))
        {
            throw bad("--rate applies to w2 only (" + workload + " runs flat out)");
        }
        if (rate != null && (rate < 1 || rate > MAX_RATE))
        {
            throw bad("--rate must be 1.." + MAX_RATE + " events/s: " + rate);
        }
        if (search && !workload.equals("w2"))
        {
            throw bad("--search applies to w2 only (a search over the release rate)");
        }
        if (searchRates != null && !search)
        {
            throw bad("--search-rates needs --search");
        }
        if (searchRates != null)
        {
            for (final long r : searchRates)
            {
                if (r < 1 || r > MAX_RATE)
                {
                    throw bad("--search-rates: each rate must be 1.." + MAX_RATE + " events/s: " + r);
                }
            }
        }
        if (keys != null && workload.equals("w3"))
        {
            throw bad("--keys applies to w1 and w2 (w3 appends records of its own layout)");
        }
        // the baselines keep per-symbol arrays on the heap (40 bytes a symbol in w1): 10M is the scaling curve's top
        if (keys != null && (keys < 1 || keys > 10_000_000))
        {
            throw bad("--keys must be 1..10000000: " + keys);
        }
        if (shards != null && !workload.equals("w1"))
        {
            throw bad("--shards applies to w1 only (w2 keeps its running sums on one sink thread, w3 has no " +
                "pipeline)");
        }
        if (shards != null && (shards < 1 || shards > 64))
        {
            throw bad("--shards must be 1..64: " + shards);
        }
        if (partitions != null && !workload.equals("w1"))
        {
            throw bad("--partitions applies to w1 only (w2 through the log reads one partition, w3 has its own " +
                "topic layout)");
        }
        if (partitions != null && (partitions < 1 || partitions > 64))
        {
            throw bad("--partitions must be 1..64: " + partitions);
        }
        if (runs != null && (runs < 1 || runs > 1_000))
        {
            throw bad("--runs must be 1..1000: " + runs);
        }
        if (warmup != null && (warmup < (workload.equals("w3") ? 1 : 0) || warmup > MAX_EVENTS))
        {
            throw bad("--warmup must be " + (workload.equals("w3") ? 1 : 0) + ".." + MAX_EVENTS + ": " + warmup);
        }
        final List<String> args = new ArrayList<>(List.of("--out", out.toString(), "--format", format));
        switch (workload)
        {
            case "w1" ->
            {
                add(args, "--events", events);
                add(args, "--keys", keys);
                add(args, "--shards", shards);
                add(args, "--partitions", partitions);
                add(args, "--runs", runs);
                add(args, "--warmup-events", warmup);
            }
            case "w2" ->
            {
                add(args, "--events", events);
                add(args, "--rates", rate);
                add(args, "--keys", keys);
                add(args, "--runs", runs);
                add(args, "--warmup", warmup);
                if (search)
                {
                    args.add("--search");
                }
                if (searchRates != null)
                {
                    args.add("--search-rates");
                    args.add(String.join(",", searchRates.stream().map(String::valueOf).toList()));
                }
            }
            default ->
            {
                add(args, "--records", events);
                // a seek reads 10,000 records (the workload's), or all of them when there are fewer
                add(args, "--seek-length", events == null ? null : Math.min(10_000, events));
                add(args, "--runs", runs);
                add(args, "--warmup-records", warmup);
            }
        }
        return args;
    }

    private static void add(final List<String> args, final String option, final Number value)
    {
        if (value != null)
        {
            args.add(option);
            args.add(String.valueOf(value));
        }
    }

    private ParameterException bad(final String message)
    {
        return new ParameterException(spec.commandLine(), message);
    }

    /**
     * The harness's progress as rill shows it: a {@link ProgressLine} of events done, rate and ETA (only when
     * stderr is a terminal), and each step's note as a line {@code rill bench wN: ...} (always). Called by the
     * harness's thread and by its shutdown hook: synchronized.
     */
    private static final class Progress implements BenchProgress
    {
        private final PrintWriter err;
        private final boolean isTerminal;
        private final String prefix;
        private final String unit;
        private ProgressLine line;
        private long total;

        Progress(final PrintWriter err, final boolean isTerminal, final String prefix, final String unit)
        {
            this.err = err;
            this.isTerminal = isTerminal;
            this.prefix = prefix;
            this.unit = unit;
        }

        @Override
        public synchronized void expect(final long more)
        {
            total += more;
            if (line == null)
            {
                line = new ProgressLine(err, isTerminal, total, 0, unit);
            }
            else
            {
                line.total(total);
            }
        }

        @Override
        public synchronized void done(final long eventsDone)
        {
            if (line != null)
            {
                line.update(eventsDone);
            }
        }

        @Override
        public synchronized void note(final String text)
        {
            if (line != null)
            {
                line.finish();
            }
            err.println(prefix + text.strip());
            err.flush();
        }

        synchronized void finish()
        {
            if (line != null)
            {
                line.finish();
            }
        }
    }
}
