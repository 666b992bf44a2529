package dev.rill.perf.hop;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.RingBuffer;

import dev.rill.engine.WaitStrategy;

/**
 * One hop through a raw Disruptor ring: a producer thread spins until each event's intended time, stamps
 * {@code System.nanoTime()}, claims, writes (index, stamp, intended) and publishes, one event per publish, into a
 * single-producer ring of 16384 slots; a {@link BatchEventProcessor} thread records {@code nanoTime - stamp}.
 */
final class RawOneHop implements HopEngine
{
    private final RingBuffer<Slot> ring;
    private final BatchEventProcessor<Slot> processor;
    private final HopRecorder recorder;
    private final long total;
    private final long periodNs;
    private Thread producer;
    private Thread consumer;
    private volatile boolean stopped;

    /** A ring slot. */
    static final class Slot
    {
        long index;
        long stampNs;
        long intendedNs;
    }

    RawOneHop(final long warmup, final long events, final long periodNs, final WaitStrategy wait)
    {
        this.total = warmup + events;
        this.periodNs = periodNs;
        this.recorder = new HopRecorder(warmup, total);
        ring = RingBuffer.createSingleProducer(Slot::new, 1 << 14, HopEngine.disruptorWait(wait));
        processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), (slot, seq, endOfBatch) ->
            recorder.record(slot.index, slot.stampNs, slot.intendedNs));
        ring.addGatingSequences(processor.getSequence());
    }

    @Override
    public String name()
    {
        return "raw-one-hop";
    }

    @Override
    public void start()
    {
        final long startNs = System.nanoTime() + 20_000_000L;
        consumer = new Thread(processor, "hop-raw-consumer");
        producer = new Thread(() ->
        {
            for (long i = 0; i < total && !stopped; i++)
            {
                final long intended = startNs + i * periodNs;
                HopEngine.spinUntil(intended);
                final long stamp = System.nanoTime();
                final long seq = ring.next();
                try
                {
                    final Slot slot = ring.get(seq);
                    slot.index = i;
                    slot.stampNs = stamp;
                    slot.intendedNs = intended;
                }
                finally
                {
                    ring.publish(seq);
                }
            }
        }, "hop-raw-producer");
        consumer.setDaemon(true);
        producer.setDaemon(true);
        consumer.start();
        producer.start();
    }

    @Override
    public HopRecorder recorder()
    {
        return recorder;
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
