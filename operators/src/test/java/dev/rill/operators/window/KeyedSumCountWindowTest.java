package dev.rill.operators.window;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** The inverse-reduce window against a brute-force recomputation of every window from the raw batches. */
class KeyedSumCountWindowTest
{
    private static final long[][] SHAPES = {
        // window ms, slide ms, batch ms
        {1000, 100, 100},     // W1: 10 panes
        {200, 100, 100},      // 2 panes
        {100_000, 100, 100},  // 1000 panes
        {1500, 1000, 500},    // pane = gcd = 500 ms, 2 panes per slide
        {3000, 2000, 500},    // 2 batches per pane, 4 per slide
        {1000, 1000, 250},    // tumbling
    };

    @Test
    void javadocExampleKeepsZeroKeysWithoutFilter()
    {
        final List<Map<Long, long[]>> outputs = runExample(null);
        assertWindow(outputs.get(0), 'a', 5, 1, 'b', 1, 1);
        assertWindow(outputs.get(1), 'a', 7, 2, 'b', 1, 1);
        assertWindow(outputs.get(2), 'a', 7, 2, 'b', 1, 1);
        assertWindow(outputs.get(3), 'a', 2, 1, 'b', 0, 0);
        assertWindow(outputs.get(4), 'a', 0, 0, 'b', 0, 0);
    }

    @Test
    void javadocExampleDropsEmptyKeysWithFilter()
    {
        final List<Map<Long, long[]>> outputs = runExample(KeySumCountFilter.NON_EMPTY);
        assertWindow(outputs.get(2), 'a', 7, 2, 'b', 1, 1);
        assertEquals(1, outputs.get(3).size());
        assertTrue(outputs.get(3).containsKey((long)'a'));
        assertEquals(0, outputs.get(4).size());
    }

    @Test
    void matchesBruteForceWithoutFilter()
    {
        for (final long[] shape : SHAPES)
        {
            for (long seed = 1; seed <= 4; seed++)
            {
                check(shape, seed, false);
            }
        }
    }

    @Test
    void matchesBruteForceWithNonEmptyFilter()
    {
        for (final long[] shape : SHAPES)
        {
            for (long seed = 11; seed <= 14; seed++)
            {
                check(shape, seed, true);
            }
        }
    }

    private static void check(final long[] shape, final long seed, final boolean isFiltered)
    {
        final WindowSpec spec = WindowSpec.of(shape[0], shape[1], shape[2]);
        final int batchCount = (int)Math.max(300, spec.batchesPerWindow() * 3);
        final RandomBatches input = new RandomBatches(seed, batchCount, 40, spec.panesPerWindow() > 100 ? 3 : 12);
        final Set<Long> everSeen = new HashSet<>();
        final Map<Long, long[]> emitted = new HashMap<>();
        final String context = spec + " seed=" + seed + " filtered=" + isFiltered;

        try (KeyedSumCountWindow window =
            new KeyedSumCountWindow(spec, 0, isFiltered ? KeySumCountFilter.NON_EMPTY : null))
        {
            for (int b = 0; b < batchCount; b++)
            {
                for (int r = 0; r < input.keys[b].length; r++)
                {
                    window.add(input.keys[b][r], input.values[b][r]);
                    everSeen.add(input.keys[b][r]);
                }
                emitted.clear();
                final int batch = b;
                final boolean isEmitted = window.endBatch((key, sum, count) ->
                {
                    if (emitted.put(key, new long[]{sum, count}) != null)
                    {
                        fail(context + " batch=" + batch + ": key " + key + " emitted twice");
                    }
                });
                final long batchesEnded = b + 1L;
                if (isEmitted != (batchesEnded % spec.batchesPerSlide() == 0))
                {
                    fail(context + " batch=" + b + ": emitted=" + isEmitted);
                }
                if (isEmitted)
                {
                    final Map<Long, long[]> expected = bruteForce(input, b, spec, isFiltered ? null : everSeen);
                    compare(context + " batch=" + b, expected, emitted);
                }
            }
        }
    }

    /** Sum and count per key over the batches of the window ending with batch {@code last} (0-based). */
    private static Map<Long, long[]> bruteForce(
        final RandomBatches input, final int last, final WindowSpec spec, final Set<Long> zeroKeys)
    {
        final Map<Long, long[]> result = new HashMap<>();
        if (zeroKeys != null)
        {
            for (final Long key : zeroKeys)
            {
                result.put(key, new long[2]);
            }
        }
        final int first = (int)Math.max(0, last - spec.batchesPerWindow() + 1);
        for (int b = first; b <= last; b++)
        {
            for (int r = 0; r < input.keys[b].length; r++)
            {
                final long[] sumCount = result.computeIfAbsent(input.keys[b][r], k -> new long[2]);
                sumCount[0] += input.values[b][r];
                sumCount[1]++;
            }
        }
        return result;
    }

    private static void compare(final String where, final Map<Long, long[]> expected, final Map<Long, long[]> actual)
    {
        if (expected.size() != actual.size())
        {
            fail(where + ": " + actual.size() + " keys emitted, expected " + expected.size());
        }
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

    private static List<Map<Long, long[]>> runExample(final KeySumCountFilter filter)
    {
        final List<Map<Long, long[]>> outputs = new ArrayList<>();
        try (KeyedSumCountWindow window = new KeyedSumCountWindow(WindowSpec.of(3, 1, 1), 0, filter))
        {
            for (int b = 0; b < 5; b++)
            {
                if (b == 0)
                {
                    window.add('a', 5);
                    window.add('b', 1);
                }
                if (b == 1)
                {
                    window.add('a', 2);
                }
                final Map<Long, long[]> output = new HashMap<>();
                assertTrue(window.endBatch((key, sum, count) -> output.put(key, new long[]{sum, count})));
                outputs.add(output);
            }
            assertFalse(window.windowKeys() > 2);
        }
        return outputs;
    }

    private static void assertWindow(
        final Map<Long, long[]> output, final long keyA, final long sumA, final long countA, final long keyB,
        final long sumB, final long countB)
    {
        assertEquals(2, output.size());
        assertEquals(sumA, output.get(keyA)[0]);
        assertEquals(countA, output.get(keyA)[1]);
        assertEquals(sumB, output.get(keyB)[0]);
        assertEquals(countB, output.get(keyB)[1]);
    }
}
