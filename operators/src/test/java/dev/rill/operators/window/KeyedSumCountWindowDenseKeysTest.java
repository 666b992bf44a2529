package dev.rill.operators.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.LongBinaryOperator;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

/**
 * The dense-key path of {@link KeyedSumCountWindow} (keys in {@code [0, 2^20)} held in arrays) and its move to the hash
 * maps when a key falls outside: every emitted window against a brute-force recomputation, the emit order, and
 * checkpoint images written in either mode and read back, before and after the move.
 */
class KeyedSumCountWindowDenseKeysTest
{
    private static final WindowSpec SPEC = WindowSpec.of(1_000, 200, 100); // 5 panes, emit every 2 batches
    private static final LongBinaryOperator XOR = (a, b) -> a ^ b;
    private static final long[] OUTSIDE_KEYS = {-1, -7_000_000_000L, Long.MIN_VALUE, 1 << 20, Long.MAX_VALUE};

    /** Batches of (key, value); {@code outside} is put in the middle of batch {@code outsideAt}'s records. */
    private static List<long[][]> input(final long seed, final int batches, final int keySpace, final int outsideAt,
        final long outside)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<long[][]> input = new ArrayList<>();
        for (int b = 0; b < batches; b++)
        {
            final int records = random.nextInt(10) < 3 ? 0 : random.nextInt(300);
            final List<long[]> batch = new ArrayList<>();
            for (int r = 0; r < records; r++)
            {
                if (b == outsideAt && r == records / 2)
                {
                    batch.add(new long[] {outside, 17});
                }
                final long key = b >= outsideAt && random.nextInt(20) == 0 ? outside - random.nextInt(3) :
                    random.nextInt(keySpace);
                batch.add(new long[] {key, random.nextInt(20) == 0 ? random.nextLong() : random.nextInt(2001) - 1000});
            }
            if (b == outsideAt && records == 0)
            {
                batch.add(new long[] {outside, 17});
            }
            input.add(batch.toArray(new long[0][]));
        }
        return input;
    }

    @Test
    void denseKeysMatchBruteForceWithAndWithoutFilterAndWithReduce()
    {
        for (long seed = 1; seed <= 3; seed++)
        {
            final List<long[][]> batches = input(seed, 120, 3_000, Integer.MAX_VALUE, 0);
            for (final boolean isFiltered : new boolean[] {false, true})
            {
                for (final boolean isXor : new boolean[] {false, true})
                {
                    final KeyedSumCountWindow window = window(isFiltered, isXor);
                    try (window)
                    {
                        runAndCheck(window, batches, isFiltered, isXor, "seed=" + seed, -1);
                        assertTrue(window.hasDenseKeys(), "keys in [0, 3000) stay dense");
                    }
                }
            }
        }
    }

    @Test
    void aKeyOutsideTheDenseRangeMidPaneMovesEveryKeyToTheHashMapsWithoutLosingAValue()
    {
        int seed = 10;
        for (final long outside : OUTSIDE_KEYS)
        {
            for (final int outsideAt : new int[] {0, 7, 33})
            {
                seed++;
                final List<long[][]> batches = input(seed, 80, 2_000, outsideAt, outside);
                for (final boolean isFiltered : new boolean[] {false, true})
                {
                    for (final boolean isXor : new boolean[] {false, true})
                    {
                        try (KeyedSumCountWindow window = window(isFiltered, isXor))
                        {
                            runAndCheck(window, batches, isFiltered, isXor, "outside=" + outside + " at batch " +
                                outsideAt, outsideAt);
                            assertFalse(window.hasDenseKeys(), "moved to the hash maps");
                        }
                    }
                }
            }
        }
    }

    @Test
    void denseArraysGrowToTheLargestKeyAndBeyondTheFreeCapacityOnlyWhileDense()
    {
        try (KeyedSumCountWindow window = new KeyedSumCountWindow(SPEC, 0, null))
        {
            window.add(DenseKeyPanes.FREE_CAPACITY - 1, 1);
            window.add(5_000, 2);
            assertTrue(window.hasDenseKeys());
            // 2^20 - 1 needs a capacity of 2^20 for 3 keys: too sparse, found when the first pane closes
            window.add((1 << 20) - 1, 3);
            assertTrue(window.hasDenseKeys(), "the first pane is not judged before it closes");
            final Map<Long, long[]> out = new HashMap<>();
            window.endBatch((k, s, c) -> out.put(k, new long[] {s, c}));
            assertTrue(window.hasDenseKeys(), "the pane is two batches");
            window.endBatch((k, s, c) -> out.put(k, new long[] {s, c}));
            assertFalse(window.hasDenseKeys(), "moved to the hash maps when the first pane closed");
            assertEquals(3, out.size());
            assertEquals(3, out.get((long)(1 << 20) - 1)[0]);
            assertEquals(1, out.get((long)DenseKeyPanes.FREE_CAPACITY - 1)[0]);
        }
        try (KeyedSumCountWindow window = new KeyedSumCountWindow(SPEC, 0, null))
        {
            // after the first pane, growth is judged as it happens: 2^20 - 1 for 2 keys held is refused at once
            window.add(1, 1);
            window.endBatch((k, s, c) -> { });
            window.endBatch((k, s, c) -> { });
            window.add(2, 1);
            assertTrue(window.hasDenseKeys());
            window.add((1 << 20) - 1, 1);
            assertFalse(window.hasDenseKeys());
        }
        try (KeyedSumCountWindow window = new KeyedSumCountWindow(SPEC, 0, null))
        {
            // one key in 16 of 2^17 held: the capacity may double past the free capacity
            final int held = (1 << 17) / DenseKeyPanes.MIN_DENSITY;
            for (int k = 0; k < held; k++)
            {
                window.add(k * 8L, 1);
            }
            window.add((1 << 17) - 1, 1);
            assertTrue(window.hasDenseKeys());
            window.endBatch((k, s, c) -> { });
            final long[] emitted = new long[2];
            window.endBatch((k, s, c) ->
            {
                emitted[0]++;
                emitted[1] += c;
            });
            assertEquals(held + 1, emitted[0]);
            assertEquals(held + 1, emitted[1]);
        }
    }

    @Test
    void keysSpreadOverMoreThanTheFreeCapacityStayDenseThoughALargeKeyComesFirst()
    {
        // W1 with 100,000 symbols: key 99,999 among the first values, when 2 keys are held; the first pane then holds
        // about 63,000 of them, far more than one in 16 of 2^17
        final SplittableRandom random = new SplittableRandom(5);
        final Map<Long, Long> truth = new HashMap<>();
        try (KeyedSumCountWindow window = new KeyedSumCountWindow(SPEC, 0, null))
        {
            window.add(0, 1);
            window.add(99_999, 1);
            truth.merge(0L, 1L, Long::sum);
            truth.merge(99_999L, 1L, Long::sum);
            assertTrue(window.hasDenseKeys());
            for (int batch = 0; batch < 2; batch++)
            {
                for (int i = 0; i < 50_000; i++)
                {
                    final long key = random.nextInt(100_000);
                    window.add(key, 1);
                    truth.merge(key, 1L, Long::sum);
                }
                final Map<Long, Long> out = new HashMap<>();
                window.endBatch((k, s, c) -> out.put(k, c));
                if (batch == 1)
                {
                    assertEquals(truth, out, "every key's count after the first pane");
                }
            }
            assertTrue(window.hasDenseKeys(), "the first pane held its keys densely: no move to the hash maps");
        }
        try (KeyedSumCountWindow window = new KeyedSumCountWindow(SPEC, 0, KeySumCountFilter.NON_EMPTY))
        {
            for (int i = 0; i < 100_000; i++)
            {
                window.add(random.nextInt(100_000), 1);
            }
            // a quiet spell longer than the window: every key expires and is dropped, none is held
            final int[] emitted = new int[1];
            for (int batch = 0; batch < 14; batch++)
            {
                emitted[0] = 0;
                window.endBatch((k, s, c) -> emitted[0]++);
            }
            assertEquals(0, emitted[0]);
            assertTrue(window.hasDenseKeys(), "a window holding fewer keys for a while keeps its arrays");
            window.add(99_999, 3);
            window.endBatch((k, s, c) -> { });
            final Map<Long, Long> out = new HashMap<>();
            window.endBatch((k, s, c) -> out.put(k, s));
            assertEquals(Map.of(99_999L, 3L), out);
        }
    }

    @Test
    void emitOrderIsTheOrderOfEntryIntoTheWindowAndAReturningKeyGoesLast()
    {
        try (KeyedSumCountWindow window = new KeyedSumCountWindow(WindowSpec.of(2, 1, 1), 0,
            KeySumCountFilter.NON_EMPTY))
        {
            window.add(9, 1);
            window.add(3, 1);
            window.add(9, 1);
            window.add(40, 1);
            assertEquals(List.of(9L, 3L, 40L), emitted(window));
            window.add(1, 1);
            window.add(40, 1);
            assertEquals(List.of(9L, 3L, 40L, 1L), emitted(window));
            window.add(3, 1);
            assertEquals(List.of(3L, 40L, 1L), emitted(window)); // 9 expired and dropped
            window.add(9, 1);
            assertEquals(List.of(3L, 9L), emitted(window));
            assertTrue(window.hasDenseKeys());
        }
    }

    /**
     * A consumer failing in the middle of an emit (the 100th of about 250 keys, inside the second chunk the emit reads
     * ahead) leaves every key not yet handed on as a member: the next window is the same as after an emit that did
     * not fail, keys and order.
     */
    @Test
    void aConsumerFailingMidEmitLeavesEveryKeyNotHandedOnForTheNextEmit()
    {
        final List<List<Long>> windows = new ArrayList<>();
        for (final boolean failing : new boolean[] {false, true})
        {
            try (KeyedSumCountWindow window = new KeyedSumCountWindow(WindowSpec.of(2, 1, 1), 0,
                KeySumCountFilter.NON_EMPTY))
            {
                for (int key = 0; key < 300; key++)
                {
                    window.add(key * 7 % 300, 1);
                }
                assertEquals(300, emitted(window).size());
                for (int key = 0; key < 300; key += 2)
                {
                    window.add(key, 1);
                }
                assertEquals(300, emitted(window).size());
                for (int key = 0; key < 300; key += 3)
                {
                    window.add(key, 1);
                }
                // the window now holds the even keys and the multiples of 3; the other 100 leave it at this emit
                if (failing)
                {
                    final int[] handed = {0};
                    final IllegalStateException failure = assertThrows(IllegalStateException.class, () ->
                        window.endBatch((k, sum, count) ->
                        {
                            if (++handed[0] == 100)
                            {
                                throw new IllegalStateException("consumer failed at key " + k);
                            }
                        }));
                    assertTrue(failure.getMessage().startsWith("consumer failed at key "), failure::getMessage);
                }
                else
                {
                    assertEquals(200, emitted(window).size());
                }
                // and now only the multiples of 3, in the order they entered the window
                windows.add(emitted(window));
            }
        }
        assertEquals(100, windows.get(0).size());
        for (final long key : windows.get(0))
        {
            assertEquals(0, key % 3, windows.get(0)::toString);
        }
        assertEquals(windows.get(0), windows.get(1));
    }

    @Test
    void restoredWindowsEmitTheSameResultsInTheSameOrderAcrossTheMove()
    {
        // A negative key moves the window in batch 30; images taken mid-batch before it (dense) and after it (hashed).
        // Keys near 2^20 from batch 0 on grow the arrays in the first pane, which closes after batch 1 holding too few
        // keys for them, and the move happens at that close; images in the first pane, at its end and after.
        final List<String> names = List.of("negative key at batch 30", "sparse first pane");
        final List<List<long[][]>> inputs = List.of(input(77, 70, 4_000, 30, -5),
            input(78, 70, 4_000, 0, (1 << 20) - 1));
        final List<int[][]> imagePoints = List.of(new int[][] {{0, 0}, {12, 40}, {30, 0}, {30, 1_000}, {45, 17}},
            new int[][] {{0, 0}, {0, 60}, {1, 30}, {2, 0}, {12, 40}});
        for (int scenario = 0; scenario < names.size(); scenario++)
        for (final boolean isXor : new boolean[] {false, true})
        {
            final List<long[][]> batches = inputs.get(scenario);
            for (final int[] at : imagePoints.get(scenario))
            {
                final String context = names.get(scenario) + ", xor=" + isXor + " image at batch " + at[0] +
                    " record " + at[1];
                try (KeyedSumCountWindow original = window(true, isXor);
                    KeyedSumCountWindow restored = window(true, isXor))
                {
                    final List<String> expected = new ArrayList<>();
                    final List<String> actual = new ArrayList<>();
                    boolean isCopied = false;
                    for (int b = 0; b < batches.size(); b++)
                    {
                        final long[][] batch = batches.get(b);
                        for (int r = 0; r <= batch.length; r++)
                        {
                            if (!isCopied && b == at[0] && r == Math.min(at[1], batch.length))
                            {
                                final ExpandableArrayBuffer image = new ExpandableArrayBuffer(64);
                                final int length = original.writeTo(image, 0);
                                assertEquals(length, restored.readFrom(image, 0), context);
                                assertEquals(original.hasDenseKeys(), restored.hasDenseKeys(), context);
                                assertEquals(original.windowKeys(), restored.windowKeys(), context);
                                isCopied = true;
                            }
                            if (r < batch.length)
                            {
                                original.add(batch[r][0], batch[r][1]);
                                if (isCopied)
                                {
                                    restored.add(batch[r][0], batch[r][1]);
                                }
                            }
                        }
                        if (isCopied)
                        {
                            final int batchNumber = b;
                            original.endBatch((k, s, c) -> expected.add(batchNumber + ":" + k + "=" + s + "/" + c));
                            restored.endBatch((k, s, c) -> actual.add(batchNumber + ":" + k + "=" + s + "/" + c));
                        }
                        else
                        {
                            original.endBatch((k, s, c) -> { });
                        }
                    }
                    assertFalse(original.hasDenseKeys(), context);
                    assertFalse(restored.hasDenseKeys(), context);
                    assertTrue(expected.size() > 1_000, context + ": " + expected.size());
                    assertEquals(expected, actual, context);
                }
            }
        }
    }

    @Test
    void aDenseImageReadIntoAHashedWindowAndAHashedImageIntoADenseOneContinueExactly()
    {
        final List<long[][]> batches = input(5, 40, 1_000, Integer.MAX_VALUE, 0);
        try (KeyedSumCountWindow dense = new KeyedSumCountWindow(SPEC, 0, KeySumCountFilter.NON_EMPTY);
            KeyedSumCountWindow hashed = new KeyedSumCountWindow(SPEC, 0, KeySumCountFilter.NON_EMPTY);
            KeyedSumCountWindow target = new KeyedSumCountWindow(SPEC, 0, KeySumCountFilter.NON_EMPTY))
        {
            hashed.add(-1, 0);
            hashed.endBatch((k, s, c) -> { });
            dense.endBatch((k, s, c) -> { });
            for (int b = 0; b < 20; b++)
            {
                feed(batches.get(b), dense, hashed);
            }
            assertTrue(dense.hasDenseKeys());
            assertFalse(hashed.hasDenseKeys());
            final ExpandableArrayBuffer image = new ExpandableArrayBuffer(64);

            // the target is dense; read the hashed image into it, then the dense image into the now hashed target
            hashed.writeTo(image, 0);
            target.readFrom(image, 0);
            assertFalse(target.hasDenseKeys());
            assertEquals(hashed.windowKeys(), target.windowKeys());
            dense.writeTo(image, 0);
            target.readFrom(image, 0);
            assertTrue(target.hasDenseKeys());
            assertEquals(dense.windowKeys(), target.windowKeys());
            for (int b = 20; b < 40; b++)
            {
                final List<String> expected = new ArrayList<>();
                final List<String> actual = new ArrayList<>();
                for (final long[] record : batches.get(b))
                {
                    dense.add(record[0], record[1]);
                    target.add(record[0], record[1]);
                }
                dense.endBatch((k, s, c) -> expected.add(k + "=" + s + "/" + c));
                target.endBatch((k, s, c) -> actual.add(k + "=" + s + "/" + c));
                assertEquals(expected, actual, "batch " + b);
            }
        }
    }

    @Test
    void aVersionOneImageIsRefusedNamingTheVersions()
    {
        try (KeyedSumCountWindow window = new KeyedSumCountWindow(SPEC, 0, null))
        {
            final ExpandableArrayBuffer image = new ExpandableArrayBuffer(64);
            window.writeTo(image, 0);
            image.putInt(0, 1);
            final String message = assertThrows(IllegalArgumentException.class, () -> window.readFrom(image, 0))
                .getMessage();
            assertTrue(message.contains("version 1") && message.contains("expected 2"), message);
        }
    }

    @Test
    void aDenseImageWithAKeyOutsideItsCapacityIsRefused()
    {
        try (KeyedSumCountWindow window = new KeyedSumCountWindow(SPEC, 0, null))
        {
            window.add(3, 1);
            final ExpandableArrayBuffer image = new ExpandableArrayBuffer(64);
            window.writeTo(image, 0);
            // header 48 + 5 pane ends + layout byte + capacity + touched count: the first touched key
            final int keyOffset = 48 + 5 * Long.BYTES + 1 + 2 * Integer.BYTES;
            assertEquals(3, image.getInt(keyOffset));
            image.putInt(keyOffset, 64);
            final String message = assertThrows(IllegalArgumentException.class, () -> window.readFrom(image, 0))
                .getMessage();
            assertTrue(message.contains("key 64 outside [0, 64)"), message);
        }
        try (KeyedSumCountWindow window = new KeyedSumCountWindow(SPEC, 0, null))
        {
            window.add(3, 1);
            window.endBatch((k, s, c) -> { });
            window.endBatch((k, s, c) -> { }); // a pane is 2 batches
            final ExpandableArrayBuffer image = new ExpandableArrayBuffer(64);
            window.writeTo(image, 0);
            // ... capacity, 0 touched, 1 member (20 bytes), log head and tail: the first closed pane record's key
            final int keyOffset = 48 + 5 * Long.BYTES + 1 + 3 * Integer.BYTES + 20 + 2 * Long.BYTES;
            assertEquals(3, image.getLong(keyOffset));
            image.putLong(keyOffset, -2);
            final String message = assertThrows(IllegalArgumentException.class, () -> window.readFrom(image, 0))
                .getMessage();
            assertTrue(message.contains("closed pane key -2 outside the dense range [0, 64)"), message);
            for (int b = 0; b < 10; b++)
            {
                window.endBatch((k, s, c) -> { }); // the refused key is not subtracted from the arrays
            }
        }
    }

    @Test
    void aClosedWindowRefusesValues()
    {
        final KeyedSumCountWindow window = new KeyedSumCountWindow(SPEC, 0, null);
        window.add(1, 1);
        window.close();
        assertThrows(IllegalStateException.class, () -> window.add(1, 1));
        assertThrows(IllegalStateException.class, () -> window.add(-1, 1));
        assertThrows(IllegalStateException.class, () -> window.endBatch((k, s, c) -> { }));
        window.close();
    }

    private static void feed(final long[][] batch, final KeyedSumCountWindow a, final KeyedSumCountWindow b)
    {
        for (final long[] record : batch)
        {
            a.add(record[0], record[1]);
            b.add(record[0], record[1]);
        }
        a.endBatch((k, s, c) -> { });
        b.endBatch((k, s, c) -> { });
    }

    private static List<Long> emitted(final KeyedSumCountWindow window)
    {
        final List<Long> keys = new ArrayList<>();
        window.endBatch((k, s, c) -> keys.add(k));
        return keys;
    }

    private static KeyedSumCountWindow window(final boolean isFiltered, final boolean isXor)
    {
        return new KeyedSumCountWindow(SPEC, 1024, isFiltered ? KeySumCountFilter.NON_EMPTY : null,
            isXor ? XOR : null, isXor ? XOR : null);
    }

    /** Feeds every batch, checking each emitted window against a recomputation from the raw batches. */
    private static void runAndCheck(final KeyedSumCountWindow window, final List<long[][]> batches,
        final boolean isFiltered, final boolean isXor, final String context, final int outsideAt)
    {
        final Set<Long> everSeen = new LinkedHashSet<>();
        for (int b = 0; b < batches.size(); b++)
        {
            for (final long[] record : batches.get(b))
            {
                window.add(record[0], record[1]);
                everSeen.add(record[0]);
            }
            if (b < outsideAt)
            {
                assertTrue(window.hasDenseKeys(), context + " batch " + b);
            }
            final Map<Long, long[]> emitted = new HashMap<>();
            final int batch = b;
            final boolean isEmitted = window.endBatch((key, sum, count) ->
            {
                if (emitted.put(key, new long[] {sum, count}) != null)
                {
                    fail(context + " batch " + batch + ": key " + key + " emitted twice");
                }
            });
            assertEquals((b + 1) % SPEC.batchesPerSlide() == 0, isEmitted, context + " batch " + b);
            if (isEmitted)
            {
                compare(context + " filtered=" + isFiltered + " xor=" + isXor + " batch " + b,
                    bruteForce(batches, b, isXor, isFiltered ? null : everSeen), emitted);
            }
        }
    }

    private static Map<Long, long[]> bruteForce(final List<long[][]> batches, final int last, final boolean isXor,
        final Set<Long> zeroKeys)
    {
        final Map<Long, long[]> result = new HashMap<>();
        if (zeroKeys != null)
        {
            for (final Long key : zeroKeys)
            {
                result.put(key, new long[2]);
            }
        }
        for (int b = (int)Math.max(0, last - SPEC.batchesPerWindow() + 1); b <= last; b++)
        {
            for (final long[] record : batches.get(b))
            {
                final long[] sumCount = result.computeIfAbsent(record[0], k -> new long[2]);
                sumCount[0] = isXor ? sumCount[0] ^ record[1] : sumCount[0] + record[1];
                sumCount[1]++;
            }
        }
        return result;
    }

    private static void compare(final String where, final Map<Long, long[]> expected, final Map<Long, long[]> actual)
    {
        assertEquals(expected.size(), actual.size(), where + ": keys emitted");
        for (final Map.Entry<Long, long[]> entry : expected.entrySet())
        {
            final long[] got = actual.get(entry.getKey());
            if (got == null || got[0] != entry.getValue()[0] || got[1] != entry.getValue()[1])
            {
                fail(where + ": key " + entry.getKey() + " expected sum,count " + entry.getValue()[0] + "," +
                    entry.getValue()[1] + " got " + (got == null ? "nothing" : got[0] + "," + got[1]));
            }
        }
    }
}
