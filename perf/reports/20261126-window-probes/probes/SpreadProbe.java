package dev.rill.perf.w1;

import com.lmax.disruptor.*;
import dev.rill.engine.Event;
import dev.rill.engine.EventKind;
import dev.rill.engine.ReferenceGenerator;
import dev.rill.engine.workloads.W1Result;
import org.agrona.UnsafeApi;

/** Threaded: hand producer of Event slots -> consumer = dense window with batch end sync, or spread over the following events. */
public final class SpreadProbe
{
    static final long PANE_NS = 100_000_000L;

    public static void main(String[] a) throws Exception
    {
        final long n = 20_000_000L; final int k = 10_000;
        final int ringSize = Integer.getInteger("ring", 1 << 14);
        for (int round = 0; round < Integer.getInteger("rounds", 5); round++)
        {
            StringBuilder sb = new StringBuilder("round " + round + ":");
            for (String v : System.getProperty("variants", "agg,sync,spread").split(","))
            {
                if (Boolean.getBoolean("arrays"))
                {
                    final Handler h = v.equals("agg") ? new AggH(k) : v.equals("kscw") ? new KscwH(k) : v.equals("ind") ? new IndH(k) : v.startsWith("chain") ? new ChainH(k, v) : new WinH(k, v.equals("spread"));
                    long t0 = System.nanoTime();
                    END_NS = 0;
                    fromArrays(h, (int)n);
                    long t = System.nanoTime() - t0;
                    W1Result r = h.result();
                    sb.append(String.format(" %s %.2fns [ends %.2f] (%d %d)", v, t / (double)n, END_NS / (double)n, r.records(), r.checksum()));
                    continue;
                }
                if (Boolean.getBoolean("stepped"))
                {
                    final Handler h = v.equals("agg") ? new AggH(k) : v.equals("kscw") ? new KscwH(k) : v.equals("ind") ? new IndH(k) : v.startsWith("chain") ? new ChainH(k, v) : new WinH(k, v.equals("spread"));
                    long t0 = System.nanoTime();
                    stepped(h, n, k, ringSize);
                    long t = System.nanoTime() - t0;
                    W1Result r = h.result();
                    sb.append(String.format(" %s %.2fns (%d %d)", v, t / (double)n, r.records(), r.checksum()));
                    continue;
                }
                final RingBuffer<Event> ring = RingBuffer.createSingleProducer(Event::new, ringSize, new YieldingWaitStrategy());
                final Handler h = v.equals("agg") ? new AggH(k) : v.equals("kscw") ? new KscwH(k) : v.equals("ind") ? new IndH(k) : v.startsWith("chain") ? new ChainH(k, v) : new WinH(k, v.equals("spread"));
                final Throwable[] failure = new Throwable[1];
                final BatchEventProcessor<Event> p = DisruptorW1.consumer(ring, h, failure);
                Thread c = new Thread(p); Thread pr = new Thread(() -> produce(ring, n, k));
                long t0 = System.nanoTime();
                c.start(); pr.start(); pr.join(); c.join();
                long t = System.nanoTime() - t0;
                if (failure[0] != null) throw new RuntimeException(failure[0]);
                W1Result r = h.result();
                sb.append(String.format(" %s %.1fM (%d %d)", v, n * 1e3 / t, r.records(), r.checksum()));
            }
            System.out.println(sb);
        }
    }

    static long END_NS; static final int EXTRA = Integer.getInteger("extra", 0); static long SINK; static final boolean BRANCHLESS = Boolean.getBoolean("branchless"); static int[] SYM; static long[] NOT;
    static void fromArrays(Handler h, int n)
    {
        if (SYM == null)
        {
            SYM = new int[n]; NOT = new long[n];
            for (int i = 0; i < n; i++)
            {
                final long r = ReferenceGenerator.draw(i);
                SYM[i] = (int)Long.remainderUnsigned(r, 10_000);
                NOT[i] = (10_000 + (int)((r >>> 20) & 1023)) * (long)(1 + (int)((r >>> 40) & 255));
            }
        }
        final Event e = new Event();
        final int[] sym = SYM; final long[] not = NOT;
        try
        {
            for (int i = 0; i < n; i++) { e.key(sym[i]).long0(not[i]).eventTimeNs(i * 1000L); h.onEvent(e, i, false); }
            e.clear().kind(EventKind.END_OF_STREAM);
            h.onEvent(e, 0, false);
        }
        catch (DisruptorW1.EndOfStream end) { }
        catch (Exception ex) { throw new RuntimeException(ex); }
    }

