package dev.rill.perf.w1;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;

import dev.rill.engine.ReferenceGenerator;
import dev.rill.engine.workloads.W1Result;

/**
 * {@link DisruptorW1}, the hand-written baseline, with a ring slot as far apart and as wide as Rill's: the rungs of
 * {@link W1Ladder} that tell the slot's cache lines from the rest of Rill ({@link EventSlotW1} runs them).
 * <ul>
 *   <li>{@link EventSlotW1.Rung#PADDED_SLOTS}: slots of 232 bytes, about the distance between two of Rill's {@code Event}s with
 *   their byte areas, of which producer and consumer touch the baseline's fields only, in one cache line.</li>
 *   <li>{@link EventSlotW1.Rung#PADDED_SLOTS_WRITTEN}: the same slots, but the producer writes 100 bytes of each (as
 *   {@code Event.clear} and the fields W1 sets do) and the consumer reads a field at the far end too (as the window
 *   stage reads {@code Event.kind}), so each event touches the two lines Rill's does.</li>
 * </ul>
 * The consumer is the baseline's {@link W1Aggregator}, so every rung's result equals the baseline's. Allocation
 * happens at set-up only.
 */
public final class WideProbe
{
    static final int RING_SIZE = Integer.getInteger("ring", 1 << 14);
    private static final int CLAIM = 64;

    private WideProbe()
    {
    }

    /**
     * A ring slot of 232 bytes (12-byte header, an int, 27 longs; fields are laid out in this order): the baseline's
     * fields first, then eight a writer clears, then spacing nobody touches.
     */
    @SuppressWarnings("unused")
    static final class Slot
    {
        int kind;
        long symbol;
        long notional;
        long timeNs;
        long end;
        long c0, c1;
    }

    /**
     * @param wide true to write 100 bytes of each slot and read its far end ({@code padded-slots-written}), false to
     *             touch the baseline's fields only ({@code padded-slots}).
     */
    public static void main(String[] a) throws Exception
    {
        for (int r = 0; r < 5; r++)
        {
            long t0 = System.nanoTime();
            W1Result res = run(Boolean.getBoolean("wide"), 20_000_000L, 10_000, 10);
            long t = System.nanoTime() - t0;
            System.out.printf("round %d ring=%d wide=%s %.1fM %s%n", r, RING_SIZE, Boolean.getBoolean("wide"), 20e9 / t, res);
        }
    }

    static W1Result run(final boolean wide, final long events, final int symbols, final int panes)
        throws InterruptedException
    {
        final RingBuffer<Slot> ring = RingBuffer.createSingleProducer(Slot::new, RING_SIZE, new YieldingWaitStrategy());
        final W1Aggregator agg = new W1Aggregator(symbols, panes, 100_000);
        final EventHandler<Slot> handler = (slot, sequence, endOfBatch) ->
        {
            if (slot.end != 0 || (wide && (slot.kind != 0)))
            {
                agg.finish();
                throw new DisruptorW1.EndOfStream();
            }
            agg.onEvent((int)slot.symbol, slot.notional, slot.timeNs);
        };
        final Throwable[] failure = new Throwable[1];
        final BatchEventProcessor<Slot> processor = DisruptorW1.consumer(ring, handler, failure);
        final Thread consumer = new Thread(processor, "w1-wide-slot-consumer");
        final Thread producer = new Thread(() -> produce(ring, events, symbols, wide), "w1-wide-slot-producer");
        consumer.start();
        producer.start();
        producer.join();
        consumer.join();
        if (failure[0] != null)
        {
            throw new IllegalStateException((wide ? "padded-slots-written" : "padded-slots") + " failed", failure[0]);
        }
        return agg.result();
    }

    private static void produce(final RingBuffer<Slot> ring, final long events, final int symbols,
        final boolean wide)
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
                slot.symbol = ReferenceGenerator.symbol(r, symbols);
                slot.notional = ReferenceGenerator.price(r) * (long)ReferenceGenerator.qty(r);
                slot.timeNs = i * 1_000L;
                slot.end = 0;
                if (wide)
                {
                    slot.kind = 0;
                    slot.c0 = 0;
                    slot.c1 = 0;

                }
            }
            ring.publish(lo, hi);
        }
        final long seq = ring.next();
        ring.get(seq).end = 1;
        ring.publish(seq);
    }
}
