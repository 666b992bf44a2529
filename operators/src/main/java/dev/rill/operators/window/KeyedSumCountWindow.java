package dev.rill.operators.window;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import dev.rill.operators.state.Checkpointable;
import dev.rill.operators.state.LongKeyedState;
import dev.rill.operators.state.LongSlotConsumer;

import java.util.Arrays;
import java.util.function.LongBinaryOperator;

/**
 * Sliding sum and count of {@code long} values per {@code long} key with an inverse function: Spark's
 * {@code reduceByKeyAndWindow(_ + _, _ - _, windowLength, slideInterval[, filterFunc])}, as used by workload W1; or,
 * with the constructor that takes them, any reduce function and its inverse (Spark's
 * {@code reduceByKeyAndWindow(reduceFunc, invReduceFunc, ...)}), the "sum" then being the reduced value.
 *
 * <p>Values go into the open pane with {@link #add}; {@link #endBatch} closes a pane every
 * {@link WindowSpec#batchesPerPane()} batches and emits the window every {@link WindowSpec#batchesPerSlide()}
 * batches. Closing a pane adds it to the running window and subtracts the pane that left the window, so a slide
 * costs O(keys in those panes) whatever the number of panes per window; emitting costs O(keys in the window).
 *
 * <p>Example, window 3 batches, slide 1 batch (3 panes), no filter; output per batch as {@code key=(sum,count)}:
 * <pre>
 *   batch 1: a+5, b+1   -&gt; a=(5,1) b=(1,1)          window not full yet: emitted anyway, as Spark does
 *   batch 2: a+2        -&gt; a=(7,2) b=(1,1)
 *   batch 3: (nothing)  -&gt; a=(7,2) b=(1,1)
 *   batch 4: (nothing)  -&gt; a=(2,1) b=(0,0)          b's only value expired: kept with 0 (Spark's quirk)
 *   batch 5: (nothing)  -&gt; a=(0,0) b=(0,0)
 * </pre>
 * With {@link KeySumCountFilter#NON_EMPTY}, batch 4 emits {@code a=(2,1)} and drops {@code b}; batch 5 emits nothing.
 *
 * <p>Sums are exact: they are fixed-point {@code long}s with wrapping arithmetic, so subtracting an expired pane
 * restores exactly what adding it changed, even if a sum overflowed in between, and the emitted sum is correct
 * whenever the true window sum fits in a {@code long}. Scale money to integer units (ticks, micro-units) first; a
 * double sum maintained by add and subtract would drift.
 *
 * <p>With a reduce function and its inverse, as Spark: a key new to the window takes the pane's reduced value, a
 * key already in it (even at count 0) becomes {@code reduce(windowValue, paneValue)}, and an expired pane makes it
 * {@code inverse(windowValue, paneValue)}; within a pane values are reduced in arrival order. The inverse must undo
 * the reduce ({@code inverse(reduce(a, b), b) == a}) for the result to be the reduction of the window's values; the
 * count is kept as for sums, so {@link KeySumCountFilter#NON_EMPTY} still drops keys with no values left.
 *
 * <p>Where Rill differs from Spark: Spark throws "Neither previous window has value for key" when a filter dropped a
 * key that still had values in the window; Rill ignores the expired values of a key that is no longer in the window.
 * A filter should therefore only drop keys with no values left, like {@link KeySumCountFilter#NON_EMPTY}.
 *
 * <p>Keys: while every key seen is in {@code [0, 2^20)}, the open pane's and the window's sums and counts live in
 * off-heap arrays indexed by the key, with lists of the keys in the pane and in the window, so a value costs a range
 * check and two unchecked updates, and a slide visits only the keys it holds. (Arrays cover the largest key seen; past
 * 65,536 keys of range they grow only while at least one key in 16 of it is held, checked from the first pane close
 * on: see {@code DenseKeyPanes}.) The first key outside, or a first pane that held its keys sparsely, moves every
 * key, with its sums and counts, to off-heap hash maps ({@link LongKeyedState}) for good, and the window continues
 * there. Emit order is deterministic either way, and an operator restored from an image
 * ({@link #writeTo}) emits the same keys in the same order as the one that wrote it, before and after such a move:
 * with dense keys, the order in which keys entered the window (a key dropped by the filter and back later goes to the
 * end); with hashed keys, the window map's table order.
 *
 * <p><b>Single writer, not thread-safe. Zero allocation</b> per value, per batch and per emitted key once the arrays,
 * maps and pane log have grown to the workload (moving to the hash maps allocates them, once); window state, the open
 * pane and the closed panes are all off-heap.
 */
