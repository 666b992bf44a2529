package dev.rill.operators.keyed;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import dev.rill.operators.state.Checkpointable;
import dev.rill.operators.state.ImageHeader;
import dev.rill.operators.window.KeySumCountConsumer;
import dev.rill.operators.window.KeySumCountFilter;
import dev.rill.operators.window.KeyValueConsumer;
import dev.rill.operators.window.KeyedSumCountWindow;
import dev.rill.operators.window.WindowSpec;

/**
 * Spark's {@code countByValueAndWindow(windowDuration, slideDuration)} on a stream of {@code long}s: at every slide,
 * each distinct value in the window with its count. A thin layer over {@link KeyedSumCountWindow}, exactly as Spark
 * builds it ({@code DStream.countByValueAndWindow}: {@code map((_, 1L)).reduceByKeyAndWindow(_ + _, _ - _, window,
 * slide, numPartitions, x => x._2 != 0L)}): inverse reduce, so a slide costs O(values in the panes that enter and
 * leave), and Spark's filter, so a value whose count returned to 0 is dropped rather than kept with 0.
 *
 * <p>Example, window 2 batches, slide 1 batch; output per batch as {@code value=count}:
 * <pre>
 *   batch 1: 7 7 3  -&gt; 7=2 3=1           first window emitted before it is full, as Spark does
 *   batch 2: 3      -&gt; 7=2 3=2
 *   batch 3: (none) -&gt; 3=1               7's values expired: count 0, dropped by the filter
 *   batch 4: (none) -&gt; (nothing)
 * </pre>
 *
 * <p><b>Single writer, not thread-safe. Zero allocation</b> per value and batch once the window's maps have grown.
 */
public final class CountByValueAndWindow implements AutoCloseable, Checkpointable
{
    private final KeyedSumCountWindow window;
    private final KeySumCountConsumer emitCount = this::emitCount;
    private KeyValueConsumer emitTarget;

    /**
     * @param spec           window shape (validated by {@link WindowSpec#of}).
     * @param expectedValues distinct values per window to size the maps for; they grow beyond.
     */
    public CountByValueAndWindow(final WindowSpec spec, final int expectedValues)
    {
        this.window = new KeyedSumCountWindow(spec, expectedValues, KeySumCountFilter.NON_EMPTY);
    }

    public WindowSpec spec()
    {
        return window.spec();
    }

    /** Counts one occurrence of the value in the current batch. */
    public void add(final long value)
    {
        window.add(value, 1);
    }

    /**
     * Ends the batch; at a slide, emits every value in the window with its count.
     *
     * @param consumer receives {@code (value, count)}; not retained.
     * @return whether a window was emitted.
     */
    public boolean endBatch(final KeyValueConsumer consumer)
    {
        emitTarget = consumer;
        try
        {
            return window.endBatch(emitCount);
        }
        finally
        {
            emitTarget = null;
        }
    }

    /** Layout version of the image written by {@link #writeTo}. */
    public static final int IMAGE_VERSION = 1;

    /**
     * Writes the window's state for a checkpoint: {@code ImageHeader("countByValueAndWindow", IMAGE_VERSION) | the window's image}
     * ({@link KeyedSumCountWindow#writeTo}).
     */
    @Override
    public int writeTo(final MutableDirectBuffer buffer, final int offset)
    {
        return window.writeTo(buffer, ImageHeader.write(buffer, offset, "countByValueAndWindow", IMAGE_VERSION));
    }

    /**
     * @throws IllegalArgumentException naming what differs if the image is of another operator or window shape.
     */
    @Override
    public int readFrom(final DirectBuffer buffer, final int offset)
    {
        return window.readFrom(buffer, ImageHeader.check(buffer, offset, "countByValueAndWindow", IMAGE_VERSION));
    }

    @Override
    public void close()
    {
        window.close();
    }

    private void emitCount(final long value, final long sum, final long count)
    {
        emitTarget.accept(value, count);
    }
}
