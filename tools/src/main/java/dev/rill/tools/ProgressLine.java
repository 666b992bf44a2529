package dev.rill.tools;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * One self-overwriting progress line on stderr ({@code \r}), at most four times a second: done, percent, rate,
 * MB/s (when the bytes per item are known) and ETA. Silent when stderr is not a terminal, so logs and pipes get no
 * carriage returns. Not thread-safe: one caller at a time.
 */
final class ProgressLine
{
    private static final long INTERVAL_NS = 250_000_000L;

    private final PrintWriter err;
    private final boolean isEnabled;
    private long total;
    private final int bytesPerRecord;
    private final String unit;
    private final long startNs;
    private long lastNs;
    private int lastLength;

    ProgressLine(final PrintWriter err, final boolean isEnabled, final long total, final int bytesPerRecord)
    {
        this(err, isEnabled, total, bytesPerRecord, "records");
    }

    /**
     * @param bytesPerRecord bytes per item for the MB/s figure; 0 leaves it out.
     * @param unit           what is counted, plural ("records", "events").
     */
    ProgressLine(final PrintWriter err, final boolean isEnabled, final long total, final int bytesPerRecord,
        final String unit)
    {
        this.err = err;
        this.isEnabled = isEnabled;
        this.total = total;
        this.bytesPerRecord = bytesPerRecord;
        this.unit = unit;
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
        final String line = String.format(Locale.ROOT, "%,d / %,d %s (%d%%)  %,.0f %s/s%s  ETA %s",
            done, total, unit, total == 0 ? 100 : done * 100 / total, rate, unit,
            bytesPerRecord > 0 ? String.format(Locale.ROOT, "  %.1f MB/s", rate * bytesPerRecord / 1e6) : "",
            etaSeconds < 0 ? "?" : formatSeconds(etaSeconds));
        err.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        err.flush();
        lastLength = line.length();
    }

    /**
     * @param total the new total, when the work grew while running.
     */
    void total(final long total)
    {
        this.total = total;
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