public final class KeyedSumCountWindow implements AutoCloseable, Checkpointable
{
    private static final int SUM = 0;
    private static final int COUNT = 1;

    private final WindowSpec spec;
    private final KeySumCountFilter filter;
    /** Null for sums (wrapping {@code +} and {@code -}). */
    private final LongBinaryOperator reduce;
    private final LongBinaryOperator inverse;
    private final int panesPerWindow;
    private final int expectedKeys;
    /** Sums and counts while every key is dense; closed (capacity 0) once the hash maps hold the keys. */
    private final DenseKeyPanes dense;
    /** Null while the keys are dense. */
    private LongKeyedState openPane;
    /** Null while the keys are dense. */
    private LongKeyedState window;
    private final PaneLog closedPanes = new PaneLog(3);
    /** End position in {@link #closedPanes} of pane {@code p}, at index {@code p % panesPerWindow}. */
    private final long[] paneEnds;
    private final LongSlotConsumer mergeIntoWindow = this::mergeIntoWindow;
    private final LongSlotConsumer emitKey = this::emitKey;

    private long batchesEnded;
    private long panesClosed;
    private KeySumCountConsumer emitTarget;
    private long[] droppedKeys = new long[16];
    private int droppedKeyCount;
    private boolean isClosed;

    /**
     * @param spec         window shape.
     * @param expectedKeys keys per window to size the maps for; they grow beyond.
     * @param filter       Spark's filter function, or null to keep every key ever seen.
     */
    public KeyedSumCountWindow(final WindowSpec spec, final int expectedKeys, final KeySumCountFilter filter)
    {
        this(spec, expectedKeys, filter, null, null);
    }

    /**
     * @param spec         window shape.
     * @param expectedKeys keys per window to size the maps for; they grow beyond.
     * @param filter       Spark's filter function, or null to keep every key ever seen.
     * @param reduce       associative reduce function, or null (with {@code inverse}) for sums.
     * @param inverse      its inverse: {@code inverse(reduce(a, b), b) == a}.
     */
    public KeyedSumCountWindow(final WindowSpec spec, final int expectedKeys, final KeySumCountFilter filter,
        final LongBinaryOperator reduce, final LongBinaryOperator inverse)
    {
        if ((reduce == null) != (inverse == null))
        {
            throw new IllegalArgumentException("a reduce function needs its inverse and an inverse its reduce function");
        }
        if (expectedKeys < 0)
        {
            throw new IllegalArgumentException("expected keys must not be negative: " + expectedKeys);
        }
        this.reduce = reduce;
        this.inverse = inverse;
        this.spec = spec;
        this.filter = filter;
        this.panesPerWindow = spec.panesPerWindow();
        this.paneEnds = new long[panesPerWindow];
        this.expectedKeys = expectedKeys;
        this.dense = new DenseKeyPanes(expectedKeys);
    }

    public WindowSpec spec()
    {
        return spec;
    }

    /** Adds a value for the key to the current batch. */
    public void add(final long key, final long value)
    {
        final LongKeyedState pane = openPane;
        if (null == pane)
        {
            if (!dense.add(key, value, reduce))
            {
                addOutsideDenseRange(key, value);
            }
            return;
        }
        addHashed(pane, key, value);
    }

