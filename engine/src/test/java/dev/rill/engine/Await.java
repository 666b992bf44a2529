package dev.rill.engine;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits on a condition with a deadline (no fixed sleeps), and checks that no engine thread outlives its pipeline.
 */
final class Await
{
    private Await()
    {
    }

    static void until(final BooleanSupplier condition, final long timeoutMs, final Supplier<String> what)
    {
        final long deadlineNs = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for: " + what.get());
            }
            LockSupport.parkNanos(200_000);
        }
    }

    /**
     * @param prefix thread name prefix, e.g. {@code rill-}.
     * @return names of live threads starting with it.
     */
    static String liveThreads(final String prefix)
    {
        final StringBuilder sb = new StringBuilder();
        for (final Thread t : Thread.getAllStackTraces().keySet())
        {
            if (t.isAlive() && t.getName().startsWith(prefix))
            {
                sb.append(sb.length() == 0 ? "" : ", ").append(t.getName());
            }
        }
        return sb.toString();
    }

    static void noThreadLeft(final String prefix)
    {
        // threads end in close()/stop(), which join them; the wait only covers a thread finishing its last instruction
        until(() -> liveThreads(prefix).isEmpty(), 10_000, () -> "threads still alive: " + liveThreads(prefix));
    }
}
