package dev.rill.perf.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.rill.engine.Event;
import dev.rill.engine.EventStream;
import dev.rill.engine.Pipeline;
import dev.rill.engine.ThreadingMode;
import dev.rill.engine.WaitStrategy;
import dev.rill.engine.workloads.W1Pipeline;
import dev.rill.operators.window.KeySumCountFilter;

/**
 * W1's shape through the engine in stepping mode (every stage on the benchmark thread, so {@code -prof gc} sees all of
 * the pipeline's allocation): generator -&gt; notional -&gt; {@code repartition(1)} -&gt; keyed sliding window
 * (1 s, slide 100 ms, inverse reduce, off-heap) -&gt; counting sink, the window's stage taking the ring in runs. Three
 * variants: the notional in the source stage (W1 without the log as it runs), after the repartition, in the window
 * stage (the runs then rewrite each slot in place with it), and no repartition at all: the notional, the window and
 * the sink in the source's stage, no ring (the shape of each task of {@code W1Pipeline.runTopicByPartition}, W1
 * through the log, with the generator in place of the log's read, which {@link LogReadBenchmark} measures). Each
 * invocation processes {@value #EVENTS} generated events (the
 * stepping may overshoot by one duty-cycle batch); the generator's event time advances 1 µs per event, so windows are
 * emitted every 100,000 events.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class KeyedWindowStageBenchmark
{
    static final int EVENTS = 16_384;
    private static final int SYMBOLS = 10_000;

    private Pipeline notionalInSource;
    private Pipeline notionalInWindowStage;
    private Pipeline windowInSource;
    private final long[] generatedInSource = new long[1];
    private final long[] generatedInWindowStage = new long[1];
    private final long[] generatedWithWindowInSource = new long[1];
    private final long[] results = new long[1];

    /** Starts the three pipelines (unbounded generators) in stepping mode. */
    @Setup(Level.Trial)
    public void setup()
    {
        notionalInSource = build(generatedInSource, false);
        notionalInWindowStage = build(generatedInWindowStage, true);
        windowInSource = Pipeline.create(W1Pipeline.config(ThreadingMode.STEPPING, WaitStrategy.BUSY_SPIN).build());
        windowInSource.generatorStream(SYMBOLS, Long.MAX_VALUE)
            .update("notional", e -> notional(generatedWithWindowInSource, e))
            .sumCountByKeyAndWindow(W1Pipeline.WINDOW_LENGTH_MS, W1Pipeline.SLIDE_MS, KeySumCountFilter.NON_EMPTY)
            .foreach("count", e -> results[0]++);
        if (!windowInSource.describe().contains("stages=1, rings=0"))
        {
            throw new IllegalStateException("the window is not in the source's stage: " + windowInSource.describe());
        }
        windowInSource.start();
    }

    private Pipeline build(final long[] generated, final boolean afterRepartition)
    {
        final Pipeline p = Pipeline.create(W1Pipeline.config(ThreadingMode.STEPPING, WaitStrategy.BUSY_SPIN).build());
        EventStream s = p.generatorStream(SYMBOLS, Long.MAX_VALUE);
        if (!afterRepartition)
        {
            s = s.update("notional", e -> notional(generated, e));
        }
        s = s.repartition(1);
        if (afterRepartition)
        {
            s = s.update("notional", e -> notional(generated, e));
        }
        s.sumCountByKeyAndWindow(W1Pipeline.WINDOW_LENGTH_MS, W1Pipeline.SLIDE_MS, KeySumCountFilter.NON_EMPTY)
            .foreach("count", e -> results[0]++);
        if (!p.describe().contains("(runs: records go to sumCountByKeyAndWindow#"))
        {
            throw new IllegalStateException("the window stage does not take runs: " + p.describe());
        }
        p.start();
        return p;
    }

    private static void notional(final long[] generated, final Event e)
    {
        generated[0]++;
        e.long0(e.long0() * e.long1());
    }

    /** Stops the pipelines. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        notionalInSource.close();
        notionalInWindowStage.close();
        windowInSource.close();
    }

    /** @return window results counted. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long notionalInSourceStage()
    {
        SteppedPipelines.stepThrough(notionalInSource, generatedInSource, EVENTS);
        return results[0];
    }

    /** @return window results counted. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long notionalInWindowStage()
    {
        SteppedPipelines.stepThrough(notionalInWindowStage, generatedInWindowStage, EVENTS);
        return results[0];
    }

    /** @return window results counted. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long windowInSourceStage()
    {
        SteppedPipelines.stepThrough(windowInSource, generatedWithWindowInSource, EVENTS);
        return results[0];
    }
}