    /** A key the dense arrays do not cover (yet): grow them, or move every key to the hash maps for good. */
    private void addOutsideDenseRange(final long key, final long value)
    {
        checkOpen();
        if (dense.grow(key, panesClosed == 0))
        {
            dense.add(key, value, reduce);
            return;
        }
        moveToHashMaps();
        addHashed(openPane, key, value);
    }

    private void addHashed(final LongKeyedState pane, final long key, final long value)
    {
        if (reduce == null)
        {
            pane.addToFields01(key, value, 1); // SUM = field 0, COUNT = field 1
            return;
        }
        final int slot = pane.getOrInsert(key);
        final long count = pane.getLong(slot, COUNT);
        pane.putLong(slot, SUM, count == 0 ? value : reduce.applyAsLong(pane.getLong(slot, SUM), value));
        pane.putLong(slot, COUNT, count + 1);
    }

    /**
     * Ends the current batch: closes the pane if it is complete and, at a slide, emits every key of the window.
     *
     * @param consumer receives the window's keys when this batch ends a slide; not retained.
     * @return whether a window was emitted.
     */
    public boolean endBatch(final KeySumCountConsumer consumer)
    {
        checkOpen();
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

    /** @return batches ended so far. */
    public long batchesEnded()
    {
        return batchesEnded;
    }

    /** @return whether the keys are held in the dense arrays, not (yet) in hash maps. */
    boolean hasDenseKeys()
    {
        return null == window && !isClosed;
    }

    /** @return keys in the window state (zero-valued ones included unless a filter dropped them). */
    public int windowKeys()
    {
        return null == window ? dense.memberCount() : window.size();
    }

    /** @return off-heap bytes of the window, the open pane and the closed panes. */
    public long offHeapBytes()
    {
        return dense.offHeapBytes() + (null == window ? 0 : window.offHeapBytes() + openPane.offHeapBytes()) +
            closedPanes.offHeapBytes();
    }

    /** Version of the layout written by {@link #writeTo}: 2 since the dense-key arrays (version 1 had hash maps only). */
    public static final int IMAGE_VERSION = 2;

    private static final byte DENSE_KEYS = 1;
    private static final byte HASHED_KEYS = 2;

    /**
     * Writes the window's whole state for a checkpoint:
     * <pre>
     *   int IMAGE_VERSION | long windowLengthMs | long slideIntervalMs | long batchIntervalMs | long batchesEnded
     *   | long panesClosed | int panesPerWindow | long paneEnds[panesPerWindow] | byte keys (1 dense, 2 hashed)
     *   | dense: int capacity | int n | n x (int key | long sum | long count) of the open pane, in order of first value
     *           | int m | m x (int key | long sum | long count) of the window, in emit order
     *   | hashed: open pane (LongKeyedState image) | window (LongKeyedState image)
     *   | closed panes (long head | long tail | records of 3 longs: key, sum, count)
     * </pre>
     *
     * @param buffer where to write; must have room (an expandable Agrona buffer grows).
     * @param offset where to start.
     * @return the offset after the state.
     */
    @Override
    public int writeTo(final MutableDirectBuffer buffer, final int offset)
    {
        checkOpen();
        int at = offset;
        buffer.putInt(at, IMAGE_VERSION);
        buffer.putLong(at + 4, spec.windowLengthMs());
        buffer.putLong(at + 12, spec.slideIntervalMs());
        buffer.putLong(at + 20, spec.batchIntervalMs());
        buffer.putLong(at + 28, batchesEnded);
        buffer.putLong(at + 36, panesClosed);
        buffer.putInt(at + 44, panesPerWindow);
        at += 48;
        for (final long end : paneEnds)
        {
            buffer.putLong(at, end);
            at += Long.BYTES;
        }
        if (null == window)
        {
            buffer.putByte(at, DENSE_KEYS);
            at = dense.writeTo(buffer, at + 1);
        }
        else
        {
            buffer.putByte(at, HASHED_KEYS);
            at = openPane.writeTo(buffer, at + 1);
            at = window.writeTo(buffer, at);
        }
        return closedPanes.writeTo(buffer, at);
    }

    /**
     * Replaces this window's state with one written by {@link #writeTo} for the same window shape, dense or hashed
     * keys alike.
     *
     * @param buffer where to read.
     * @param offset where to start.
     * @return the offset after the state.
     * @throws IllegalArgumentException naming what differs if the image is of another version or window shape, or
     *                                  is inconsistent.
     */
    @Override
    public int readFrom(final DirectBuffer buffer, final int offset)
    {
        checkOpen();
        int at = offset;
        final int version = buffer.getInt(at);
        if (version != IMAGE_VERSION)
        {
            throw new IllegalArgumentException("window state version " + version + ", expected " + IMAGE_VERSION +
                (version == 1 ? ": version 1 images (hash maps only, before the dense-key arrays) cannot be read;" +
                " start from the sources without this checkpoint" : ""));
        }
        final long windowMs = buffer.getLong(at + 4);
        final long slideMs = buffer.getLong(at + 12);
        final long batchMs = buffer.getLong(at + 20);
        if (windowMs != spec.windowLengthMs() || slideMs != spec.slideIntervalMs() || batchMs != spec.batchIntervalMs())
        {
            throw new IllegalArgumentException("window state is for window=" + windowMs + "ms slide=" + slideMs +
                "ms batch=" + batchMs + "ms, this window is window=" + spec.windowLengthMs() + "ms slide=" +
                spec.slideIntervalMs() + "ms batch=" + spec.batchIntervalMs() + "ms");
        }
        final long ended = buffer.getLong(at + 28);
        final long closed = buffer.getLong(at + 36);
        final int panes = buffer.getInt(at + 44);
        if (panes != panesPerWindow)
        {
            throw new IllegalArgumentException("window state has " + panes + " panes, expected " + panesPerWindow);
        }
        at += 48;
        final int keys = buffer.getByte(at + panes * Long.BYTES);
        if (keys != DENSE_KEYS && keys != HASHED_KEYS)
        {
            throw new IllegalArgumentException("window state: unknown key layout " + keys);
        }
        for (int i = 0; i < panes; i++)
        {
            paneEnds[i] = buffer.getLong(at);
            at += Long.BYTES;
        }
        at++;
        if (keys == DENSE_KEYS)
        {
            closeHashMaps();
            at = dense.readFrom(buffer, at);
        }
        else
        {
            dense.close();
            if (null == window)
            {
                openPane = new LongKeyedState(2, 0);
                window = new LongKeyedState(2, 0);
            }
            at = openPane.readFrom(buffer, at);
            at = window.readFrom(buffer, at);
        }
        at = closedPanes.readFrom(buffer, at);
        if (keys == DENSE_KEYS)
        {
            for (long position = closedPanes.head(); position < closedPanes.tail(); position++)
            {
                final long key = closedPanes.get(position, 0);
                if (key < 0 || key >= dense.capacity())
                {
                    // the arrays are accessed unchecked: leave no such key behind for a later pane expiry
                    closedPanes.advanceHead(closedPanes.tail());
                    throw new IllegalArgumentException("window state: closed pane key " + key + " outside the dense " +
                        "range [0, " + dense.capacity() + ")");
                }
            }
        }
        batchesEnded = ended;
        panesClosed = closed;
        return at;
    }

    @Override
    public void close()
    {
        isClosed = true;
        dense.close();
        closeHashMaps();
        closedPanes.close();
    }

    /**
     * Moves every key from the dense arrays to hash maps, for good: the open pane's keys in order of first value, the
     * window's in emit order, so the result depends only on the state (a restored window moves identically).
     */
    private void moveToHashMaps()
    {
        final LongKeyedState pane = new LongKeyedState(2, Math.max(expectedKeys, dense.touchedCount()));
        final LongKeyedState window;
        try
        {
            window = new LongKeyedState(2, Math.max(expectedKeys, dense.memberCount()));
        }
        catch (final RuntimeException ex)
        {
            pane.close();
            throw ex;
        }
        dense.drainInto(pane, window);
        this.openPane = pane;
        this.window = window;
    }

    private void closeHashMaps()
    {
        if (null != window)
        {
            openPane.close();
            window.close();
            openPane = null;
            window = null;
        }
    }

    private void checkOpen()
    {
        if (isClosed)
        {
            throw new IllegalStateException("KeyedSumCountWindow is closed");
        }
    }

    private void closePane()
    {
        final int ring = (int)(panesClosed % panesPerWindow);
        if (panesClosed >= panesPerWindow)
        {
            // Pane (panesClosed - panesPerWindow) leaves the window; its end position is in the slot it frees.
            if (null == window)
            {
                dense.subtract(closedPanes, paneEnds[ring], inverse);
            }
            else
            {
                subtractPane(paneEnds[ring]);
            }
        }
        if (null == window)
        {
            dense.mergeOpenPane(closedPanes, reduce);
        }
        else
        {
            openPane.forEach(mergeIntoWindow);
            // the next pane likely holds about as many keys: size its table for them (a no-op once it is big enough)
            openPane.clear(openPane.size());
        }
        paneEnds[ring] = closedPanes.tail();
        panesClosed++;
        if (panesClosed == 1 && null == window && dense.isSparse())
        {
            // the first pane grew the arrays for keys it turned out not to hold densely (DenseKeyPanes); later panes
            // are checked as they grow, and a window that holds fewer keys for a while keeps its arrays
            moveToHashMaps();
        }
    }

    private void mergeIntoWindow(final long key, final int paneSlot)
    {
        final long sum = openPane.getLong(paneSlot, SUM);
        final long count = openPane.getLong(paneSlot, COUNT);
        if (reduce == null)
        {
            window.addToFields01(key, sum, count);
        }
        else
        {
            final LongKeyedState window = this.window;
            final int existing = window.find(key);
            if (existing < 0)
            {
                final int slot = window.getOrInsert(key);
                window.putLong(slot, SUM, sum);
                window.putLong(slot, COUNT, count);
            }
            else
            {
                window.putLong(existing, SUM, reduce.applyAsLong(window.getLong(existing, SUM), sum));
                window.addLong(existing, COUNT, count);
            }
        }
        closedPanes.append3(key, sum, count);
    }

    private void subtractPane(final long end)
    {
        final PaneLog closedPanes = this.closedPanes;
        final LongKeyedState window = this.window;
        for (long position = closedPanes.head(); position < end; position++)
        {
            final int slot = window.find(closedPanes.get(position, 0));
            if (slot >= 0)
            {
                if (inverse == null)
                {
                    window.addLong(slot, SUM, -closedPanes.get(position, 1));
                }
                else
                {
                    window.putLong(slot, SUM, inverse.applyAsLong(window.getLong(slot, SUM),
                        closedPanes.get(position, 1)));
                }
                window.addLong(slot, COUNT, -closedPanes.get(position, 2));
            }
        }
        closedPanes.advanceHead(end);
    }

    private void emit(final KeySumCountConsumer consumer)
    {
        if (null == window)
        {
            dense.emit(consumer, filter);
            return;
        }
        emitTarget = consumer;
        droppedKeyCount = 0;
        try
        {
            window.forEach(emitKey);
        }
        finally
        {
            emitTarget = null;
        }
        for (int i = 0; i < droppedKeyCount; i++)
        {
            window.remove(droppedKeys[i]);
        }
    }

    private void emitKey(final long key, final int slot)
    {
        final long sum = window.getLong(slot, SUM);
        final long count = window.getLong(slot, COUNT);
        if (null != filter && !filter.keep(key, sum, count))
        {
            // Removal must wait for the end of the iteration, which a removal's backward shift would disturb.
            if (droppedKeyCount == droppedKeys.length)
            {
                droppedKeys = Arrays.copyOf(droppedKeys, droppedKeyCount * 2);
            }
            droppedKeys[droppedKeyCount++] = key;
        }
        else
        {
            emitTarget.accept(key, sum, count);
        }
    }
}