    static void stepped(Handler h, long events, int symbols, int ringSize)
    {
        final Event[] ring = new Event[ringSize];
        for (int i = 0; i < ringSize; i++) ring[i] = new Event();
        final ReferenceGenerator generator = new ReferenceGenerator(symbols);
        final Event event = new Event();
        long i = 0;
        try
        {
            while (i < events)
            {
                final int n = (int)Math.min(ringSize, events - i);
                for (int j = 0; j < n; j++, i++)
                {
                    generator.fill(i, event);
                    final Event slot = ring[j].copyFrom(event);
                    slot.long0(slot.long0() * slot.long1());
                }
                for (int j = 0; j < n; j++) h.onEvent(ring[j], j, false);
            }
            ring[0].clear().kind(EventKind.END_OF_STREAM);
            h.onEvent(ring[0], 0, false);
        }
        catch (DisruptorW1.EndOfStream end) { }
        catch (Exception ex) { throw new RuntimeException(ex); }
    }

    static void produce(RingBuffer<Event> ring, long events, int symbols)
    {
        final ReferenceGenerator generator = new ReferenceGenerator(symbols);
        final Event event = new Event();
        long i = 0;
        while (i < events)
        {
            final int n = (int)Math.min(64, events - i);
            final long hi = ring.next(n);
            final long lo = hi - n + 1;
            for (long sequence = lo; sequence <= hi; sequence++, i++)
            {
                generator.fill(i, event);
                final Event slot = ring.get(sequence).copyFrom(event);
                slot.long0(slot.long0() * slot.long1());
            }
            ring.publish(lo, hi);
        }
        final long sequence = ring.next();
        ring.get(sequence).clear().kind(EventKind.END_OF_STREAM);
        ring.publish(sequence);
    }

    static final class KscwH implements Handler
    {
        final dev.rill.operators.window.KeyedSumCountWindow window;
        final dev.rill.operators.window.KeySumCountConsumer sink = this::accept;
        long openPane = -1, nextPaneStartNs = Long.MIN_VALUE, windowEndMillis, records, checksum; int emitted;
        KscwH(int k) { window = new dev.rill.operators.window.KeyedSumCountWindow(dev.rill.operators.window.WindowSpec.of(1000, 100, 100), k, dev.rill.operators.window.KeySumCountFilter.NON_EMPTY); }
        public void onEvent(Event e, long s, boolean eob)
        {
            if (e.kind() == EventKind.END_OF_STREAM) { finish(); throw new DisruptorW1.EndOfStream(); }
            final long t = e.eventTimeNs();
            if (t >= nextPaneStartNs) advanceTo(t / PANE_NS);
            window.add(e.key(), e.long0());
        }
        void advanceTo(long p) { if (openPane < 0) openPane = p; while (openPane < p) endBatch(openPane++); nextPaneStartNs = (openPane + 1) * PANE_NS; }
        void finish() { if (openPane < 0) return; do { endBatch(openPane++); } while (emitted > 0); }
        void endBatch(long p) { long t0 = System.nanoTime(); windowEndMillis = (p + 1) * 100; emitted = 0; window.endBatch(sink); END_NS += System.nanoTime() - t0; }
        void accept(long key, long sum, long count) { emitted++; records++; checksum += W1Result.term(windowEndMillis, key, sum, count); }
        public W1Result result() { window.close(); return new W1Result(records, checksum); }
    }

