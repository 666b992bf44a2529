import java.nio.ByteOrder;
import java.nio.file.*;
import org.agrona.concurrent.UnsafeBuffer;
import org.HdrHistogram.Histogram;
import dev.rill.log.*;

/** Appends N records at rate R from one thread (a batch of one each, W2 release loop), timing each commit and printing those over 100 us; with touch, calls touchAhead once per idle gap. Args: touch N R runs [blockSizeBytes]. */
public class TouchProbe {
    public static void main(String[] a) throws Exception {
        final boolean touch = Boolean.parseBoolean(a[0]);
        final long n = Long.parseLong(a[1]);
        final double rate = Double.parseDouble(a[2]);
        final int runs = Integer.parseInt(a[3]);
        for (int run = 1; run <= runs; run++) {
            Path dir = Files.createTempDirectory("touchprobe");
            try (RillLog log = RillLog.open(dir)) {
                log.createTopic("t", TopicConfig.builder(1).blockSizeBytes(a.length > 4 ? Long.parseLong(a[4]) : TopicConfig.DEFAULT_BLOCK_SIZE_BYTES).build());
                Producer p = log.topic("t").producer();
                ProducerBatch batch = p.batch(0);
                UnsafeBuffer key = new UnsafeBuffer(new byte[8]);
                UnsafeBuffer value = new UnsafeBuffer(new byte[16]);
                Histogram h = new Histogram(1, 10_000_000_000L, 3);
                long periodX1000 = Math.round(1e12 / rate);
                long start = System.nanoTime() + 10_000_000L;
                long over5 = 0, over20 = 0, touched = 0;
                for (long i = 0; i < n; i++) {
                    long intended = start + i * periodX1000 / 1000;
                    boolean t = !touch;
                    while (System.nanoTime() < intended) {
                        if (!t) { t = true; if (p.touchAhead(0)) touched++; }
                        Thread.onSpinWait();
                    }
                    key.putLong(0, i % 10000, ByteOrder.LITTLE_ENDIAN);
                    value.putLong(0, i, ByteOrder.LITTLE_ENDIAN);
                    value.putLong(8, intended, ByteOrder.LITTLE_ENDIAN);
                    batch.add(i, key, 0, 8, value, 0, 16);
                    long t0 = System.nanoTime();
                    batch.commit();
                    long d = System.nanoTime() - t0;
                    if (i >= n / 2) { h.recordValue(d); if (d > 5000) over5++; if (d > 20000) over20++; } if (d > 100_000) System.out.printf("  append %d took %d us%n", i, d / 1000);
                }
                System.out.printf("touch=%s run %d: second half appends p50=%d p99=%d p99.9=%d p99.99=%d max=%d ns; >5us %d, >20us %d; pages touched %d%n",
                    touch, run, h.getValueAtPercentile(50), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getValueAtPercentile(99.99), h.getMaxValue(), over5, over20, touched);
            }
            try (var s = Files.walk(dir)) { s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete()); }
        }
    }
}
