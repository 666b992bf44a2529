package dev.rill.perf.w1;

import com.lmax.disruptor.*;
import dev.rill.engine.*;
import dev.rill.operators.window.*;

/** The hand-written equivalent of Split: fill a 16384-slot Event ring by hand, then drain it into Rill's window by hand. */
public final class SplitHand
{
    public static void main(String[] a) throws Exception
    {
        final long n = 20_000_000L;
        final int ringSize = 1 << 14;
        for (int round = 0; round < 5; round++)
        {
            final RingBuffer<Event> ring = RingBuffer.createSingleProducer(Event::new, ringSize, new BusySpinWaitStrategy());
            final ReferenceGenerator gen = new ReferenceGenerator(10_000);
            final KeyedSumCountWindow window = new KeyedSumCountWindow(WindowSpec.of(1000, 100, 100), 10_000, KeySumCountFilter.NON_EMPTY);
            final long[] cs = new long[2];
            final KeySumCountConsumer sink = (k, sum, cnt) -> { cs[0] += k * 31 + sum * 17 + cnt; cs[1]++; };
            final Event scratch = new Event();
            long nextPaneNs = 100_000_000L;
            long t0 = 0, t1 = 0;
            long i = 0;
            while (i < n)
            {
                long s = System.nanoTime();
                final long lo = i;
                final long hi = Math.min(n, i + ringSize);
                for (long q = lo; q < hi; q += 64)
                {
                    final long end = Math.min(hi, q + 64);
                    for (long k = q; k < end; k++)
                    {
                        gen.fill(k, scratch);
                        final Event slot = ring.get(k).copyFrom(scratch);
                        slot.long0(slot.long0() * slot.long1());
                    }
                }
                t0 += System.nanoTime() - s;
                s = System.nanoTime();
                for (long k = lo; k < hi; k++)
                {
                    final Event e = ring.get(k);
                    while (e.eventTimeNs() >= nextPaneNs) { window.endBatch(sink); nextPaneNs += 100_000_000L; }
                    window.add(e.key(), e.long0());
                }
                t1 += System.nanoTime() - s;
                i = hi;
            }
            for (int b = 0; b < 12; b++) window.endBatch(sink);
            System.out.printf("round %d: hand producer %.2f ns/event, hand window consumer %.2f ns/event, records %d%n", round, t0 / (double)n, t1 / (double)n, cs[1]);
        }
    }
}
