package dev.rill.perf.w1;
public final class BaseOne {
    public static void main(String[] a) throws Exception {
        final long n = 20_000_000L;
        for (int round = 0; round < Integer.getInteger("rounds", 10); round++) {
            final long t0 = System.nanoTime();
            final dev.rill.engine.workloads.W1Result r = DisruptorW1.run(n, 10_000, 10);
            System.out.printf("round %d %.2fM checksum %d%n", round, n * 1e9 / (System.nanoTime() - t0) / 1e6, r.checksum());
        }
    }
}
