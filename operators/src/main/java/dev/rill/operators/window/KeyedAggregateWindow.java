package dev.rill.operators.window;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import dev.rill.operators.state.Checkpointable;
import dev.rill.operators.state.ImageHeader;
import dev.rill.operators.state.LongKeyedState;
import dev.rill.operators.state.LongSlotConsumer;

import java.util.Arrays;
import java.util.function.LongBinaryOperator;

/**
 * Sliding aggregation of {@code long} values per {@code long} key with an associative operator that has no inverse
 * (min, max, first, last, any semigroup): Spark's {@code reduceByKeyAndWindow(func, windowLength, slideInterval)}.
 * For {@code reduceByWindow} (one global value), add every value under one constant key.
 *
 * <p>Each key keeps one aggregate per pane in which it had values, in a two-stacks queue (Tangwongsan et al.): new
 * panes are pushed on the back stack, which keeps a running aggregate; the front stack holds, for each element, the
 * aggregate from it to the newest front element, so the oldest element pops in O(1); when the front is empty the
 * back is reversed into it. Every pane aggregate is pushed, moved and popped once, so a slide costs O(1) amortized
 * per key and pane, not a rescan of the window's panes. Emitting the window costs O(keys in the window).
 *
 * <p>Per-key layout in the off-heap map ({@code P} = panes per window; both stacks share one array of {@code P}
 * elements, the front growing up from 0 and the back down from {@code P - 1}, since they never hold more than
 * {@code P} elements together):
 * <pre>
 *   field 0: front count | 1: back count | 2: back aggregate | 3 + 2i: pane of element i | 4 + 2i: value of element i
 * </pre>
 * so each key takes {@code 8 * (4 + 2P)} bytes; 1000 panes cost about 16 KB per key.
 *
 * <p>Example, window 3 batches, slide 1 batch, operator max; output per batch as {@code key=max}:
 * <pre>
 *   batch 1: a 5, b 1   -&gt; a=5 b=1
 *   batch 2: a 2        -&gt; a=5 b=1
 *   batch 3: a 3        -&gt; a=5 b=1
 *   batch 4: (nothing)  -&gt; a=3                b has no value left in the window, so it is not emitted
 * </pre>
 * The operator is applied oldest-first ({@code op(older, newer)}), so non-commutative operators are exact. If it
 * throws, the exception propagates and the window's state is undefined; discard the window.
 *
 * <p><b>Single writer, not thread-safe. Zero allocation</b> per value, per batch and per emitted key once the maps
 * have grown to the workload (boxing-free as long as the operator is).
 */
public final class KeyedAggregateWindow implements AutoCloseable, Checkpointable
{
    private static final String IMAGE_KIND = "reduceByKeyAndWindow";
    private static final int PANE_COUNT = 0;
    private static final int PANE_AGGREGATE = 1;

    private static final int FRONT_COUNT = 0;
    private static final int BACK_COUNT = 1;
    private static final int BACK_AGGREGATE = 2;
    private static final int ELEMENTS = 3;

    private final WindowSpec spec;
    private final LongBinaryOperator operator;
    private final int panesPerWindow;
    private final LongKeyedState openPane;
    private final LongKeyedState window;
    private final LongSlotConsumer pushPane = this::pushPane;
    private final LongSlotConsumer emitKey = this::emitKey;

    private long batchesEnded;
    private long panesClosed;
    private long oldestLivePane;
    private KeyValueConsumer emitTarget;
    private long[] expiredKeys = new long[16];
    private int expiredKeyCount;

    /**
     * @param spec         window shape.
     * @param expectedKeys keys per window to size the maps for; they grow beyond.
     * @param operator     associative operator, applied as {@code op(older, newer)}.
     */
    public KeyedAggregateWindow(final WindowSpec spec, final int expectedKeys, final LongBinaryOperator operator)
    {
        this.spec = spec;
        this.operator = operator;
        this.panesPerWindow = spec.panesPerWindow();
        this.openPane = new LongKeyedState(2, expectedKeys);
        this.window = new LongKeyedState(ELEMENTS + 2 * panesPerWindow, expectedKeys);
    }

    public WindowSpec spec()
    {
        return spec;
    }

