package dev.rill.engine.internal;

import java.io.PrintStream;

import dev.rill.engine.Event;
import dev.rill.engine.EventFormatter;

/**
 * Spark's {@code print(n)}: per batch, a dashed line, {@code Time: <batch time> ms}, a dashed line, the first n
 * records one per line, {@code ...} if there were more, and an empty line; written to the stream in one call per
 * batch. Formats into a reused builder; the batch text becomes one string when printed.
 */
public final class PrintOutput implements Output
{
    /** Spark's separator line: 43 dashes. */
    public static final String DASHES = "-------------------------------------------";

    private final String name;
    private final int num;
    private final EventFormatter formatter;
    private final PrintStream out;
    private final StringBuilder records = new StringBuilder();
    private final StringBuilder text = new StringBuilder();
    private int count;

    /**
     * @param name      operator name, for errors.
     * @param num       records printed per batch.
     * @param formatter text form of a record.
     * @param out       where to print.
     */
    public PrintOutput(final String name, final int num, final EventFormatter formatter, final PrintStream out)
    {
        this.name = name;
        this.num = num;
        this.formatter = formatter;
        this.out = out;
    }

    @Override
    public void onEvent(final Event event)
    {
        if (count++ < num)
        {
            try
            {
                formatter.format(event, records);
            }
            catch (final RuntimeException ex)
            {
                throw Failures.userFunction(name, event, ex);
            }
            records.append(System.lineSeparator());
        }
    }

    @Override
    public void onWatermark(final long watermarkNs)
    {
        // batched chain: batch ends, not watermarks, delimit the input
    }

    @Override
    public void onBatchEnd(final long batchTimeMs)
    {
        final String eol = System.lineSeparator();
        text.setLength(0);
        text.append(DASHES).append(eol).append("Time: ").append(batchTimeMs).append(" ms").append(eol)
            .append(DASHES).append(eol).append(records);
        if (count > num)
        {
            text.append("...").append(eol);
        }
        text.append(eol);
        out.print(text);
        out.flush();
        records.setLength(0);
        count = 0;
    }

    @Override
    public void onEndOfStream()
    {
        out.flush();
    }

    @Override
    public int inputsAvailable(final int reserve)
    {
        return Integer.MAX_VALUE;
    }

    @Override
    public boolean canEnd()
    {
        return true;
    }

    @Override
    public void beginInput()
    {
        // no ring: fan-out is unbounded here
    }

    @Override
    public String describe()
    {
        return "sink " + name + " (print " + num + ")";
    }
}
