package dev.rill.perf.jmh;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;

import dev.rill.engine.Event;
import dev.rill.engine.internal.PipelineRuntime;
import dev.rill.engine.internal.RingWriter;

/**
 * One ring hop on one thread: publish an {@link Event} into a 1024-slot Disruptor ring and take it out with an
 * {@link EventPoller}, through the engine's {@link RingWriter} (claim with {@code tryNext}, {@code copyFrom}, and
 * here one {@code flush()} publish per event, as a stage's duty cycle of one event) against the raw Disruptor calls
 * doing the same copy. No thread hand-off: this is the
 * ring's own cost per event and its allocation ({@code -prof gc}); the cross-thread hop is in W2.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RingHopBenchmark
{
    private RingBuffer<Event> rillRing;
    private RingWriter writer;
    private EventPoller<Event> rillPoller;
    private RingBuffer<Event> rawRing;
    private EventPoller<Event> rawPoller;
    private final Event event = new Event();
    private long sum;
    private final EventPoller.Handler<Event> handler = (e, seq, end) ->
    {
        sum += e.long0();
        return true;
    };

    /** Rings, writer, pollers. */
    @Setup
    public void setup()
    {
        rillRing = RingBuffer.createSingleProducer(Event::new, 1024);
        writer = new RingWriter(rillRing, "bench", new PipelineRuntime(1), 1, "bench", 0, true);
        rillPoller = rillRing.newPoller();
        rillRing.addGatingSequences(rillPoller.getSequence());
        rawRing = RingBuffer.createSingleProducer(Event::new, 1024);
        rawPoller = rawRing.newPoller();
        rawRing.addGatingSequences(rawPoller.getSequence());
        event.key(7).long0(11).long1(13).eventTimeNs(17);
    }

    /**
     * @return running sum (consumed).
     * @throws Exception from the poller.
     */
    @Benchmark
    public long rillRingWriter() throws Exception
    {
        event.long0(event.long0() + 1);
        writer.beginInput();
        writer.onEvent(event);
        writer.flush();
        rillPoller.poll(handler);
        return sum;
    }

    /**
     * @return running sum (consumed).
     * @throws Exception from the poller.
     */
    @Benchmark
    public long rawDisruptor() throws Exception
    {
        event.long0(event.long0() + 1);
        final long seq = rawRing.next();
        try
        {
            rawRing.get(seq).copyFrom(event);
        }
        finally
        {
            rawRing.publish(seq);
        }
        rawPoller.poll(handler);
        return sum;
    }
}
