package dev.rill.perf.w2;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

import dev.rill.engine.ReferenceGenerator;

/**
 * The hand-written Disruptor baseline of W2: a release thread spins until each event's intended time and publishes
 * (symbol, qty, intended time, index), one event per publish, into a single-producer ring; one consumer thread keeps
 * the running sum per symbol in a {@code long[]} and records latency at once.
 */
final class DisruptorW2 implements W2Engine
{
    private final RingBuffer<Slot> ring;
    private final BatchEventProcessor<Slot> processor;
    private final LatencySink sink;
    private final long total;
    private final int symbols;
    private final long periodNsTimes1000;
    private Thread producer;
    private Thread consumer;
    private volatile boolean stopped;

    /** A ring slot. */
    static final class Slot
    {
        long index;
        int symbol;
        long qty;
        long intendedNs;
    }

    DisruptorW2(final int symbols, final long warmup, final long events, final double rate,
        final dev.rill.engine.WaitStrategy wait)
    {
        this.total = warmup + events;
        this.symbols = symbols;
        this.sink = new LatencySink(warmup, total, rate);
        this.periodNsTimes1000 = Math.round(1e12 / rate);
        ring = RingBuffer.createSingleProducer(Slot::new, 1 << 14, waitStrategy(wait));
        final long[] sums = new long[symbols];
        processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), (slot, seq, endOfBatch) ->
            sink.onTotal(slot.index, sums[slot.symbol] += slot.qty, slot.intendedNs));
        ring.addGatingSequences(processor.getSequence());
    }

    private static WaitStrategy waitStrategy(final dev.rill.engine.WaitStrategy wait)
    {
        return switch (wait)
        {
            case BUSY_SPIN -> new BusySpinWaitStrategy();
            case YIELDING -> new YieldingWaitStrategy();
            case SLEEPING -> new SleepingWaitStrategy();
            default -> new BlockingWaitStrategy();
        };
    }

    @Override
    public String name()
    {
        return "disruptor-baseline";
    }

    @Override
    public void start()
    {
        final long startNs = System.nanoTime() + 20_000_000L;
        consumer = new Thread(processor, "w2-disruptor-consumer");
        producer = new Thread(() ->
        {
            for (long i = 0; i < total && !stopped; i++)
            {
                final long intended = startNs + i * periodNsTimes1000 / 1000;
                while (System.nanoTime() < intended)
                {
                    Thread.onSpinWait();
                }
                final long r = ReferenceGenerator.draw(i);
                final long seq = ring.next();
                try
                {
                    final Slot slot = ring.get(seq);
                    slot.index = i;
                    slot.symbol = (int)Long.remainderUnsigned(r, symbols);
                    slot.qty = 1 + (int)((r >>> 40) & 255);
                    slot.intendedNs = intended;
                }
                finally
                {
                    ring.publish(seq);
                }
            }
        }, "w2-disruptor-release");
        consumer.start();
        producer.start();
    }

    @Override
    public LatencySink sink()
    {
        return sink;
    }

    @Override
    public void close() throws InterruptedException
    {
        stopped = true;
        if (producer != null)
        {
            producer.join();
        }
        processor.halt();
        if (consumer != null)
        {
            consumer.join();
        }
    }
}
