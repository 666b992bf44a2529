package dev.rill.operators.window;

import dev.rill.engine.ReferenceGenerator;

/** W1's window on DenseKeyPanes + PaneLog directly, each batch-end phase timed; single thread. */
public final class PhaseProbe
{
    static int[] sym; static long[] not;
    static long sub, merge, emit, adds, records, checksum;
    public static void main(String[] a)
    {
        final int n = 20_000_000, k = 10_000;
        sym = new int[n]; not = new long[n];
        for (int i = 0; i < n; i++)
        {
            final long r = ReferenceGenerator.draw(i);
            sym[i] = (int)Long.remainderUnsigned(r, k);
            not[i] = (10_000 + (int)((r >>> 20) & 1023)) * (long)(1 + (int)((r >>> 40) & 255));
        }
        final KeySumCountConsumer sink = (key, sum, count) -> { records++; checksum += ((PhaseProbe.end * 31 + key) * 17 + sum) * 13 + count; };
        for (int round = 0; round < Integer.getInteger("rounds", 10); round++)
        {
            sub = merge = emit = adds = records = checksum = 0;
            run(n, k, sink);
            System.out.printf("round %d: adds %.2f subtract %.2f merge %.2f emit %.2f ns/event; records %d checksum %d%n", round,
                adds / (double)n, sub / (double)n, merge / (double)n, emit / (double)n, records, checksum);
        }
    }
    static long end;

    static void run(int n, int k, KeySumCountConsumer sink)
    {
        final DenseKeyPanes d = new DenseKeyPanes(k);
        final PaneLog log = new PaneLog(3);
        final long[] paneEnds = new long[10];
        long panes = 0;
        final int perPane = 100_000;
        for (int start = 0; start < n; start += perPane)
        {
            long t0 = System.nanoTime();
            addRange(d, start, Math.min(n, start + perPane));
            long t1 = System.nanoTime();
            final int ring = (int)(panes % 10);
            if (panes >= 10) d.subtract(log, paneEnds[ring], null);
            long t2 = System.nanoTime();
            d.mergeOpenPane(log, null);
            paneEnds[ring] = log.tail();
            panes++;
            long t3 = System.nanoTime();
            end = panes * 100;
            d.emit(sink, KeySumCountFilter.NON_EMPTY);
            long t4 = System.nanoTime();
            adds += t1 - t0; sub += t2 - t1; merge += t3 - t2; emit += t4 - t3;
        }
        d.close(); log.close();
    }

    static void addRange(DenseKeyPanes d, int from, int to)
    {
        final int[] s = sym; final long[] v = not;
        for (int i = from; i < to; i++) d.add(s[i], v[i], null);
    }
}
