package dev.rill.perf.w1;

import com.lmax.disruptor.*;
import dev.rill.engine.ReferenceGenerator;
import dev.rill.engine.workloads.W1Result;

/** Padded slots (232 B apart), hand consumer loop; -Dahead=D touches slot seq+D (within the published range) first. */
public final class AheadProbe
{
    static final int RING = 1 << 14, CLAIM = 64;
    static final int AHEAD = Integer.getInteger("ahead", 0);
    static final boolean SMALL = Boolean.getBoolean("small");

    static final class Slot
    {
        int kind; long symbol, notional, timeNs, end;
        long c0, c1, c2, c3, c4, c5, c6, last;
        long p0, p1, p2, p3, p4, p5, p6, p7, p8, p9, p10, p11, p12, p13, p14;
    }
    static final class SmallSlot { int symbol; long notional, timeNs; boolean end; }

    static long SINK;

    public static void main(String[] a) throws Exception
    {
        for (int r = 0; r < 6; r++)
        {
            long t0 = System.nanoTime();
            W1Result res = SMALL ? runSmall(20_000_000L, 10_000) : run(20_000_000L, 10_000);
            long t = System.nanoTime() - t0;
            System.out.printf("round %d ahead=%d small=%s %.1fM %s%n", r, AHEAD, SMALL, 20e9 / t, res);
        }
    }

    static W1Result run(long events, int symbols) throws Exception
    {
        final RingBuffer<Slot> ring = RingBuffer.createSingleProducer(Slot::new, RING, new YieldingWaitStrategy());
        final SequenceBarrier barrier = ring.newBarrier();
        final Sequence consumed = new Sequence(-1);
        ring.addGatingSequences(consumed);
        final W1Aggregator agg = new W1Aggregator(symbols, 10, 100_000);
        Thread c = new Thread(() -> {
            long next = 0; long touch = 0;
            try {
                while (true) {
                    final long avail = barrier.waitFor(next);
                    for (long s = next; s <= avail; s++) {
                        if (AHEAD > 0) { final long ts = Math.min(s + AHEAD, avail); touch += ring.get(ts).symbol; }
                        final Slot slot = ring.get(s);
                        if (slot.end != 0) { agg.finish(); SINK = touch; return; }
                        agg.onEvent((int)slot.symbol, slot.notional, slot.timeNs);
                    }
                    consumed.set(avail);
                    next = avail + 1;
                }
            } catch (Exception e) { throw new RuntimeException(e); }
        });
        Thread p = new Thread(() -> {
            long i = 0;
            while (i < events) {
                final int n = (int)Math.min(CLAIM, events - i);
                final long hi = ring.next(n); final long lo = hi - n + 1;
                for (long seq = lo; seq <= hi; seq++, i++) {
                    final long r = ReferenceGenerator.draw(i);
                    final Slot slot = ring.get(seq);
                    slot.symbol = ReferenceGenerator.symbol(r, symbols);
                    slot.notional = ReferenceGenerator.price(r) * (long)ReferenceGenerator.qty(r);
                    slot.timeNs = i * 1_000L;
                    slot.end = 0;
                }
                ring.publish(lo, hi);
            }
            final long seq = ring.next(); ring.get(seq).end = 1; ring.publish(seq);
        });
        c.start(); p.start(); p.join(); c.join();
        return agg.result();
    }

    static W1Result runSmall(long events, int symbols) throws Exception
    {
        final RingBuffer<SmallSlot> ring = RingBuffer.createSingleProducer(SmallSlot::new, RING, new YieldingWaitStrategy());
        final SequenceBarrier barrier = ring.newBarrier();
        final Sequence consumed = new Sequence(-1);
        ring.addGatingSequences(consumed);
        final W1Aggregator agg = new W1Aggregator(symbols, 10, 100_000);
        Thread c = new Thread(() -> {
            long next = 0;
            try {
                while (true) {
                    final long avail = barrier.waitFor(next);
                    for (long s = next; s <= avail; s++) {
                        final SmallSlot slot = ring.get(s);
                        if (slot.end) { agg.finish(); return; }
                        agg.onEvent(slot.symbol, slot.notional, slot.timeNs);
                    }
                    consumed.set(avail);
                    next = avail + 1;
                }
            } catch (Exception e) { throw new RuntimeException(e); }
        });
        Thread p = new Thread(() -> {
            long i = 0;
            while (i < events) {
                final int n = (int)Math.min(CLAIM, events - i);
                final long hi = ring.next(n); final long lo = hi - n + 1;
                for (long seq = lo; seq <= hi; seq++, i++) {
                    final long r = ReferenceGenerator.draw(i);
                    final SmallSlot slot = ring.get(seq);
                    slot.symbol = ReferenceGenerator.symbol(r, symbols);
                    slot.notional = ReferenceGenerator.price(r) * (long)ReferenceGenerator.qty(r);
                    slot.timeNs = i * 1_000L;
                    slot.end = false;
                }
                ring.publish(lo, hi);
            }
            final long seq = ring.next(); ring.get(seq).end = true; ring.publish(seq);
        });
        c.start(); p.start(); p.join(); c.join();
        return agg.result();
    }
}
