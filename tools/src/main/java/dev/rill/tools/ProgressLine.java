package dev.rill.tools;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * One self-overwriting progress line on stderr ({@code \r}), at most four times a second: done, percent, rate,
 * MB/s and ETA. Silent when stderr is not a terminal, so logs and pipes get no carriage returns.
 */
final class ProgressLine
{
    private static final long INTERVAL_NS = 250_000_000L;

    private final PrintWriter err;
    private final boolean isEnabled;
    private final long total;
    private final int bytesPerRecord;
    private final long startNs;
    private long lastNs;
    private int lastLength;

    ProgressLine(final PrintWriter err, final boolean isEnabled, final long total, final int bytesPerRecord)
    {
        this.err = err;
        this.isEnabled = isEnabled;
        this.total = total;
        this.bytesPerRecord = bytesPerRecord;
        this.startNs = System.nanoTime();
        this.lastNs = startNs;
    }

    void update(final long done)
    {
        if (!isEnabled || done == 0)
        {
            return;
        }
        final long now = System.nanoTime();
        if (now - lastNs < INTERVAL_NS)
        {
            return;
        }
        lastNs = now;
        final double seconds = (now - startNs) / 1e9;
        final double rate = done / seconds;
        final long etaSeconds = rate > 0 ? (long)Math.ceil((total - done) / rate) : -1;
        final String line = String.format(Locale.ROOT, "%,d / %,d records (%d%%)  %,.0f records/s  %.1f MB/s  ETA %s",
            done, total, total == 0 ? 100 : done * 100 / total, rate, rate * bytesPerRecord / 1e6,
            etaSeconds < 0 ? "?" : formatSeconds(etaSeconds));
        err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        err.flush();
        lastLength = line.length();
    }

    void finish()
    {
        if (isEnabled && lastLength > 0)
        {
            err.print("\r" + " ".repeat(lastLength) + "\r");
            err.flush();
        }
    }

    static String formatSeconds(final long seconds)
    {
        if (seconds < 60)
        {
            return seconds + "s";
        }
        if (seconds < 3600)
        {
            return seconds / 60 + "m" + seconds % 60 + "s";
        }
        return seconds / 3600 + "h" + seconds / 60 % 60 + "m";
    }
}
