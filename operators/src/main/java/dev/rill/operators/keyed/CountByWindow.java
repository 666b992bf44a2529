package dev.rill.operators.keyed;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import dev.rill.operators.state.Checkpointable;
import dev.rill.operators.state.ImageHeader;
import dev.rill.operators.window.KeySumCountConsumer;
import dev.rill.operators.window.KeyedSumCountWindow;
import dev.rill.operators.window.WindowSpec;

import java.util.function.LongConsumer;

/**
 * Spark's {@code countByWindow(windowDuration, slideDuration)}: at every slide, the number of records in the window.
 * Built as Spark builds it ({@code DStream.countByWindow}: {@code map(_ => 1L).reduceByWindow(_ + _, _ - _, ...)},
 * and {@code reduceByWindow} with an inverse is {@code reduceByKeyAndWindow} under one key, with no filter), over
 * {@link KeyedSumCountWindow} with one constant key. Spark's quirks follow from that: nothing is emitted until the
 * first record arrives (no key yet), and once every record has expired the count stays, emitted as 0.
 *
 * <p>Example, window 2 batches, slide 1 batch; output per batch:
 * <pre>
 *   batch 1: (none)   -&gt; (nothing)     no record yet
 *   batch 2: x x      -&gt; 2
 *   batch 3: x        -&gt; 3
 *   batch 4: (none)   -&gt; 1
 *   batch 5: (none)   -&gt; 0             kept with 0, as Spark does
 * </pre>
 *
 * <p><b>Single writer, not thread-safe. Zero allocation</b> per record and batch.
 */
public final class CountByWindow implements AutoCloseable, Checkpointable
{
    private static final long KEY = 0;

    private final KeyedSumCountWindow window;
    private final KeySumCountConsumer emitCount = this::emitCount;
    private LongConsumer emitTarget;

    /** @param spec window shape (validated by {@link WindowSpec#of}). */
    public CountByWindow(final WindowSpec spec)
    {
        this.window = new KeyedSumCountWindow(spec, 1, null);
    }

    /** Counts one record of the current batch. */
    public void add()
    {
        window.add(KEY, 1);
    }

    /**
     * Ends the batch; at a slide, emits the window's count if any record has been seen.
     *
     * @param consumer receives the count; not retained.
     * @return whether a window was emitted.
     */
    public boolean endBatch(final LongConsumer consumer)
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
     * Writes the window's state for a checkpoint: {@code ImageHeader("countByWindow", IMAGE_VERSION) | the window's image}
     * ({@link KeyedSumCountWindow#writeTo}).
     */
    @Override
    public int writeTo(final MutableDirectBuffer buffer, final int offset)
    {
        return window.writeTo(buffer, ImageHeader.write(buffer, offset, "countByWindow", IMAGE_VERSION));
    }

    /**
     * @throws IllegalArgumentException naming what differs if the image is of another operator or window shape.
     */
    @Override
    public int readFrom(final DirectBuffer buffer, final int offset)
    {
        return window.readFrom(buffer, ImageHeader.check(buffer, offset, "countByWindow", IMAGE_VERSION));
    }

    @Override
    public void close()
    {
        window.close();
    }

    private void emitCount(final long key, final long sum, final long count)
    {
        emitTarget.accept(count);
    }
}
