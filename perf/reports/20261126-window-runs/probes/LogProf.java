package dev.rill.perf.w1;

import java.nio.file.*;
import dev.rill.engine.*;
import dev.rill.engine.workloads.*;
import dev.rill.log.*;

/** W1 through the log, repeated over one topic: events/s per run (for JFR). */
public final class LogProf
{
    static long minflt() throws Exception
    {
        final String stat = new String(Files.readAllBytes(Paths.get("/proc/self/stat")));
        final String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[7]);
    }

    public static void main(String[] a) throws Exception
    {
        final long n = 20_000_000L;
        final Path dir = Files.createTempDirectory("logprof");
        try (RillLog log = RillLog.open(dir))
        {
            log.createTopic("w1", TopicConfig.builder(1).build());
            W1Pipeline.writeTopic(W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).build(), log, "w1", n, 10_000);
            for (int r = 0; r < Integer.getInteger("runs", 6); r++)
            {
                final long f0 = minflt();
                final long t0 = System.nanoTime();
                final W1Result res = W1Pipeline.runTopic(W1Pipeline.config(ThreadingMode.DEDICATED, WaitStrategy.YIELDING).build(), log, "w1", 1);
                System.out.printf("run %d: %.2fM events/s checksum %d minor faults %d%n", r, n / ((System.nanoTime() - t0) / 1e9) / 1e6, res.checksum(), minflt() - f0);
            }
        }
    }
}
