import java.nio.file.*;
import net.openhft.chronicle.queue.*;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import net.openhft.chronicle.bytes.Bytes;

/** args: runs touchAhead(bytes, 0 = none) touchAt(records before 2^20) */
public class IdxProbe {
  public static void main(String[] a) throws Exception {
    int runs = Integer.parseInt(a[0]); int ahead = Integer.parseInt(a[1]); int before = Integer.parseInt(a[2]);
    final int n = (1 << 20) + 5000;
    for (int r = 1; r <= runs; r++) {
      Path dir = Files.createTempDirectory("idx");
      try (ChronicleQueue q = SingleChronicleQueueBuilder.binary(dir.toFile()).rollCycle(RollCycles.FAST_HOURLY).blockSize(64 << 20).build();
           ExcerptAppender ap = q.createAppender()) {
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
          long t0 = System.nanoTime();
          try (DocumentContext dc = ap.writingDocument()) {
            Bytes<?> b = dc.wire().bytes();
            b.writeLong(i).writeLong(i * 31).writeLong(i * 17).writeInt(7);
            if (ahead > 0 && i == (1 << 20) - before) {
              long pos = b.writePosition();
              for (long off = 4096; off <= ahead; off += 4096) {
                long addr = b.addressForWrite(pos + off);
                net.openhft.chronicle.core.UnsafeMemory.MEMORY.writeByte(addr, (byte)0);
              }
            }
          }
          t[i] = System.nanoTime() - t0;
        }
        long worst = 0; int wi = -1; long sumOther = 0;
        for (int i = 1000; i < n; i++) if (i != (1 << 20) && t[i] > worst) { worst = t[i]; wi = i; }
        System.out.printf("run %d ahead=%d: append@2^20 %.1f us; worst other %.1f us at %d; around: %.1f %.1f %.1f%n", r, ahead,
          t[1 << 20] / 1e3, worst / 1e3, wi, t[(1 << 20) - 1] / 1e3, t[(1 << 20) + 1] / 1e3, t[(1 << 20) + 2] / 1e3);
      }
      try (var s = Files.walk(dir)) { s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete()); }
    }
  }
}