    /** WinH, but the adds go through handler -> outer -> panes objects with non-final fields, a range check and a reduce check (KSCW's shape). */
    static final class ChainH implements Handler
    {
        static final class Panes { long paneAddress; int capacity; long touchedAddress; int touchedCount; java.util.function.LongBinaryOperator reduce;
            void addAll(long[] keys, long[] values, int n)
            {
                final long paneAddress = this.paneAddress, capacity = this.capacity, touchedAddress = this.touchedAddress;
                int touchedCount = this.touchedCount;
                for (int i = 0; i < n; i++)
                {
                    final long key = keys[i];
                    if (key < 0 || key >= capacity) throw new IllegalStateException();
                    final long address = paneAddress + key * 16;
                    final long count = UnsafeApi.getLong(address + 8);
                    final long sum = UnsafeApi.getLong(address);
                    if (count == 0) { UnsafeApi.putInt(touchedAddress + (long)touchedCount * 4, (int)key); touchedCount++; }
                    UnsafeApi.putLong(address, sum + values[i]);
                    UnsafeApi.putLong(address + 8, count + 1);
                }
                this.touchedCount = touchedCount;
            }
            boolean addSum(long key, long value)
            {
                if (key < 0 || key >= capacity) return false;
                final long address = paneAddress + key * 16;
                final long count = UnsafeApi.getLong(address + 8);
                final long sum = UnsafeApi.getLong(address);
                if (count == 0) { UnsafeApi.putInt(touchedAddress + (long)touchedCount * 4, (int)key); touchedCount++; }
                UnsafeApi.putLong(address, sum + value);
                UnsafeApi.putLong(address + 8, count + 1);
                return true;
            }
            boolean addNoRange(long key, long value, java.util.function.LongBinaryOperator reduce)
            {
                final long address = paneAddress + key * 16;
                final long count = UnsafeApi.getLong(address + 8);
                final long sum = UnsafeApi.getLong(address);
                if (count == 0) { UnsafeApi.putInt(touchedAddress + (long)touchedCount * 4, (int)key); touchedCount++; }
                UnsafeApi.putLong(address, null == reduce ? sum + value : count == 0 ? value : reduce.applyAsLong(sum, value));
                UnsafeApi.putLong(address + 8, count + 1);
                return true;
            }
            boolean add(long key, long value, java.util.function.LongBinaryOperator reduce)
            {
                if (key < 0 || key >= capacity) return false;
                final long address = paneAddress + key * 16;
                final long count = UnsafeApi.getLong(address + 8);
                final long sum = UnsafeApi.getLong(address);
                if (count == 0) { UnsafeApi.putInt(touchedAddress + (long)touchedCount * 4, (int)key); touchedCount++; }
                UnsafeApi.putLong(address, null == reduce ? sum + value : count == 0 ? value : reduce.applyAsLong(sum, value));
                UnsafeApi.putLong(address + 8, count + 1);
                return true;
            }
        }
        static final class Outer { WinH inner; Object openPane; Panes dense; java.util.function.LongBinaryOperator reduce;
            int mode;
            void add(long key, long value) {
                if (mode == 1) { if (!dense.addSum(key, value)) throw new IllegalStateException(); return; }
                if (mode == 2) { if (openPane == null) { if (!dense.addNoRange(key, value, reduce)) throw new IllegalStateException(); return; } throw new IllegalStateException(); }
                if (mode == 3) { if (!dense.add(key, value, reduce)) throw new IllegalStateException(); return; }
                if (openPane == null) { if (!dense.add(key, value, reduce)) throw new IllegalStateException(); return; } throw new IllegalStateException(); } }
        final WinH inner; final Outer outer = new Outer(); final boolean flat; boolean bulk; int depth;
        ChainH(int k, String v)
        {
            inner = new WinH(k, false); flat = v.equals("chainflat");
            bulk = v.equals("chainbulk"); depth = v.equals("chain1") ? 1 : v.equals("chain2") ? 2 : 0; outer.inner = inner;
            outer.mode = v.equals("chainsum") ? 1 : v.equals("chainnorange") ? 2 : v.equals("chainnoopen") ? 3 : 0;
            Panes p = new Panes(); p.paneAddress = inner.pane; p.capacity = 16384; p.touchedAddress = inner.touched; outer.dense = p;
        }
        final long[] keys = new long[64], values = new long[64]; int buffered;
        public void onEvent(Event e, long s, boolean eob)
        {
            if (e.kind() == EventKind.END_OF_STREAM) { flush(); sync(); inner.finish(); throw new DisruptorW1.EndOfStream(); }
            final long t = e.eventTimeNs();
            if (t >= inner.nextPaneStartNs) { flush(); sync(); inner.advanceTo(t / PANE_NS); outer.dense.touchedCount = 0; }
            if (bulk) { keys[buffered] = e.key(); values[buffered] = e.long0(); if (++buffered == 64) flush(); return; }
            if (depth == 1) { inner.add(e.key(), e.long0()); return; }
            if (depth == 2) { outer.inner.add(e.key(), e.long0()); return; }
            outer.add(e.key(), e.long0());
        }
        void flush() { if (buffered > 0) { outer.dense.addAll(keys, values, buffered); buffered = 0; } }
        void sync() { if (depth == 0) inner.touchedCount = outer.dense.touchedCount; }
        public W1Result result() { return inner.result(); }
    }

