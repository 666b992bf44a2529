package dev.rill.operators.window;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongBinaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

/** The two-stacks window against a brute-force fold over the window's raw batches, oldest first. */
class KeyedAggregateWindowTest
{
    private static final long[][] SHAPES = {
        {1000, 100, 100},     // 10 panes
        {200, 100, 100},      // 2 panes
        {100_000, 100, 100},  // 1000 panes
        {1500, 1000, 500},    // 2 panes per slide
        {3000, 2000, 500},    // 2 batches per pane
        {100, 100, 100},      // 1 pane
    };

    private static final Map<String, LongBinaryOperator> OPERATORS = new LinkedHashMap<>();

    static
    {
        OPERATORS.put("min", Math::min);
        OPERATORS.put("max", Math::max);
        OPERATORS.put("sum", Long::sum);
        // Associative but not commutative: wrong element order shows up at once.
        OPERATORS.put("first", (older, newer) -> older);
        OPERATORS.put("last", (older, newer) -> newer);
    }

    @Test
    void javadocExample()
    {
        try (KeyedAggregateWindow window = new KeyedAggregateWindow(WindowSpec.of(3, 1, 1), 0, Math::max))
        {
            window.add('a', 5);
            window.add('b', 1);
            assertEquals(Map.of((long)'a', 5L, (long)'b', 1L), endBatch(window));
            window.add('a', 2);
            assertEquals(Map.of((long)'a', 5L, (long)'b', 1L), endBatch(window));
            window.add('a', 3);
            assertEquals(Map.of((long)'a', 5L, (long)'b', 1L), endBatch(window));
            assertEquals(Map.of((long)'a', 3L), endBatch(window));
            assertEquals(Map.of((long)'a', 3L), endBatch(window));
            assertEquals(Map.of(), endBatch(window));
            assertEquals(0, window.windowKeys());
        }
    }

    @Test
    void matchesBruteForce()
    {
        for (final long[] shape : SHAPES)
        {
            for (final Map.Entry<String, LongBinaryOperator> operator : OPERATORS.entrySet())
            {
                for (long seed = 21; seed <= 23; seed++)
                {
                    check(shape, operator.getKey(), operator.getValue(), seed);
                }
            }
        }
    }

    @Test
    void operatorFailurePropagates()
    {
        final IllegalStateException failure = new IllegalStateException("reduce failed");
        try (KeyedAggregateWindow window = new KeyedAggregateWindow(WindowSpec.of(2, 1, 1), 0, (a, b) ->
        {
            throw failure;
        }))
        {
            window.add(1, 1);
            assertSame(failure, assertThrows(IllegalStateException.class, () -> window.add(1, 2)));
        }
    }

    private static void check(final long[] shape, final String name, final LongBinaryOperator operator, final long seed)
    {
        final WindowSpec spec = WindowSpec.of(shape[0], shape[1], shape[2]);
        final int batchCount = (int)Math.max(300, spec.batchesPerWindow() * 3);
        final RandomBatches input = new RandomBatches(seed, batchCount, 30, spec.panesPerWindow() > 100 ? 3 : 10);
        final String context = spec + " op=" + name + " seed=" + seed;
        final Map<Long, Long> emitted = new HashMap<>();

        try (KeyedAggregateWindow window = new KeyedAggregateWindow(spec, 0, operator))
        {
            for (int b = 0; b < batchCount; b++)
            {
                for (int r = 0; r < input.keys[b].length; r++)
                {
                    window.add(input.keys[b][r], input.values[b][r]);
                }
                emitted.clear();
                final int batch = b;
                final boolean isEmitted = window.endBatch((key, value) ->
                {
                    if (emitted.put(key, value) != null)
                    {
                        fail(context + " batch=" + batch + ": key " + key + " emitted twice");
                    }
                });
                if (isEmitted != ((b + 1L) % spec.batchesPerSlide() == 0))
                {
                    fail(context + " batch=" + b + ": emitted=" + isEmitted);
                }
                if (isEmitted)
                {
                    final Map<Long, Long> expected = bruteForce(input, b, spec, operator);
                    if (!expected.equals(emitted))
                    {
                        fail(context + " batch=" + b + ": expected " + expected + " got " + emitted);
                    }
                }
            }
        }
    }

    private static Map<Long, Long> bruteForce(
        final RandomBatches input, final int last, final WindowSpec spec, final LongBinaryOperator operator)
    {
        final Map<Long, Long> result = new HashMap<>();
        final int first = (int)Math.max(0, last - spec.batchesPerWindow() + 1);
        for (int b = first; b <= last; b++)
        {
            for (int r = 0; r < input.keys[b].length; r++)
            {
                final long value = input.values[b][r];
                result.merge(input.keys[b][r], value, (older, newer) -> operator.applyAsLong(older, newer));
            }
        }
        return result;
    }

    private static Map<Long, Long> endBatch(final KeyedAggregateWindow window)
    {
        final Map<Long, Long> output = new HashMap<>();
        window.endBatch(output::put);
        return output;
    }
}
