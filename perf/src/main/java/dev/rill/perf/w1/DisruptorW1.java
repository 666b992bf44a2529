package dev.rill.perf.w1;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;

import dev.rill.engine.ReferenceGenerator;
import dev.rill.engine.workloads.W1Result;

/**
 * The hand-written Disruptor baseline of W1: a generator thread computes each event (symbol, notional, event time)
 * into a single-producer ring, claiming 64 slots per publish; one consumer thread ({@link BatchEventProcessor},
 * yielding wait) runs {@link W1Aggregator}. Wall time is from the first event generated to the last result.
 */
final class DisruptorW1
{
    private static final int RING_SIZE = 1 << 14;
    private static final int CLAIM = 64;

    private DisruptorW1()
    {
    }

    /** A ring slot. */
    static final class Slot
    {
        int symbol;
        long notional;
        long timeNs;
        boolean end;
    }

    static W1Result run(final long events, final int symbols, final int panes) throws InterruptedException
    {
        final RingBuffer<Slot> ring = RingBuffer.createSingleProducer(Slot::new, RING_SIZE, new YieldingWaitStrategy());
        final W1Aggregator agg = new W1Aggregator(symbols, panes, 100_000);
        final EventHandler<Slot> handler = (slot, sequence, endOfBatch) ->
        {
            if (slot.end)
            {
                agg.finish();
                throw new EndOfStream();
            }
            agg.onEvent(slot.symbol, slot.notional, slot.timeNs);
        };
        final Throwable[] failure = new Throwable[1];
        final BatchEventProcessor<Slot> processor = consumer(ring, handler, failure);
        final Thread consumer = new Thread(processor, "w1-disruptor-consumer");
        final Thread producer = new Thread(() -> produce(ring, events, symbols), "w1-disruptor-producer");
        consumer.start();
        producer.start();
        producer.join();
        consumer.join();
        if (failure[0] != null)
        {
            throw new IllegalStateException("disruptor baseline failed", failure[0]);
        }
        return agg.result();
    }

    /**
     * The ring's consumer, gating the ring: it stops at {@link EndOfStream} and puts any other failure into
     * {@code failure[0]}.
     */
    static <T> BatchEventProcessor<T> consumer(final RingBuffer<T> ring, final EventHandler<T> handler,
        final Throwable[] failure)
    {
        final BatchEventProcessor<T> processor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(),
            handler);
        ring.addGatingSequences(processor.getSequence());
        processor.setExceptionHandler(new com.lmax.disruptor.ExceptionHandler<T>()
        {
            @Override
            public void handleEventException(final Throwable ex, final long sequence, final T event)
            {
                if (!(ex instanceof EndOfStream))
                {
                    failure[0] = ex;
                }
                processor.halt();
            }

            @Override
            public void handleOnStartException(final Throwable ex)
            {
                failure[0] = ex;
            }

            @Override
            public void handleOnShutdownException(final Throwable ex)
            {
                failure[0] = ex;
            }
        });
        return processor;
    }

    private static void produce(final RingBuffer<Slot> ring, final long events, final int symbols)
    {
        long i = 0;
        while (i < events)
        {
            final int n = (int)Math.min(CLAIM, events - i);
            final long hi = ring.next(n);
            final long lo = hi - n + 1;
            for (long seq = lo; seq <= hi; seq++, i++)
            {
                final long r = ReferenceGenerator.draw(i);
                final Slot slot = ring.get(seq);
                slot.symbol = (int)Long.remainderUnsigned(r, symbols);
                slot.notional = (10_000 + (int)((r >>> 20) & 1023)) * (long)(1 + (int)((r >>> 40) & 255));
                slot.timeNs = i * 1_000L;
                slot.end = false;
            }
            ring.publish(lo, hi);
        }
        final long seq = ring.next();
        ring.get(seq).end = true;
        ring.publish(seq);
    }

    /** Ends the consumer's loop at the end marker; preallocated-free path taken once per run. */
    static final class EndOfStream extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        EndOfStream()
        {
            super("end of stream", null, false, false);
        }
    }
}
