package dev.rill.engine.examples;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Objects;

import dev.rill.engine.BatchConsumer;
import dev.rill.engine.BatchView;
import dev.rill.engine.Event;
import dev.rill.engine.EventFormatter;

/**
 * Spark's {@code print(num)} text for a batch whose records are first sorted by key ascending: keyed operators give
 * no order, so the examples that must print exactly Spark's text sort. Runs on the batch stage's thread; allocates
 * a little per batch (an example, not a hot path).
 */
final class SortedPrint implements BatchConsumer
{
    private static final String DASHES = "-------------------------------------------";

    private final PrintStream out;
    private final int num;
    private final EventFormatter formatter;
    private Event[] sorted = new Event[0];

    SortedPrint(final PrintStream out, final int num, final EventFormatter formatter)
    {
        this.out = Objects.requireNonNull(out, "out");
        this.num = num;
        this.formatter = Objects.requireNonNull(formatter, "formatter");
    }

    @Override
    public void accept(final long batchTimeMs, final BatchView batch)
    {
        final int size = batch.size();
        if (sorted.length < size)
        {
            sorted = new Event[size];
        }
        for (int i = 0; i < size; i++)
        {
            sorted[i] = batch.get(i);
        }
        Arrays.sort(sorted, 0, size, (a, b) -> Long.compare(a.key(), b.key()));
        final StringBuilder text = new StringBuilder(64 + 16 * Math.min(size, num));
        final String eol = System.lineSeparator();
        text.append(DASHES).append(eol).append("Time: ").append(batchTimeMs).append(" ms").append(eol).append(DASHES)
            .append(eol);
        for (int i = 0; i < Math.min(size, num); i++)
        {
            formatter.format(sorted[i], text);
            text.append(eol);
        }
        if (size > num)
        {
            text.append("...").append(eol);
        }
        text.append(eol);
        out.print(text);
        out.flush();
        Arrays.fill(sorted, 0, size, null);
    }
}
