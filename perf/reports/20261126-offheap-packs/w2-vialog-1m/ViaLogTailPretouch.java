import java.nio.ByteOrder;
import java.nio.file.*;
import java.util.*;
import org.agrona.concurrent.UnsafeBuffer;
import org.HdrHistogram.Histogram;
import dev.rill.engine.*;
import dev.rill.log.*;
import dev.rill.operators.state.LongKeyedState;
import net.openhft.chronicle.queue.*;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;

/** args: mode(pipeline|consumer|raw|disruptor) rate events warmup; -Druns=N runs in one JVM, a new topic each (default 1) */
public class ViaLogTail {
  static long[] aStart, aEnd, seen;
  static Pipeline pipe;
  public static void main(String[] a) throws Exception {
    int runs = Integer.getInteger("runs", 1);
    for (int k = 1; k <= runs; k++) { System.out.println("=== run " + k); once(a); }
    System.exit(0);
  }
  static void once(String[] a) throws Exception {
    String mode = a[0]; double rate = Double.parseDouble(a[1]); int events = Integer.parseInt(a[2]); int warmup = Integer.parseInt(a[3]);
    int total = events + warmup;
    aStart = new long[total]; aEnd = new long[total]; seen = new long[total];
    long periodX1000 = Math.round(1e12 / rate);
    Path dir = Files.createTempDirectory("tailprobe");
    final long startNs;
    Thread reader; Runnable closer;
    RillLog log = null; ChronicleQueue q = null;
    final int symbols = 1000;
    com.lmax.disruptor.RingBuffer<long[]> ring = null;
    if (mode.equals("disruptor")) {
      com.lmax.disruptor.dsl.Disruptor<long[]> d = new com.lmax.disruptor.dsl.Disruptor<>(() -> new long[3], 1 << 14, r -> new Thread(r, "reader"), com.lmax.disruptor.dsl.ProducerType.SINGLE, new com.lmax.disruptor.YieldingWaitStrategy());
      d.handleEventsWith((com.lmax.disruptor.EventHandler<long[]>)(ev, seq, end) -> { seen[(int)ev[0]] = System.nanoTime(); });
      ring = d.start();
      reader = null;
    } else if (mode.equals("raw")) {
      q = SingleChronicleQueueBuilder.binary(dir.toFile()).build();
      final ChronicleQueue qq = q;
      reader = new Thread(() -> {
        ExcerptTailer t = qq.createTailer();
        org.agrona.concurrent.BackoffIdleStrategy idle = new org.agrona.concurrent.BackoffIdleStrategy(100, Long.MAX_VALUE, 1, 1);
        int n = 0;
        while (n < total) {
          try (DocumentContext dc = t.readingDocument()) {
            if (!dc.isPresent()) { idle.idle(0); continue; }
            idle.reset();
            long i = dc.wire().bytes().readLong();
            seen[(int)i] = System.nanoTime();
            n++;
          }
        }
      }, "reader");
    } else {
      log = RillLog.open(dir);
      log.createTopic("w2", TopicConfig.builder(1).build());
      final RillLog lg = log;
      if (mode.equals("consumer")) {
        reader = new Thread(() -> {
          Consumer c = lg.topic("w2").consumer(ConsumerOptions.fromEarliest());
          final int[] n = {0};
          RecordHandler h = rec -> { seen[(int)rec.offset()] = System.nanoTime(); n[0]++; };
          org.agrona.concurrent.BackoffIdleStrategy idle = new org.agrona.concurrent.BackoffIdleStrategy(100, Long.MAX_VALUE, 1, 1);
          while (n[0] < total) { idle.idle(c.poll(h, 256)); }
        }, "reader");
      } else {
        LongKeyedState st = new LongKeyedState(1, symbols);
        RecordDecoder dec = (record, event) -> {
          final int at = record.valueOffset();
          event.key(record.buffer().getLong(record.keyOffset(), ByteOrder.LITTLE_ENDIAN));
          event.long1(record.buffer().getLong(at, ByteOrder.LITTLE_ENDIAN));
          event.long2(record.buffer().getLong(at + Long.BYTES, ByteOrder.LITTLE_ENDIAN));
        };
        Pipeline p = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.DEDICATED).waitStrategy(WaitStrategy.valueOf(System.getProperty("wait","YIELDING"))).build());
        final int[] n = {0};
        p.topicStream(log, LogSourceOptions.topic("w2").follow(true).decoder(dec))
          .map("runningSum", (in, out) -> { final int slot = st.getOrInsert(in.key()); out.long0(st.addLong(slot, 0, in.long1())); })
          .foreach("latency", e -> { seen[(int)e.sourceOffset()] = System.nanoTime(); n[0]++; });
        p.start();
        pipe = p;
        reader = null;
        closer = null;
      }
    }
    if (reader != null) reader.start();
    Thread.sleep(200);
    startNs = System.nanoTime() + 20_000_000L; System.out.println("startNs at uptime ms " + (java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() + 20));
    final UnsafeBuffer key = new UnsafeBuffer(new byte[8]);
    final UnsafeBuffer value = new UnsafeBuffer(new byte[16]);
    final ChronicleQueue qq = q; final RillLog lg = log; final com.lmax.disruptor.RingBuffer<long[]> rb = ring;
    final int aheadKb = Integer.getInteger("pretouch", 0);
    final java.util.concurrent.atomic.AtomicBoolean ptStop = new java.util.concurrent.atomic.AtomicBoolean();
    final long[] ptTouched = {0};
    Thread pt = null;
    if (aheadKb > 0) {
      final Path ptDir = dir;
      pt = new Thread(() -> {
        final java.lang.invoke.VarHandle INT = java.lang.invoke.MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
        Path file = null; java.nio.MappedByteBuffer m = null; long mapped = 0; long touchedTo = 0;
        while (!ptStop.get()) {
          try {
            Path newest;
            try (java.util.stream.Stream<Path> st = Files.walk(ptDir)) {
              newest = st.filter(x -> x.toString().endsWith(".cq4")).max(java.util.Comparator.comparing(Path::toString)).orElse(null);
            }
            if (newest == null) { java.util.concurrent.locks.LockSupport.parkNanos(200_000); continue; }
            if (!newest.equals(file)) { file = newest; m = null; mapped = 0; touchedTo = 0; }
            long size = Files.size(file);
            if (m == null || size > mapped) {
              try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                mapped = Math.min(size, Integer.MAX_VALUE & ~4095L);
                m = ch.map(java.nio.channels.FileChannel.MapMode.READ_WRITE, 0, mapped);
              }
            }
            int pages = (int)(mapped >>> 12);
            int lo = 0, hi = pages - 1;
            while (lo < hi) { int mid = (lo + hi + 1) >>> 1; if (m.getLong(mid << 12) != 0 || m.getLong((mid << 12) + 8) != 0) lo = mid; else hi = mid - 1; }
            long from = Math.max(touchedTo, ((long)lo + 1) << 12);
            long to = Math.min(mapped, (((long)lo + 1) << 12) + aheadKb * 1024L);
            for (long at = from; at < to; at += 4096) { INT.compareAndSet(m, (int)at, 0, 0); ptTouched[0]++; }
            if (to > touchedTo) touchedTo = to;
          } catch (Exception e) { }
          java.util.concurrent.locks.LockSupport.parkNanos(200_000);
        }
      }, "pretouch");
      pt.setDaemon(true);
      pt.start();
    }
    Thread prod = new Thread(() -> {
      Producer pr = (lg == null || rb != null) ? null : lg.topic("w2").producer();
      ExcerptAppender ap = qq == null ? null : qq.createAppender();
      for (int i = 0; i < total; i++) {
        final long intended = startNs + i * periodX1000 / 1000;
        while (System.nanoTime() < intended) Thread.onSpinWait();
        aStart[i] = System.nanoTime();
        final long r = ReferenceGenerator.draw(i);
        if (rb != null) {
          long seq = rb.next(); long[] ev = rb.get(seq); ev[0] = i; ev[1] = r; ev[2] = intended; rb.publish(seq);
        } else if (pr != null) {
          key.putLong(0, Long.remainderUnsigned(r, symbols), ByteOrder.LITTLE_ENDIAN);
          value.putLong(0, 1 + (int)((r >>> 40) & 255), ByteOrder.LITTLE_ENDIAN);
          value.putLong(8, intended, ByteOrder.LITTLE_ENDIAN);
          pr.append(0, i * 1000L, key, 0, 8, value, 0, 16);
        } else {
          try (DocumentContext dc = ap.writingDocument()) { dc.wire().bytes().writeLong(i).writeLong(r).writeLong(intended); }
        }
        aEnd[i] = System.nanoTime();
      }
    }, "release");
    prod.start();
    prod.join();
    ptStop.set(true);
    if (pt != null) { pt.join(); System.out.println("pretouched pages: " + ptTouched[0]); }
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (seen[total - 1] == 0 && System.nanoTime() < deadline) Thread.sleep(10);
    Thread.sleep(50);
    Histogram lat = new Histogram(10_000_000_000L, 3), late = new Histogram(10_000_000_000L, 3), app = new Histogram(10_000_000_000L, 3), rd = new Histogram(10_000_000_000L, 3);
    long p99cut;
    for (int i = warmup; i < total; i++) {
      long intended = startNs + (long)i * periodX1000 / 1000;
      lat.recordValue(Math.max(1, seen[i] - intended));
      late.recordValue(Math.max(1, aStart[i] - intended));
      app.recordValue(Math.max(1, aEnd[i] - aStart[i]));
      rd.recordValue(Math.max(1, seen[i] - aEnd[i]));
    }
    System.out.printf("%s rate=%.0f%n", mode, rate);
    for (Object[] h : new Object[][]{{"e2e", lat}, {"late", late}, {"append", app}, {"read", rd}}) {
      Histogram hh = (Histogram)h[1];
      System.out.printf("%-7s p50=%7.1f p90=%7.1f p99=%8.1f p99.9=%8.1f max=%9.1f us%n", h[0], hh.getValueAtPercentile(50)/1e3, hh.getValueAtPercentile(90)/1e3, hh.getValueAtPercentile(99)/1e3, hh.getValueAtPercentile(99.9)/1e3, hh.getMaxValue()/1e3);
    }
    p99cut = lat.getValueAtPercentile(99);
    // attribution of tail events
    long cLate=0,cApp=0,cRead=0, nTail=0;
    TreeMap<Long,Integer> buckets = new TreeMap<>();
    for (int i = warmup; i < total; i++) {
      long intended = startNs + (long)i * periodX1000 / 1000;
      long e2e = seen[i]-intended;
      if (e2e < p99cut) continue;
      nTail++;
      long l = aStart[i]-intended, ap2 = aEnd[i]-aStart[i], r2 = seen[i]-aEnd[i];
      if (l >= ap2 && l >= r2) cLate++; else if (ap2 >= r2) cApp++; else cRead++;
      buckets.merge((intended - startNs)/100_000_000L, 1, Integer::sum);
    }
    System.out.printf("tail>=p99 (%d us): n=%d dominated by late=%d append=%d read=%d%n", p99cut/1000, nTail, cLate, cApp, cRead);
    System.out.println("tail events per 100ms bucket: " + buckets);
    // episodes: contiguous runs of read-delay > 50us
    int episodes=0; long worst=0; int i0=-1;
    List<String> ep = new ArrayList<>();
    for (int i = warmup; i < total; i++) {
      boolean bad = seen[i]-aEnd[i] > 50_000;
      if (bad && i0 < 0) i0 = i;
      if (!bad && i0 >= 0) { episodes++; if (ep.size() < 40) ep.add(String.format("@%.1fms len=%d maxread=%.0fus", (aEnd[i0]-startNs)/1e6, i-i0, maxRead(i0,i)/1e3)); i0=-1; }
    }
 { long c50=0,c500=0,sum=0; StringBuilder big=new StringBuilder();
      for (int i = 0; i < total; i++) { long d=aEnd[i]-aStart[i]; if (d>50_000){c50++; sum+=d;} if (d>500_000){c500++; if (big.length()<600) big.append(String.format(" @%.0fms:%.0fus", (aStart[i]-startNs)/1e6, d/1e3));} }
      System.out.printf("appends>50us=%d >500us=%d total-over-50us=%.1fms big:%s%n", c50, c500, sum/1e6, big); }
    System.out.println("read>50us episodes=" + episodes + " first: " + ep);
    String dump = System.getProperty("dump");
    if (dump != null) {
      int from = Integer.parseInt(dump.split(",")[0]), to = Integer.parseInt(dump.split(",")[1]);
      for (int b = from; b < to; b += 50) {
        long ml=0, ma=0, mr=0; int worstAppendAt=-1;
        for (int i = b; i < Math.min(to, b + 50); i++) { long intended = startNs + (long)i * periodX1000 / 1000; ml=Math.max(ml,aStart[i]-intended); if (aEnd[i]-aStart[i] > ma) { ma = aEnd[i]-aStart[i]; worstAppendAt = i; } mr=Math.max(mr, seen[i]-aEnd[i]); }
        if (ml > 20_000 || ma > 20_000 || mr > 20_000) System.out.printf("ev %d..: late %.0f append %.0f (at %d) read %.0f us%n", b, ml/1e3, ma/1e3, worstAppendAt, mr/1e3);
      }
    }
    if (pipe != null) { pipe.stop(false); pipe.close(); pipe = null; }
    if (log != null) log.close();
  }
  static long maxRead(int a, int b) { long m=0; for (int i=a;i<b;i++) m=Math.max(m, seen[i]-aEnd[i]); return m; }
}
