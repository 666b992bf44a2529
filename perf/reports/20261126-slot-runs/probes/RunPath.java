package dev.rill.perf.w1;

import com.lmax.disruptor.*;
import dev.rill.engine.Event;
import dev.rill.engine.EventMapper;
import dev.rill.engine.ReferenceGenerator;
import dev.rill.engine.workloads.W1Result;

public final class RunPath
{
    static final boolean NOCONS = Boolean.getBoolean("nocons");
    static final int RING = 1 << 14, CLAIM = Integer.getInteger("claim", 64);
    static final class End extends RuntimeException { End() { super("end", null, false, false); } }
    static EventMapper M1 = (in, out) -> out.long0(in.long0() * in.long1());

    static W1Result run(final String v, final long events, final int symbols, final int panes) throws Exception
    {
        final RingBuffer<Event> ring = RingBuffer.createSingleProducer(Event::new, RING, new YieldingWaitStrategy());
        final W1Aggregator agg = new W1Aggregator(symbols, panes, 100_000);
        final EventHandler<Event> h = (e, s, eob) -> {
            if (e.sourcePartition() == -1) { agg.finish(); throw new End(); }
            agg.onEvent((int)e.key(), e.long0(), e.eventTimeNs());
        };
        final BatchEventProcessor<Event> p = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), h);
        if (!NOCONS) ring.addGatingSequences(p.getSequence());
        p.setExceptionHandler(new ExceptionHandler<Event>() {
            public void handleEventException(Throwable ex, long seq, Event ev) { p.halt(); }
            public void handleOnStartException(Throwable ex) {}
            public void handleOnShutdownException(Throwable ex) {}
        });
        final Thread c = new Thread(p, "c");
        final ReferenceGenerator gen = new ReferenceGenerator(symbols);
        final EventMapper mapper = M1;
        final Thread pr = new Thread(() -> {
            final Event scratch = new Event();
            long i = 0;
            long[] track = new long[2];
            while (i < events)
            {
                final int n = (int)Math.min(CLAIM, events - i);
                final long hi = ring.next(n);
                final long lo = hi - n + 1;
                if (v.equals("hand"))
                {
                    for (long seq = lo; seq <= hi; seq++, i++)
                    {
                        gen.fill(i, scratch);
                        final Event slot = ring.get(seq).copyFrom(scratch);
                        slot.long0(slot.long0() * slot.long1());
                    }
                }
                else
                {
                    for (long seq = lo; seq <= hi; seq++, i++)
                    {
                        gen.fill(i, ring.get(seq));
                    }
                    if (v.contains("track"))
                    {
                        for (long seq = lo; seq <= hi; seq++)
                        {
                            final Event e = ring.get(seq);
                            if (e.sourcePartition() == track[0]) { if (e.eventTimeNs() > track[1]) track[1] = e.eventTimeNs(); }
                            else { track[0] = e.sourcePartition(); track[1] = e.eventTimeNs(); }
                        }
                    }
                    if (v.startsWith("runmap"))
                    {
                        for (long seq = lo; seq <= hi; seq++)
                        {
                            final Event slot = ring.get(seq);
                            mapper.map(scratch.copyFrom(slot), slot);
                        }
                    }
                    else if (v.startsWith("runupd"))
                    {
                        for (long seq = lo; seq <= hi; seq++)
                        {
                            final Event slot = ring.get(seq);
                            mapper.map(slot, slot);
                        }
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
        return agg.result();
    }

    public static void main(String[] a) throws Exception
    {
        final long n = 20_000_000L;
        for (int round = 0; round < 4; round++)
        {
            final StringBuilder sb = new StringBuilder("round " + round + ":");
            for (String v : a)
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