    /** Only one indirection more than WinH: the adds go to inner WinH.add; nothing else in onEvent. */
    static final class IndH implements Handler
    {
        final WinH inner;
        IndH(int k) { inner = new WinH(k, false); }
        public void onEvent(Event e, long s, boolean eob)
        {
            if (e.kind() == EventKind.END_OF_STREAM) { inner.finish(); throw new DisruptorW1.EndOfStream(); }
            final long t = e.eventTimeNs();
            final WinH w = inner;
            if (t >= w.nextPaneStartNs) w.advanceTo(t / PANE_NS);
            w.add(e.key(), e.long0());
        }
        public W1Result result() { return inner.result(); }
    }

    interface Handler extends EventHandler<Event> { W1Result result(); }

    static final class AggH implements Handler
    {
        final W1Aggregator agg;
        AggH(int k) { agg = new W1Aggregator(k, 10, 100_000); }
        public void onEvent(Event e, long s, boolean eob)
        {
            if (e.kind() == EventKind.END_OF_STREAM) { agg.finish(); throw new DisruptorW1.EndOfStream(); }
            agg.onEvent((int)e.key(), e.long0(), e.eventTimeNs());
        }
        public W1Result result() { return agg.result(); }
    }

    /** Dense window as DenseKeyPanes: pane 16 B/key, window 16 B/key, member byte, touched, members; log of 24 B records. */
    static final class WinH implements Handler
    {
        final boolean spread;
        final long pane, window, member, touched, members, log; final int logCap;
        int touchedCount, memberCount; long logHead, logTail; final long[] paneEnds = new long[10]; long panesClosed;
        long openPane = -1, nextPaneStartNs = Long.MIN_VALUE;
        long records, checksum;
        // pending work: emit cursor, then subtract of the next expiring pane
        boolean emitting; int emitNext, emitKept, emitEnd; long emitWindowEnd; long subtractEnd = -1; int emitted;
        int tick;

        WinH(int k, boolean spread)
        {
            this.spread = spread;
            pane = z(16L * k); window = z(16L * k); member = z(k); touched = z(4L * k + 4); members = z(4L * k);
            logCap = 1 << 17; log = z(24L * logCap);
        }
        static long z(long b) { long a = UnsafeApi.allocateMemory(b); UnsafeApi.setMemory(a, b, (byte)0); return a; }

        public void onEvent(Event e, long s, boolean eob)
        {
            if (e.kind() == EventKind.END_OF_STREAM) { finish(); throw new DisruptorW1.EndOfStream(); }
            final long t = e.eventTimeNs();
            if (t >= nextPaneStartNs) advanceTo(t / PANE_NS);
            add(e.key(), e.long0());
            if (spread && (++tick & 63) == 0 && (emitting || subtractEnd >= 0)) work(32);
        }

        void add(long key, long v)
        {
            final long ad = pane + key * 16;
            final long c = UnsafeApi.getLong(ad + 8);
            if (BRANCHLESS)
            {
                UnsafeApi.putInt(touched + 4L * touchedCount, (int)key);
                touchedCount += c == 0 ? 1 : 0;
            }
            else if (c == 0) { UnsafeApi.putInt(touched + 4L * touchedCount, (int)key); touchedCount++; }
            UnsafeApi.putLong(ad, UnsafeApi.getLong(ad) + v);
            UnsafeApi.putLong(ad + 8, c + 1);
        }

        void advanceTo(long p)
        {
            if (openPane < 0) openPane = p;
            while (openPane < p) endBatch(openPane++);
            nextPaneStartNs = (openPane + 1) * PANE_NS;
        }

