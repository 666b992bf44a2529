package dev.rill.perf.w2;

import dev.rill.engine.KeyHash;
import dev.rill.engine.Pipeline;
import dev.rill.engine.PipelineConfig;
import dev.rill.engine.ThreadingMode;
import dev.rill.engine.WaitStrategy;
import dev.rill.operators.state.LongKeyedState;

/**
 * W2 through the engine:
 * <pre>
 *   generatorStream(K, warmup + N)
 *     -&gt; map "release": spin until start + i / R, long2 = intended release time      source stage
 *     -&gt; repartition(shards)                                                           one ring hop
 *     -&gt; map "runningSum": long0 = sum(qty) of the key so far, off-heap LongKeyedState per shard
 *     -&gt; foreach "latency": sink nanoTime - long2 into HdrHistogram                    same stage
 * </pre>
 * The engine offers per-event emission with state only as {@code mapWithState}, whose results carry the key and the
 * mapped value but not the other fields of the record (the intended release time would be lost), so the running sum
 * is a keyed map stage over the engine's primitive events, with one off-heap {@link LongKeyedState} per shard indexed
 * by {@link KeyHash#shardFor} (each shard thread only touches its own). Open loop: the release map never waits for
 * the pipeline; a late release is measured from its intended time.
 * <p>
 * {@code batchSize(1)}: a stage publishes what a duty cycle produced once, at the cycle's end, and the generator is
 * always ready, so with the default 256 inputs per cycle the release map would hold up to 256 released events
 * (2.56 ms at 100k/s) before any reaches the ring. A source that is paced by the clock is exactly the case for one
 * input per duty cycle, the engine's latency setting.
 */
final class RillW2 implements W2Engine
{
    private final Pipeline pipeline;
    private final LatencySink sink;
    private final LongKeyedState[] states;
    private final long periodNsTimes1000;
    private long startNs;

    RillW2(final int symbols, final long warmup, final long events, final double rate, final int shards,
        final WaitStrategy wait)
    {
        final long total = warmup + events;
        sink = new LatencySink(warmup, total, rate);
        periodNsTimes1000 = Math.round(1e12 / rate);
        states = new LongKeyedState[shards];
        for (int s = 0; s < shards; s++)
        {
            states[s] = new LongKeyedState(1, symbols);
        }
        pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.DEDICATED).waitStrategy(wait)
            .batchSize(1).build());
        final LongKeyedState[] st = states;
        final int n = shards;
        pipeline.generatorStream(symbols, total)
            .map("release", (in, out) ->
            {
                final long intended = startNs + in.sourceOffset() * periodNsTimes1000 / 1000;
                while (System.nanoTime() < intended)
                {
                    Thread.onSpinWait();
                }
                out.long2(intended);
            })
            .repartition(shards)
            .map("runningSum", (in, out) ->
            {
                final LongKeyedState state = st[n == 1 ? 0 : KeyHash.shardFor(in.key(), n)];
                final int slot = state.getOrInsert(in.key());
                out.long0(state.addLong(slot, 0, in.long1()));
            })
            .foreach("latency", e -> sink.onTotal(e.sourceOffset(), e.long0(), e.long2()));
        if (shards > 1)
        {
            throw new IllegalArgumentException("W2 through Rill records latency on one sink thread: --shards 1");
        }
    }

    @Override
    public String name()
    {
        return "rill";
    }

    @Override
    public void start()
    {
        startNs = System.nanoTime() + 20_000_000L;
        pipeline.start();
    }

    @Override
    public LatencySink sink()
    {
        return sink;
    }

    @Override
    public void close() throws InterruptedException
    {
        if (!pipeline.isTerminated())
        {
            pipeline.stop(false);
        }
        pipeline.close();
        for (final LongKeyedState s : states)
        {
            s.close();
        }
    }
}
