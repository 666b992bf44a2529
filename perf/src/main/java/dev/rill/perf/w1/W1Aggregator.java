package dev.rill.perf.w1;

import dev.rill.engine.workloads.W1Result;

/**
 * W1's aggregation written by hand for the baselines: per symbol arrays (no boxing, no map: symbols are
 * {@code 0..K-1}), sliding event-time windows of {@code panesPerWindow} panes of 100 ms with inverse reduce. The open
 * pane is two arrays plus a list of touched symbols; closing pane {@code q} subtracts the entries of pane
 * {@code q - panesPerWindow} (kept in the same slot of a per-pane entry log), adds the open pane's entries, and
 * emits window {@code [(q + 1 - L) * 100 ms, (q + 1) * 100 ms)} for every symbol whose count is above 0, exactly the
 * results W1 defines (the watermark is the greatest event time, the input is in order). At the end of input panes are
 * closed until no symbol is left in the window.
 * <p>
 * Single writer, not thread-safe; allocation-free after construction. Memory: {@code 40 * K} bytes of arrays plus
 * {@code 20 * L * min(K, eventsPerPane)} bytes of pane log, on the heap.
 */
final class W1Aggregator
{
    static final long PANE_NS = 100_000_000L;
    static final long PANE_MS = 100L;

    private final int panesPerWindow;
    private final long[] paneSum;
    private final long[] paneCount;
    private final int[] touched;
    private int touchedCount;
    private final long[] windowSum;
    private final long[] windowCount;
    private final int[] active;
    private final boolean[] isActive;
    private int activeCount;
    private final int slotCapacity;
    private final int[] logSymbol;
    private final long[] logSum;
    private final long[] logCount;
    private final int[] slotLength;

    private long openPane = -1;
    private long nextPaneStartNs = Long.MIN_VALUE;
    private long records;
    private long checksum;

    W1Aggregator(final int symbols, final int panesPerWindow, final long eventsPerPane)
    {
        this.panesPerWindow = panesPerWindow;
        paneSum = new long[symbols];
        paneCount = new long[symbols];
        touched = new int[symbols];
        windowSum = new long[symbols];
        windowCount = new long[symbols];
        active = new int[symbols];
        isActive = new boolean[symbols];
        slotCapacity = (int)Math.min(symbols, eventsPerPane);
        final long logEntries = (long)slotCapacity * panesPerWindow;
        if (logEntries > Integer.MAX_VALUE - 8)
        {
            throw new IllegalArgumentException("pane log too large: " + panesPerWindow + " panes x " + slotCapacity +
                " symbols");
        }
        logSymbol = new int[(int)logEntries];
        logSum = new long[(int)logEntries];
        logCount = new long[(int)logEntries];
        slotLength = new int[panesPerWindow];
    }

    /**
     * @param symbol   the key, {@code 0..K-1}.
     * @param notional price * qty.
     * @param timeNs   event time, non-decreasing.
     */
    void onEvent(final int symbol, final long notional, final long timeNs)
    {
        if (timeNs >= nextPaneStartNs)
        {
            advanceTo(timeNs / PANE_NS);
        }
        if (paneCount[symbol]++ == 0)
        {
            touched[touchedCount++] = symbol;
        }
        paneSum[symbol] += notional;
    }

    private void advanceTo(final long pane)
    {
        if (openPane < 0)
        {
            openPane = pane;
        }
        while (openPane < pane)
        {
            closePane(openPane++);
        }
        nextPaneStartNs = (openPane + 1) * PANE_NS;
    }

    /** End of input: close panes until every symbol has left the window. */
    void finish()
    {
        if (openPane < 0)
        {
            return;
        }
        do
        {
            closePane(openPane++);
        }
        while (activeCount > 0);
    }

    private void closePane(final long pane)
    {
        final int slot = (int)(pane % panesPerWindow);
        final int base = slot * slotCapacity;
        final long[] wSum = windowSum;
        final long[] wCount = windowCount;
        if (pane >= panesPerWindow)
        {
            final int n = slotLength[slot];
            for (int i = base, end = base + n; i < end; i++)
            {
                final int s = logSymbol[i];
                wSum[s] -= logSum[i];
                wCount[s] -= logCount[i];
            }
        }
        final int n = touchedCount;
        for (int i = 0; i < n; i++)
        {
            final int s = touched[i];
            final long sum = paneSum[s];
            final long count = paneCount[s];
            wSum[s] += sum;
            wCount[s] += count;
            if (!isActive[s])
            {
                isActive[s] = true;
                active[activeCount++] = s;
            }
            logSymbol[base + i] = s;
            logSum[base + i] = sum;
            logCount[base + i] = count;
            paneSum[s] = 0;
            paneCount[s] = 0;
        }
        slotLength[slot] = n;
        touchedCount = 0;
        emit((pane + 1) * PANE_MS);
    }

    private void emit(final long windowEndMillis)
    {
        long r = records;
        long c = checksum;
        int kept = 0;
        final int n = activeCount;
        for (int i = 0; i < n; i++)
        {
            final int s = active[i];
            final long count = windowCount[s];
            if (count > 0)
            {
                r++;
                c += W1Result.term(windowEndMillis, s, windowSum[s], count);
                active[kept++] = s;
            }
            else
            {
                isActive[s] = false;
            }
        }
        activeCount = kept;
        records = r;
        checksum = c;
    }

    W1Result result()
    {
        return new W1Result(records, checksum);
    }
}