    /** Adds a value for the key to the current batch. */
    public void add(final long key, final long value)
    {
        final LongKeyedState openPane = this.openPane;
        final int slot = openPane.getOrInsert(key);
        final long count = openPane.getLong(slot, PANE_COUNT);
        final long aggregate = count == 0 ? value : operator.applyAsLong(openPane.getLong(slot, PANE_AGGREGATE), value);
        openPane.putLong(slot, PANE_AGGREGATE, aggregate);
        openPane.putLong(slot, PANE_COUNT, count + 1);
    }

    /**
     * Ends the current batch: closes the pane if it is complete and, at a slide, emits every key with a value in
     * the window.
     *
     * @param consumer receives the window's keys when this batch ends a slide; not retained.
     * @return whether a window was emitted.
     */
    public boolean endBatch(final KeyValueConsumer consumer)
    {
        batchesEnded++;
        if (batchesEnded % spec.batchesPerPane() == 0)
        {
            closePane();
        }
        if (batchesEnded % spec.batchesPerSlide() == 0)
        {
            emit(consumer);
            return true;
        }
        return false;
    }

    /** @return keys with at least one pane aggregate held (some may have expired since the last emission). */
    public int windowKeys()
    {
        return window.size();
    }

    public long offHeapBytes()
    {
        return window.offHeapBytes() + openPane.offHeapBytes();
    }

    /** Layout version of the image written by {@link #writeTo}. */
    public static final int IMAGE_VERSION = 1;

    /**
     * Writes the window's whole state for a checkpoint:
     * <pre>
     *   ImageHeader("reduceByKeyAndWindow", IMAGE_VERSION) | long windowLengthMs | long slideIntervalMs
     *   | long batchIntervalMs | long batchesEnded | long panesClosed | long oldestLivePane
     *   | open pane (LongKeyedState image) | window: both stacks of every key (LongKeyedState image)
     * </pre>
     * The maps are copied slot for slot, so the restored window iterates, and emits, in the same order.
     */
    @Override
    public int writeTo(final MutableDirectBuffer buffer, final int offset)
    {
        final int at = ImageHeader.write(buffer, offset, IMAGE_KIND, IMAGE_VERSION);
        buffer.putLong(at, spec.windowLengthMs());
        buffer.putLong(at + 8, spec.slideIntervalMs());
        buffer.putLong(at + 16, spec.batchIntervalMs());
        buffer.putLong(at + 24, batchesEnded);
        buffer.putLong(at + 32, panesClosed);
        buffer.putLong(at + 40, oldestLivePane);
        return window.writeTo(buffer, openPane.writeTo(buffer, at + 48));
    }

    /**
     * Replaces this window's state with one written by {@link #writeTo} for the same window shape.
     *
     * @throws IllegalArgumentException naming both shapes if the image is of another window, version or operator.
     */
    @Override
    public int readFrom(final DirectBuffer buffer, final int offset)
    {
        final int at = ImageHeader.check(buffer, offset, IMAGE_KIND, IMAGE_VERSION);
        final long windowMs = buffer.getLong(at);
        final long slideMs = buffer.getLong(at + 8);
        final long batchMs = buffer.getLong(at + 16);
        if (windowMs != spec.windowLengthMs() || slideMs != spec.slideIntervalMs() || batchMs != spec.batchIntervalMs())
        {
            throw new IllegalArgumentException(IMAGE_KIND + " state is for window=" + windowMs + "ms slide=" +
                slideMs + "ms batch=" + batchMs + "ms, this window is window=" + spec.windowLengthMs() + "ms slide=" +
                spec.slideIntervalMs() + "ms batch=" + spec.batchIntervalMs() + "ms");
        }
        final int end = window.readFrom(buffer, openPane.readFrom(buffer, at + 48));
        batchesEnded = buffer.getLong(at + 24);
        panesClosed = buffer.getLong(at + 32);
        oldestLivePane = buffer.getLong(at + 40);
        return end;
    }

    @Override
    public void close()
    {
        openPane.close();
        window.close();
    }

    private void closePane()
    {
        oldestLivePane = panesClosed - panesPerWindow + 1;
        openPane.forEach(pushPane);
        openPane.clear();
        panesClosed++;
    }

