public class Gap {
    public static void main(String[] a) throws Exception {
        int threads = Integer.parseInt(a[0]); long secs = Long.parseLong(a[1]);
        Thread[] ts = new Thread[threads];
        long[][] res = new long[threads][4];
        for (int t = 0; t < threads; t++) {
            final int k = t;
            ts[t] = new Thread(() -> {
                long end = System.nanoTime() + secs * 1_000_000_000L;
                long last = System.nanoTime(); long g100 = 0, g1m = 0, stalled = 0, max = 0;
                while (last < end) {
                    long now = System.nanoTime(); long g = now - last;
                    if (g > 100_000) { g100++; stalled += g; if (g > 1_000_000) g1m++; if (g > max) max = g; }
                    last = now;
                }
                res[k][0] = g100; res[k][1] = g1m; res[k][2] = stalled; res[k][3] = max;
            });
            ts[t].start();
        }
        for (Thread t : ts) t.join();
        for (long[] r : res) System.out.printf("gaps>100us %d, >1ms %d, stalled %.1f ms (%.2f%%), max %.1f ms%n", r[0], r[1], r[2] / 1e6, r[2] / 1e7 / secs, r[3] / 1e6);
    }
}
