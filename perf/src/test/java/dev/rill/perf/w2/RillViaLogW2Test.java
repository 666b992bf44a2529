package dev.rill.perf.w2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;

import dev.rill.engine.ReferenceGenerator;
import dev.rill.engine.WaitStrategy;
import org.junit.jupiter.api.Test;

/**
 * W2 through the log when the release thread falls behind: it appends the events already due as one batch, and
 * every event still reaches the sink once, in order per symbol (the running totals' checksum says so).
 */
class RillViaLogW2Test
{
    @Test
    void aReleaseThreadBehindItsRateAppendsDueEventsInBatchesAndLosesNone() throws Exception
    {
        final int symbols = 100;
        final long warmup = 1_000;
        final long events = 200_000;
        // 20M events/s: no append keeps up with one event every 50 ns, so the thread is behind from the start
        try (RillViaLogW2 engine = new RillViaLogW2(symbols, warmup, events, 20_000_000, WaitStrategy.YIELDING))
        {
            engine.start();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!engine.sink().isDone() && engine.failure() == null && System.nanoTime() < deadline)
            {
                Thread.onSpinWait();
            }
            assertNull(engine.failure());
            assertTrue(engine.sink().isDone(), "every event sunk within 60 s");
            assertTrue(engine.catchUpBatches() > 0, "behind its rate, the release thread appended batches");
            assertTrue(engine.catchUpBatches() <= (warmup + events) / 2, "at most one batch per two events");
            assertEquals(expectedChecksum(symbols, warmup + events), engine.sink().checksum());
        }
    }

    /** Wrapping sum over events of the running sum of qty of the event's symbol, as every W2 engine emits it. */
    private static long expectedChecksum(final int symbols, final long total)
    {
        final long[] sums = new long[symbols];
        long checksum = 0;
        for (long i = 0; i < total; i++)
        {
            final long r = ReferenceGenerator.draw(i);
            final int symbol = (int)Long.remainderUnsigned(r, symbols);
            sums[symbol] += 1 + (int)((r >>> 40) & 255);
            checksum += sums[symbol];
        }
        return checksum;
    }
}
