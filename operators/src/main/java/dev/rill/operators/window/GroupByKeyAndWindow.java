package dev.rill.operators.window;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import dev.rill.operators.keyed.GroupByKey;
import dev.rill.operators.keyed.LongValuesConsumer;

/**
 * Spark's {@code groupByKeyAndWindow(windowLength, slideInterval)}: every slide, each key with a value in the window
 * and all its values, oldest batch first and in arrival order within a batch. Spark builds it as
 * {@code groupByKey} per batch, {@code window}, then {@code combineByKey} appending the batches' groups in window
 * order; here it is a {@link RecordWindow} of {@code (key, value)} pairs whose window is grouped by a
 * {@link GroupByKey} at each slide: the same groups, the same order.
 *
 * <p>Example, window 2 batches, slide 1 batch (Spark's {@code WindowOperationsSuite} "groupByKeyAndWindow"); output
 * per batch as {@code key=[values]}:
 * <pre>
 *   batch 1: (a,1)              -&gt; a=[1]                     first window emitted before it is full
 *   batch 2: (a,2) (b,3)        -&gt; a=[1,2] b=[3]
 *   batch 3: (a,4) (b,5) (c,6)  -&gt; a=[2,4] b=[3,5] c=[6]
 *   batch 4: (nothing)          -&gt; a=[4] b=[5] c=[6]
 *   batch 5: (nothing)          -&gt; (nothing)                 no key kept once its values expired
 * </pre>
 * Keys come out in ascending signed order (Spark gives none). Cost per slide: the window's pairs are grouped by a
 * stable sort, O(n log n) for the n pairs of the window; memory: 24 off-heap bytes per pair held by the window, and 32
 * per pair of the largest window for the grouping, kept between slides.
 *
 * <p><b>Single writer, not thread-safe. Zero allocation</b> per value, key and slide once the buffers have grown; the
 * {@code LongValues} passed out is a reused flyweight.
 */
public final class GroupByKeyAndWindow implements AutoCloseable
{
    private static final int PAIR_LENGTH = 2 * Long.BYTES;

    private final RecordWindow window;
    private final GroupByKey groups;
    private final RecordConsumer toGroups;

    /**
     * @param spec          window shape.
     * @param expectedPairs pairs per window to size the buffers for; they grow beyond.
     */
    public GroupByKeyAndWindow(final WindowSpec spec, final int expectedPairs)
    {
        this.window = new RecordWindow(spec, expectedPairs * (RecordWindow.HEADER_LENGTH + PAIR_LENGTH));
        final GroupByKey groups = new GroupByKey(expectedPairs);
        this.groups = groups;
        this.toGroups = (buffer, offset, length) -> groups.add(buffer.getLong(offset),
            buffer.getLong(offset + Long.BYTES));
    }

    public WindowSpec spec()
    {
        return window.spec();
    }

    /** Adds a value for the key to the open batch. */
    public void add(final long key, final long value)
    {
        final int offset = window.claim(PAIR_LENGTH);
        final MutableDirectBuffer buffer = window.buffer();
        buffer.putLong(offset, key);
        buffer.putLong(offset + Long.BYTES, value);
        window.commit();
    }

    /**
     * Ends the open batch; at a slide, passes each key of the window with its values to {@code consumer}.
     *
     * @param consumer receives each key and its values; not retained.
     * @return whether this batch ended a slide.
     */
    public boolean endBatch(final LongValuesConsumer consumer)
    {
        if (window.endBatch(toGroups))
        {
            groups.endBatch(consumer);
            return true;
        }
        return false;
    }

    /**
     * Writes the state for a checkpoint: the window's pairs ({@link RecordWindow#writeTo}); the grouping holds
     * nothing between slides.
     *
     * @return the offset after the state.
     */
    public int writeTo(final MutableDirectBuffer out, final int offset)
    {
        return window.writeTo(out, offset);
    }

    /**
     * Restores what {@link #writeTo} wrote for the same window shape.
     *
     * @return the offset after the state.
     * @throws IllegalArgumentException naming what differs if the image is of another window shape.
     */
    public int readFrom(final DirectBuffer in, final int offset)
    {
        return window.readFrom(in, offset);
    }

    public long offHeapBytes()
    {
        return window.offHeapBytes() + groups.offHeapBytes();
    }

    @Override
    public void close()
    {
        window.close();
        groups.close();
    }
}
