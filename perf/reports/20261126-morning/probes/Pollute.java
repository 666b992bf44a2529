import dev.rill.engine.*;
import dev.rill.engine.workloads.*;

/** W1 (rill) events/s in a JVM that first ran 3 other small pipelines (different map lambdas, filters), or not. */
public class Pollute {
    public static void main(String[] a) throws Exception {
        boolean pollute = a[0].equals("yes");
        if (pollute) {
            long[] sink = new long[1];
            for (int i = 0; i < 3; i++) {
                try (Pipeline p = Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.DEDICATED).build())) {
                    EventStream s = p.generatorStream(1000, 3_000_000L);
                    if (i == 0) s = s.map("a", (in, out) -> out.long0(in.long0() + in.long1()));
                    if (i == 1) s = s.map("b", (in, out) -> out.long1(in.long0() ^ in.key())).filter("f", e -> e.long1() != 7);
                    if (i == 2) s = s.map("c", (in, out) -> out.double0(in.long0() * 0.5)).map("d", (in, out) -> out.key(in.key() + 1));
                    s.async().foreach("s" + i, e -> sink[0] += e.long0());
                    p.start();
                    p.awaitTermination(60_000);
                }
            }
            System.out.println("polluted " + sink[0]);
        }
        StringBuilder sb = new StringBuilder(pollute ? "after 3 other pipelines:" : "alone:");
        for (int r = 0; r < 4; r++) {
            long t0 = System.nanoTime();
            W1Result res = W1Pipeline.runGenerator(W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).build(), 20_000_000L, 10_000, 1);
            double rate = 2e16 / (System.nanoTime() - t0);
            if (res.checksum() != 3664121743608630L) throw new IllegalStateException("" + res);
            sb.append(String.format(" %.1fM", rate / 1e6));
        }
        System.out.println(sb);
    }
}