    private void pushPane(final long key, final int paneSlot)
    {
        final LongKeyedState window = this.window;
        final long value = openPane.getLong(paneSlot, PANE_AGGREGATE);
        final int slot = window.getOrInsert(key);
        // Evict first: the key then holds at most P - 1 panes, leaving room for this one.
        evictExpired(slot);
        final int backCount = (int)window.getLong(slot, BACK_COUNT);
        final long aggregate = backCount == 0 ? value : operator.applyAsLong(window.getLong(slot, BACK_AGGREGATE), value);
        final int element = panesPerWindow - 1 - backCount;
        window.putLong(slot, paneField(element), panesClosed);
        window.putLong(slot, valueField(element), value);
        window.putLong(slot, BACK_AGGREGATE, aggregate);
        window.putLong(slot, BACK_COUNT, backCount + 1);
    }

    /** Pops pane aggregates older than {@link #oldestLivePane}; O(1) amortized. */
    private void evictExpired(final int slot)
    {
        final LongKeyedState window = this.window;
        int frontCount = (int)window.getLong(slot, FRONT_COUNT);
        while (true)
        {
            if (frontCount == 0)
            {
                final int backCount = (int)window.getLong(slot, BACK_COUNT);
                if (backCount == 0)
                {
                    break;
                }
                flip(slot, backCount);
                frontCount = backCount;
            }
            if (window.getLong(slot, paneField(frontCount - 1)) >= oldestLivePane)
            {
                break;
            }
            frontCount--;
        }
        window.putLong(slot, FRONT_COUNT, frontCount);
    }

    /**
     * Moves the back stack into the empty front stack, newest first, so the oldest ends on top; each front element
     * holds the aggregate from itself to the newest. Element i is written after the element at
     * {@code P - backCount + i >= i} was read, so the shared array needs no scratch space.
     */
    private void flip(final int slot, final int backCount)
    {
        final LongKeyedState window = this.window;
        final int first = panesPerWindow - backCount;
        long aggregate = 0;
        for (int i = 0; i < backCount; i++)
        {
            final long pane = window.getLong(slot, paneField(first + i));
            final long value = window.getLong(slot, valueField(first + i));
            aggregate = i == 0 ? value : operator.applyAsLong(value, aggregate);
            window.putLong(slot, paneField(i), pane);
            window.putLong(slot, valueField(i), aggregate);
        }
        window.putLong(slot, FRONT_COUNT, backCount);
        window.putLong(slot, BACK_COUNT, 0);
    }

    private void emit(final KeyValueConsumer consumer)
    {
        oldestLivePane = panesClosed - panesPerWindow;
        emitTarget = consumer;
        expiredKeyCount = 0;
        try
        {
            window.forEach(emitKey);
        }
        finally
        {
            emitTarget = null;
        }
        for (int i = 0; i < expiredKeyCount; i++)
        {
            window.remove(expiredKeys[i]);
        }
    }

    private void emitKey(final long key, final int slot)
    {
        final LongKeyedState window = this.window;
        evictExpired(slot);
        final int frontCount = (int)window.getLong(slot, FRONT_COUNT);
        final int backCount = (int)window.getLong(slot, BACK_COUNT);
        if (frontCount == 0 && backCount == 0)
        {
            // Removal waits for the end of the iteration, which a removal's backward shift would disturb.
            if (expiredKeyCount == expiredKeys.length)
            {
                expiredKeys = Arrays.copyOf(expiredKeys, expiredKeyCount * 2);
            }
            expiredKeys[expiredKeyCount++] = key;
            return;
        }
        final long value;
        if (frontCount == 0)
        {
            value = window.getLong(slot, BACK_AGGREGATE);
        }
        else if (backCount == 0)
        {
            value = window.getLong(slot, valueField(frontCount - 1));
        }
        else
        {
            value = operator.applyAsLong(window.getLong(slot, valueField(frontCount - 1)), window.getLong(slot, BACK_AGGREGATE));
        }
        emitTarget.accept(key, value);
    }

    private static int paneField(final int element)
    {
        return ELEMENTS + 2 * element;
    }

    private static int valueField(final int element)
    {
        return ELEMENTS + 2 * element + 1;
    }
}