        void finish() { if (openPane < 0) return; do { endBatch(openPane++); work(Integer.MAX_VALUE); } while (emitted > 0); }

        void endBatch(long p)
        {
            long t0 = System.nanoTime();
            try { endBatch0(p); } finally { END_NS += System.nanoTime() - t0; }
        }
        void endBatch0(long p)
        {
            work(Integer.MAX_VALUE); // complete the last batch end's emit and the subtract
            final int ring = (int)(panesClosed % 10);
            if (!spread && panesClosed >= 10) subtract(paneEnds[ring], Integer.MAX_VALUE);
            merge();
            paneEnds[ring] = logTail;
            panesClosed++;
            emitting = true; emitNext = 0; emitKept = 0; emitEnd = memberCount; emitWindowEnd = (p + 1) * 100; emitted = 0;
            if (!spread) work(Integer.MAX_VALUE);
        }

        /** Does up to max keys of pending work: the emit, then (spread) the subtract of the pane expiring at the next batch end. */
        void work(int max)
        {
            if (emitting)
            {
                final int to = (int)Math.min((long)emitNext + max, emitEnd);
                for (int i = emitNext; i < to; i++)
                {
                    final int key = UnsafeApi.getInt(members + 4L * i);
                    final long w = window + key * 16L;
                    final long sum = UnsafeApi.getLong(w), count = UnsafeApi.getLong(w + 8);
                    if (EXTRA > 0) { long x = key; for (int q = 0; q < EXTRA; q++) x = x * 31 + q; SINK += x; }
                    if (count == 0) UnsafeApi.putByte(member + key, (byte)0);
                    else { UnsafeApi.putInt(members + 4L * emitKept++, key); records++; emitted++; checksum += W1Result.term(emitWindowEnd, key, sum, count); }
                }
                max -= to - emitNext;
                emitNext = to;
                if (emitNext < emitEnd) return;
                emitting = false; memberCount = emitKept;
                if (spread && panesClosed >= 10) subtractEnd = paneEnds[(int)(panesClosed % 10)];
            }
            if (subtractEnd >= 0)
            {
                if (subtract(subtractEnd, max)) subtractEnd = -1;
            }
        }

        boolean subtract(long end, int max)
        {
            long pos = logHead; final long to = Math.min(end, pos + max);
            for (; pos < to; pos++)
            {
                final long r = log + 24L * (pos & (logCap - 1));
                final long key = UnsafeApi.getLong(r);
                if (UnsafeApi.getByte(member + key) != 0)
                {
                    final long w = window + key * 16;
                    UnsafeApi.putLong(w, UnsafeApi.getLong(w) - UnsafeApi.getLong(r + 8));
                    UnsafeApi.putLong(w + 8, UnsafeApi.getLong(w + 8) - UnsafeApi.getLong(r + 16));
                }
            }
            logHead = pos;
            return pos == end;
        }

        void merge()
        {
            for (int i = 0, n = touchedCount; i < n; i++)
            {
                final int key = UnsafeApi.getInt(touched + 4L * i);
                final long pe = pane + key * 16L, w = window + key * 16L;
                final long sum = UnsafeApi.getLong(pe), count = UnsafeApi.getLong(pe + 8);
                if (UnsafeApi.getByte(member + key) == 0)
                {
                    UnsafeApi.putByte(member + key, (byte)1);
                    UnsafeApi.putInt(members + 4L * memberCount++, key);
                    UnsafeApi.putLong(w, sum); UnsafeApi.putLong(w + 8, count);
                }
                else { UnsafeApi.putLong(w, UnsafeApi.getLong(w) + sum); UnsafeApi.putLong(w + 8, UnsafeApi.getLong(w + 8) + count); }
                final long r = log + 24L * (logTail++ & (logCap - 1));
                UnsafeApi.putLong(r, key); UnsafeApi.putLong(r + 8, sum); UnsafeApi.putLong(r + 16, count);
                UnsafeApi.putLong(pe, 0); UnsafeApi.putLong(pe + 8, 0);
            }
            touchedCount = 0;
        }

        public W1Result result() { return new W1Result(records, checksum); }
    }
}
