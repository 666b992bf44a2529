package dev.rill.perf.w1;

import com.lmax.disruptor.*;
import dev.rill.engine.ReferenceGenerator;
import dev.rill.engine.workloads.W1Result;
import dev.rill.operators.window.*;

/**
 * What a packed ring hop would give W1 on this VM: the generator thread writes PACK events' (key, notional, time) into
 * one ring slot's long[] (3 x PACK longs, allocated right after the slot), the consumer thread feeds Rill's
 * KeyedSumCountWindow (batch end per 100 ms of event time, as EventSlotW1's window rung). -Dpack=1 is one event a slot.
 * -Dwindow=false: the baseline's W1Aggregator as the consumer instead.
 */
public final class PackedProbe
{
    static final int PACK = Integer.getInteger("pack", 8);
    static final int RING = Integer.getInteger("ring", (1 << 14) / PACK);
    static final boolean WINDOW = !"false".equals(System.getProperty("window"));
    static final long PANE_NS = 100_000_000L;

    static final class Slot { final long[] v = new long[3 * PACK]; int n; boolean end; }

    public static void main(String[] a) throws Exception
    {
        for (int r = 0; r < 6; r++)
        {
            long t0 = System.nanoTime();
            W1Result res = run(20_000_000L, 10_000);
            long t = System.nanoTime() - t0;
            System.out.printf("round %d pack=%d window=%s %.1fM %s%n", r, PACK, WINDOW, 20e9 / t, res);
        }
    }

    static final class Win
    {
        final KeyedSumCountWindow window = new KeyedSumCountWindow(WindowSpec.of(1000, 100, 100), 10_000, KeySumCountFilter.NON_EMPTY);
        final KeySumCountConsumer sink = this::accept;
        long openPane = -1, nextPaneStartNs = Long.MIN_VALUE, windowEndMillis, records, checksum; int emitted;
        void onEvent(long key, long value, long timeNs)
        {
            if (timeNs >= nextPaneStartNs) advanceTo(timeNs / PANE_NS);
            window.add(key, value);
        }
        void advanceTo(long p) { if (openPane < 0) openPane = p; while (openPane < p) endBatch(openPane++); nextPaneStartNs = (openPane + 1) * PANE_NS; }
        void finish() { if (openPane < 0) return; do { endBatch(openPane++); } while (emitted > 0); }
        void endBatch(long p) { windowEndMillis = (p + 1) * 100; emitted = 0; window.endBatch(sink); }
        void accept(long key, long sum, long count) { emitted++; records++; checksum += W1Result.term(windowEndMillis, key, sum, count); }
        W1Result result() { window.close(); return new W1Result(records, checksum); }
    }

    static W1Result run(long events, int symbols) throws Exception
    {
        final RingBuffer<Slot> ring = RingBuffer.createSingleProducer(Slot::new, RING, new YieldingWaitStrategy());
        final SequenceBarrier barrier = ring.newBarrier();
        final Sequence consumed = new Sequence(-1);
        ring.addGatingSequences(consumed);
        final Win win = new Win();
        final W1Aggregator agg = new W1Aggregator(symbols, 10, 100_000);
        final W1Result[] out = new W1Result[1];
        Thread c = new Thread(() -> {
            long next = 0;
            try {
                while (true) {
                    final long avail = barrier.waitFor(next);
                    for (long s = next; s <= avail; s++) {
                        final Slot slot = ring.get(s);
                        if (slot.end) {
                            if (WINDOW) { win.finish(); out[0] = win.result(); } else { agg.finish(); out[0] = agg.result(); }
                            return;
                        }
                        final long[] v = slot.v; final int n = slot.n;
                        if (WINDOW) for (int j = 0; j < n; j++) win.onEvent(v[3 * j], v[3 * j + 1], v[3 * j + 2]);
                        else for (int j = 0; j < n; j++) agg.onEvent((int)v[3 * j], v[3 * j + 1], v[3 * j + 2]);
                    }
                    consumed.set(avail);
                    next = avail + 1;
                }
            } catch (Exception e) { throw new RuntimeException(e); }
        });
        Thread p = new Thread(() -> {
            long i = 0;
            final int claim = Math.max(1, 64 / PACK);
            while (i < events) {
                final long hi = ring.next(claim); final long lo = hi - claim + 1;
                for (long seq = lo; seq <= hi; seq++) {
                    final Slot slot = ring.get(seq);
                    final long[] v = slot.v;
                    int j = 0;
                    for (; j < PACK && i < events; j++, i++) {
                        final long r = ReferenceGenerator.draw(i);
                        v[3 * j] = ReferenceGenerator.symbol(r, symbols);
                        v[3 * j + 1] = ReferenceGenerator.price(r) * (long)ReferenceGenerator.qty(r);
                        v[3 * j + 2] = i * 1_000L;
                    }
                    slot.n = j;
                    slot.end = false;
                }
                ring.publish(lo, hi);
            }
            final long seq = ring.next(); ring.get(seq).end = true; ring.publish(seq);
        });
        c.start(); p.start(); p.join(); c.join();
        return out[0];
    }
}
