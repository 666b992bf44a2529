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

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;

import dev.rill.engine.Pipeline;
import dev.rill.engine.PipelineConfig;
import dev.rill.engine.ReferenceGenerator;
import dev.rill.engine.ThreadingMode;

/**
 * generator -&gt; map (notional) -&gt; filter (even symbol) -&gt; counting sink through the engine, in stepping mode so
 * every stage runs on the benchmark thread and {@code -prof gc} sees all of the pipeline's allocation: fused (one
 * stage, no ring), with {@code async()} before the sink (two stages, one ring hop), and with {@code async()} between
 * the map and the filter (the source stage is then a map into one ring, the slot-run path), the last also with the
 * map as an in-place {@code update}. Beside it a hand-written loop
 * doing the same work through a Disruptor ring on the same thread (publish a batch, poll it). Each invocation
 * processes {@value #EVENTS} generated events (the stepping variants step until the generator has produced them, so
 * they may overshoot by one duty-cycle batch).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class MapFilterPipelineBenchmark
{
    static final int EVENTS = 16_384;
    private static final int SYMBOLS = 10_000;

    private Pipeline fused;
    private Pipeline async;
    private Pipeline slotRuns;
    private Pipeline slotRunsUpdate;
    private final long[] generatedFused = new long[1];
    private final long[] generatedAsync = new long[1];
    private final long[] generatedSlotRuns = new long[1];
    private final long[] generatedSlotRunsUpdate = new long[1];
    private final long[] counted = new long[1];
    private RingBuffer<long[]> ring;
    private EventPoller<long[]> poller;
    private long rawIndex;
    private long rawCount;
    private final EventPoller.Handler<long[]> rawHandler = (slot, seq, end) ->
    {
        final long notional = slot[1] * slot[2];
        if ((slot[0] & 1) == 0)
        {
            rawCount += notional == 0 ? 0 : 1;
        }
        return true;
    };

    /** Starts both pipelines (unbounded generators) in stepping mode, and the raw ring. */
    @Setup(Level.Trial)
    public void setup()
    {
        fused = build(generatedFused, false, false, false);
        async = build(generatedAsync, true, false, false);
        slotRuns = build(generatedSlotRuns, false, true, false);
        slotRunsUpdate = build(generatedSlotRunsUpdate, false, true, true);
        for (final Pipeline p : new Pipeline[] {slotRuns, slotRunsUpdate})
        {
            if (!p.describe().contains("(slot runs:"))
            {
                throw new IllegalStateException("the source stage does not take slot runs: " + p.describe());
            }
        }
        ring = RingBuffer.createSingleProducer(() -> new long[3], 1024);
        poller = ring.newPoller();
        ring.addGatingSequences(poller.getSequence());
    }

    private Pipeline build(final long[] generated, final boolean hop, final boolean hopBeforeFilter,
        final boolean update)
    {
        final Pipeline p = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING)
            .ringSize(1024).build());
        var s = p.generatorStream(SYMBOLS, Long.MAX_VALUE);
        if (update)
        {
            s = s.update(e ->
            {
                generated[0]++;
                e.long2(e.long0() * e.long1());
            });
        }
        else
        {
            s = s.map((in, out) ->
            {
                generated[0]++;
                out.long2(in.long0() * in.long1());
            });
        }
        if (hopBeforeFilter)
        {
            s = s.async();
        }
        s = s.filter(e -> (e.key() & 1) == 0);
        if (hop)
        {
            s = s.async();
        }
        s.foreach(e -> counted[0]++);
        p.start();
        return p;
    }

    /** Stops the pipelines. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        fused.close();
        async.close();
        slotRuns.close();
        slotRunsUpdate.close();
    }

    /** @return events counted. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long rillFusedStepping()
    {
        SteppedPipelines.stepThrough(fused, generatedFused, EVENTS);
        return counted[0];
    }

    /** @return events counted. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long rillAsyncStepping()
    {
        SteppedPipelines.stepThrough(async, generatedAsync, EVENTS);
        return counted[0];
    }

    /** @return events counted. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long rillSlotRunsStepping()
    {
        SteppedPipelines.stepThrough(slotRuns, generatedSlotRuns, EVENTS);
        return counted[0];
    }

    /** @return events counted. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long rillSlotRunsUpdateStepping()
    {
        SteppedPipelines.stepThrough(slotRunsUpdate, generatedSlotRunsUpdate, EVENTS);
        return counted[0];
    }

    /**
     * @return events counted.
     * @throws Exception from the poller.
     */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long disruptorLoop() throws Exception
    {
        for (int done = 0; done < EVENTS; done += 256)
        {
            final long hi = ring.next(256);
            final long lo = hi - 255;
            for (long seq = lo; seq <= hi; seq++)
            {
                final long r = ReferenceGenerator.draw(rawIndex++);
                final long[] slot = ring.get(seq);
                slot[0] = Long.remainderUnsigned(r, SYMBOLS);
                slot[1] = 10_000 + (int)((r >>> 20) & 1023);
                slot[2] = 1 + (int)((r >>> 40) & 255);
            }
            ring.publish(lo, hi);
            poller.poll(rawHandler);
        }
        return rawCount;
    }
}
