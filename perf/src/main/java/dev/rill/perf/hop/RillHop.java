package dev.rill.perf.hop;

import dev.rill.engine.Pipeline;
import dev.rill.engine.PipelineConfig;
import dev.rill.engine.ThreadingMode;
import dev.rill.engine.WaitStrategy;

/**
 * One hop through the engine, {@link ThreadingMode#DEDICATED} (one thread per stage):
 * <pre>
 *   generatorStream(1, warmup + N)
 *     -&gt; map "stamp": spin until start + i * period; long2 = intended, long0 = System.nanoTime()   source stage
 *     -&gt; async()                                                                                  the hop
 *     -&gt; foreach "latency": nanoTime - long0 (and - long2) into HdrHistogram                       next stage
 * </pre>
 * The engine has no hook at the ring write, so the stamp is taken in the last operator of the source stage, just
 * before the engine copies the event into the ring. {@code batchSize(1)}, as {@code RillW2}: a stage publishes once
 * per duty cycle, and with the default 256 inputs per cycle this clock-paced map would hold 256 events (1.28 ms at
 * one every 5 µs) before publishing any; with one input per cycle the publish follows the stamp.
 */
final class RillHop implements HopEngine
{
    private final Pipeline pipeline;
    private final HopRecorder recorder;
    private final long periodNs;
    private long startNs;

    RillHop(final long warmup, final long events, final long periodNs, final WaitStrategy wait)
    {
        final long total = warmup + events;
        this.periodNs = periodNs;
        recorder = new HopRecorder(warmup, total);
        pipeline = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.DEDICATED).waitStrategy(wait)
            .batchSize(1).build());
        pipeline.generatorStream(1, total)
            .map("stamp", (in, out) ->
            {
                final long intended = startNs + in.sourceOffset() * this.periodNs;
                HopEngine.spinUntil(intended);
                out.long2(intended);
                out.long0(System.nanoTime());
            })
            .async()
            .foreach("latency", e -> recorder.record(e.sourceOffset(), e.long0(), e.long2()));
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
    public HopRecorder recorder()
    {
        return recorder;
    }

    @Override
    public void close() throws InterruptedException
    {
        if (!pipeline.isTerminated())
        {
            pipeline.stop(false);
        }
        pipeline.close();
    }
}
