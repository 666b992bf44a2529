package dev.rill.tools;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import dev.rill.engine.BatchConsumer;
import dev.rill.engine.BatchView;
import dev.rill.engine.Event;

/**
 * The demo's output: for each window (one batch of window results, key = symbol, long0 = notional, long1 = trades,
 * long2 = window end ms), one line with the window, its trades and the symbols of highest notional:
 * <pre>
 *   window 17:28:34.000..17:28:36.000 UTC  2,000,000 trades  top notional: #5700 301.2M (212), #4747 ...
 * </pre>
 * Runs on the batch stage's thread; keeps the top N in arrays, allocating only the printed line.
 */
final class TopSymbols implements BatchConsumer
{
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT)
        .withZone(ZoneOffset.UTC);

    private final PrintStream out;
    private final long windowLengthMs;
    private final long[] topKey;
    private final long[] topNotional;
    private final long[] topTrades;
    private volatile long windows;

    TopSymbols(final PrintStream out, final long windowLengthMs, final int top)
    {
        this.out = out;
        this.windowLengthMs = windowLengthMs;
        this.topKey = new long[top];
        this.topNotional = new long[top];
        this.topTrades = new long[top];
    }

    @Override
    public void accept(final long batchTimeMs, final BatchView batch)
    {
        if (batch.size() == 0)
        {
            return;
        }
        int filled = 0;
        long trades = 0;
        for (int i = 0; i < batch.size(); i++)
        {
            final Event e = batch.get(i);
            trades += e.long1();
            filled = offer(filled, e.key(), e.long0(), e.long1());
        }
        final StringBuilder line = new StringBuilder(160);
        line.append("window ").append(TIME.format(Instant.ofEpochMilli(batchTimeMs - windowLengthMs)))
            .append("..").append(TIME.format(Instant.ofEpochMilli(batchTimeMs))).append(" UTC  ")
            .append(String.format(Locale.ROOT, "%,9d", trades)).append(" trades  top notional:");
        for (int i = 0; i < filled; i++)
        {
            line.append(i == 0 ? " " : ", ").append('#').append(topKey[i]).append(' ')
                .append(String.format(Locale.ROOT, "%.1fM", topNotional[i] / 1e6)).append(" (")
                .append(topTrades[i]).append(')');
        }
        out.println(line);
        windows++;
    }

    private int offer(final int filled, final long key, final long notional, final long trades)
    {
        int at = filled;
        while (at > 0 && topNotional[at - 1] < notional)
        {
            at--;
        }
        if (at >= topKey.length)
        {
            return filled;
        }
        final int moved = Math.min(filled, topKey.length - 1) - at;
        System.arraycopy(topKey, at, topKey, at + 1, moved);
        System.arraycopy(topNotional, at, topNotional, at + 1, moved);
        System.arraycopy(topTrades, at, topTrades, at + 1, moved);
        topKey[at] = key;
        topNotional[at] = notional;
        topTrades[at] = trades;
        return Math.min(filled + 1, topKey.length);
    }

    /**
     * @return windows printed so far.
     */
    long windows()
    {
        return windows;
    }
}
