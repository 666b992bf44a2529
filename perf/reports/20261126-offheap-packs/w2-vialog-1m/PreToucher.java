import java.lang.invoke.*;
import java.nio.*;
import java.nio.channels.FileChannel;
import java.nio.file.*;
import java.util.*;
import java.util.stream.*;

/** Throwaway probe: touches every page of every *.cq4 under DIR (CAS 0 -> 0 at each page start) as the files grow. */
public class PreToucher {
    static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    public static void main(String[] a) throws Exception {
        Path root = Path.of(a[0]);
        Map<Path, Long> done = new HashMap<>();
        long touched = 0;
        while (true) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(root)) { files = s.filter(p -> p.toString().endsWith(".cq4")).collect(Collectors.toList()); }
            catch (Exception e) { Thread.sleep(1); continue; }
            for (Path f : files) {
                try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    long size = ch.size();
                    long from = done.getOrDefault(f, 0L);
                    while (from < size) {
                        long len = Math.min(4L << 20, size - from);
                        MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, from, len);
                        for (int off = 0; off < len; off += 4096) { INT.compareAndSet(m, off, 0, 0); touched++; }
                        from += len;
                    }
                    done.put(f, from);
                } catch (Exception e) { /* file gone */ }
            }
            Thread.sleep(2);
        }
    }
}
