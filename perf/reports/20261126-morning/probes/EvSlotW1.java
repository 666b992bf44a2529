package dev.rill.perf.w1;

import com.lmax.disruptor.*;
import dev.rill.engine.Event;
import dev.rill.engine.ReferenceGenerator;
import dev.rill.engine.workloads.W1Result;

public final class EvSlotW1
{
    static final boolean NOCONS = Boolean.getBoolean("nocons");
    static Event SCRATCH = new Event();
    static final int RING = 1 << 14, CLAIM = Integer.getInteger("claim", 64);
    static final class End extends RuntimeException { End() { super("end", null, false, false); } }

    static W1Result run(final String v, final long events, final int symbols, final int panes) throws Exception
    {
        final RingBuffer<Event> ring = RingBuffer.createSingleProducer(Event::new, RING, new YieldingWaitStrategy());
        final W1Aggregator agg = new W1Aggregator(symbols, panes, 100_000);
        final boolean[] endSeen = new boolean[1];
        final boolean win = v.startsWith("win");
        final dev.rill.operators.window.KeyedSumCountWindow w = new dev.rill.operators.window.KeyedSumCountWindow(
            dev.rill.operators.window.WindowSpec.of(1000, 100, 100), symbols, dev.rill.operators.window.KeySumCountFilter.NON_EMPTY);
        final long[] cs = new long[3]; // checksum, records, next batch end ns
        cs[2] = 100_000_000L;
        final dev.rill.operators.window.KeySumCountConsumer out = (k, sum, cnt) -> { cs[0] += k * 31 + sum * 17 + cnt; cs[1]++; };
        final EventHandler<Event> h = win ? (e, s, eob) -> {
            if (e.sourcePartition() == -1) { for (int i = 0; i < 12; i++) w.endBatch(out); throw new End(); }
            while (e.eventTimeNs() >= cs[2]) { w.endBatch(out); cs[2] += 100_000_000L; }
            w.add(e.key(), e.long0());
        } : (e, s, eob) -> {
            if (e.sourcePartition() == -1 || e.kind() == dev.rill.engine.EventKind.END_OF_STREAM) { agg.finish(); throw new End(); }
            agg.onEvent((int)e.key(), e.long0(), e.eventTimeNs());
        };
        final BatchEventProcessor<Event> p = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), h);
        if (!Boolean.getBoolean("poller") && !NOCONS) ring.addGatingSequences(p.getSequence());
        p.setExceptionHandler(new ExceptionHandler<Event>() {
            public void handleEventException(Throwable ex, long seq, Event ev) { p.halt(); }
            public void handleOnStartException(Throwable ex) {}
            public void handleOnShutdownException(Throwable ex) {}
        });
        final Thread c = Boolean.getBoolean("poller") ? pollerThread(ring, h) : new Thread(p, "c");
        final ReferenceGenerator gen = new ReferenceGenerator(symbols);
        final Thread pr = v.startsWith("parts") ? partsThread(v, ring, events, symbols) : new Thread(() -> {
            final Event scratch = v.startsWith("f") ? SCRATCH : new Event();
            long i = 0;
            while (i < events)
            {
                final int n = (int)Math.min(CLAIM, events - i);
                final long hi = ring.next(n);
                final long lo = hi - n + 1;
                for (long seq = lo; seq <= hi; seq++, i++)
                {
                    final Event slot = ring.get(seq);
                    if (v.endsWith("copy"))
                    {
                        gen.fill(i, scratch);
                        slot.copyFrom(scratch);
                        slot.long0(slot.long0() * slot.long1());
                    }
                    else if (v.equals("fill"))
                    {
                        gen.fill(i, slot);
                        slot.long0(slot.long0() * slot.long1());
                    }
                    else
                    {
                        final long r = ReferenceGenerator.draw(i);
                        slot.key(ReferenceGenerator.symbol(r, symbols)).long0(ReferenceGenerator.price(r) * (long)ReferenceGenerator.qty(r))
                            .eventTimeNs(ReferenceGenerator.eventTimeNs(i));
                    }
                }
                ring.publish(lo, hi);
            }
            final long seq = ring.next();
            ring.get(seq).source("x", -1, 0);
            ring.publish(seq);
        });
        if (NOCONS) { final long t0 = System.nanoTime(); pr.start(); pr.join(); System.out.printf("  %s producer alone %.2f ns/event%n", v, (System.nanoTime() - t0) / (double)events); return new W1Result(0, 0); }
        c.start(); pr.start(); pr.join(); c.join();
        return win ? new W1Result(cs[1], cs[0]) : agg.result();
    }

    static Thread pollerThread(final RingBuffer<Event> ring, final EventHandler<Event> h)
    {
        final EventPoller<Event> poller = ring.newPoller();
        if (!NOCONS) ring.addGatingSequences(poller.getSequence());
        final int batch = Integer.getInteger("batch", 256);
        return new Thread(() -> {
            final org.agrona.concurrent.IdleStrategy idle = new org.agrona.concurrent.BackoffIdleStrategy(100, Long.MAX_VALUE, 1, 1);
            final int[] budget = new int[1];
            final EventPoller.Handler<Event> ph = (e, seq, eob) -> { h.onEvent(e, seq, eob); return --budget[0] > 0; };
            try {
                while (true) {
                    budget[0] = batch;
                    poller.poll(ph);
                    idle.idle(batch - budget[0]);
                }
            } catch (End end) {
            } catch (Exception ex) { throw new RuntimeException(ex); }
        }, "pc");
    }

    static Thread partsThread(final String v, final RingBuffer<Event> ring, final long events, final int symbols)
    {
        return new Thread(() -> {
            final dev.rill.engine.internal.PipelineRuntime rt = new dev.rill.engine.internal.PipelineRuntime(1);
            final dev.rill.engine.internal.RingWriter writer = new dev.rill.engine.internal.RingWriter(ring, "r", rt, 1024, "x", 0, true);
            final dev.rill.engine.internal.StageMeter meter = new dev.rill.engine.internal.StageMeter();
            final dev.rill.engine.internal.OutputMeter om = new dev.rill.engine.internal.OutputMeter(writer, meter);
            final dev.rill.engine.internal.MapNode map = new dev.rill.engine.internal.MapNode("notional", (in, out) -> out.long0(in.long0() * in.long1()), v.contains("nometer") ? writer : om);
            final dev.rill.engine.internal.GeneratorSource src = new dev.rill.engine.internal.GeneratorSource("g", symbols, events);
            src.open();
            final long[] in = new long[1];
            final boolean nomap = v.contains("nomap");
            final dev.rill.engine.internal.EventSink into = new dev.rill.engine.internal.EventSink() {
                public void onEvent(Event e) {
                    in[0]++; writer.beginInput();
                    if (nomap) { final Event slot = writer.claimSlot(e).copyFrom(e); slot.long0(slot.long0() * slot.long1()); writer.commitSlot(); if (v.contains("meter")) meter.eventOut(); }
                    else map.onEvent(e); }
                public void onWatermark(long w) {}
                public void onBatchEnd(long b) {}
                public void onEndOfStream() {}
            };
            final int batch = Integer.getInteger("batch", 256);
            if (v.contains("wloop")) {
                // fcopy's loop, slots from the RingWriter
                final ReferenceGenerator gen = new ReferenceGenerator(symbols);
                final Event sc = SCRATCH;
                long i = 0;
                while (i < events) {
                    final int max = (int)Math.min(Math.min(batch, writer.inputsAvailable(1)), events - i);
                    for (int k = 0; k < max; k++, i++) {
                        gen.fill(i, sc);
                        if (v.contains("begin")) writer.beginInput();
                        final Event slot = writer.claimSlot(sc).copyFrom(sc);
                        slot.long0(slot.long0() * slot.long1());
                        writer.commitSlot();
                    }
                    writer.flush();
                }
                while (!writer.canEnd()) Thread.onSpinWait();
                writer.onEndOfStream();
                return;
            }
            if (v.contains("gloop")) {
                // GeneratorSource.poll, slots straight from the ring in runs of 64
                final long[] seq = {0, -1};
                final dev.rill.engine.internal.EventSink direct = new dev.rill.engine.internal.EventSink() {
                    public void onEvent(Event e) {
                        if (seq[0] > seq[1]) { seq[1] = ring.next(64); }
                        final Event slot = ring.get(seq[0]++);
                        slot.copyFrom(e);
                        slot.long0(slot.long0() * slot.long1());
                    }
                    public void onWatermark(long w) {}
                    public void onBatchEnd(long b) {}
                    public void onEndOfStream() {}
                };
                while (!src.isExhausted()) {
                    src.poll(direct, 256);
                    ring.publish(seq[0] - 1);
                }
                final long end = seq[1] >= seq[0] ? seq[1] : ring.next(1);
                for (long q = seq[0]; q <= end; q++) ring.get(q).clear().kind(dev.rill.engine.EventKind.END_OF_STREAM);
                ring.publish(end);
                return;
            }
            if (v.contains("gen")) {
                final ReferenceGenerator gen = new ReferenceGenerator(symbols);
                long i = 0;
                while (i < events) {
                    final int max = (int)Math.min(Math.min(batch, writer.inputsAvailable(1)), events - i);
                    for (int k = 0; k < max; k++, i++) { gen.fill(i, SCRATCH); into.onEvent(SCRATCH); }
                    writer.flush();
                }
            }
            while (!src.isExhausted())
            {
                final int max = Math.min(batch, writer.inputsAvailable(1));
                if (max > 0) src.poll(into, max);
                writer.flush();
            }
            while (!writer.canEnd()) Thread.onSpinWait();
            writer.onEndOfStream();
        }, "parts");
    }

    public static W1Result base(long n) throws Exception { return DisruptorW1.run(n, 10_000, 10); }
    public static W1Result runV(String v, long n) throws Exception { return run(v, n, 10_000, 10); }

    public static void main(String[] a) throws Exception
    {
        final long n = 20_000_000L;
        final String[] vs = a.length > 0 ? a : new String[] {"base", "direct", "fill", "copy"};
        for (int round = 0; round < 4; round++)
        {
            final StringBuilder sb = new StringBuilder("round " + round + ":");
            for (String v : vs)
            {
                final long t0 = System.nanoTime();
                final W1Result r = v.equals("base") ? DisruptorW1.run(n, 10_000, 10) : run(v, n, 10_000, 10);
                final long t = System.nanoTime() - t0;
                sb.append(String.format(" %s=%.1fM(%d)", v, n * 1e3 / t, r.checksum() % 1000));
            }
            System.out.println(sb);
        }
    }
}
