package dev.rill.operators.keyed;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** reduceByKey, countByValue, combineByKey, mapValues, flatMapValues: input batches to exact output per batch. */
class PerBatchOperatorsTest
{
    @Test
    void reduceByKeyJavadocExample()
    {
        try (ReduceByKey reduce = new ReduceByKey(Long::sum, 0))
        {
            reduce.add('a', 1);
            reduce.add('b', 2);
            reduce.add('a', 3);
            assertEquals("a=4 b=2", endBatch(reduce));
            assertEquals("", endBatch(reduce));
            reduce.add('b', 5);
            assertEquals("b=5", endBatch(reduce), "nothing carried over from batch 1");
        }
    }

    @Test
    void reduceByKeyAppliesFunctionInArrivalOrderAndNotForSingleValues()
    {
        // Non-commutative on purpose: older * 10 + newer shows the operand order.
        try (ReduceByKey reduce = new ReduceByKey((older, newer) -> older * 10 + newer, 0))
        {
            reduce.add('a', 1);
            reduce.add('a', 2);
            reduce.add('a', 3);
            reduce.add('b', 7);
            assertEquals("a=123 b=7", endBatch(reduce));
        }
    }

    @Test
    void reduceByKeyFunctionThatThrowsLeavesKeyAsItWas()
    {
        try (ReduceByKey reduce = new ReduceByKey((a, b) ->
        {
            if (b < 0)
            {
                throw new IllegalStateException("negative value " + b);
            }
            return a + b;
        }, 0))
        {
            reduce.add('a', 1);
            reduce.add('a', 2);
            final IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> reduce.add('a', -5));
            assertEquals("negative value -5", thrown.getMessage());
            reduce.add('a', 4);
            assertEquals("a=7", endBatch(reduce));
        }
    }

    @Test
    void reduceByKeyMatchesHashMapOverRandomBatches()
    {
        final SplittableRandom random = new SplittableRandom(42);
        try (ReduceByKey reduce = new ReduceByKey(Math::max, 4))
        {
            for (int batch = 0; batch < 200; batch++)
            {
                final Map<Long, Long> expected = new TreeMap<>();
                final int records = random.nextInt(5) == 0 ? 0 : random.nextInt(500);
                for (int r = 0; r < records; r++)
                {
                    final long key = random.nextInt(300) == 0 ? Long.MIN_VALUE : random.nextInt(100) - 50;
                    final long value = random.nextLong();
                    reduce.add(key, value);
                    expected.merge(key, value, Math::max);
                }
                final Map<Long, Long> actual = new TreeMap<>();
                reduce.endBatch((key, value) -> assertEquals(null, actual.put(key, value), "key emitted twice"));
                assertEquals(expected, actual, "batch " + batch);
            }
        }
    }

    @Test
    void countByValueJavadocExample()
    {
        try (CountByValue count = new CountByValue(0))
        {
            count.add(7);
            count.add(7);
            count.add(3);
            assertEquals("3=1 7=2", endBatch(count));
            assertEquals("", endBatch(count));
            count.add(3);
            assertEquals("3=1", endBatch(count));
        }
    }

    @Test
    void combineByKeyJavadocExample()
    {
        try (CombineByKey combine = new CombineByKey(v -> v * 10, (c, v) -> c + v, 0))
        {
            combine.add('a', 1);
            combine.add('a', 2);
            combine.add('b', 3);
            final Out out = new Out();
            combine.endBatch(out::keyValue);
            assertEquals("a=12 b=30", out.sorted());
            combine.add('a', 4);
            final Out second = new Out();
            combine.endBatch(second::keyValue);
            assertEquals("a=40", second.sorted(), "a new combiner each batch");
        }
    }

    @Test
    void mapValuesJavadocExample()
    {
        final MapValues mapValues = new MapValues(v -> v * 2);
        final Out out = new Out();
        mapValues.apply('a', 1, out::keyValue);
        mapValues.apply('b', 2, out::keyValue);
        mapValues.apply('a', 3, out::keyValue);
        assertEquals("a=2 b=4 a=6", out.inOrder());
    }

    @Test
    void flatMapValuesJavadocExample()
    {
        final FlatMapValues flatMapValues = new FlatMapValues((value, out) ->
        {
            for (long i = 0; i < value; i++)
            {
                out.accept(value);
            }
        });
        final Out out = new Out();
        flatMapValues.apply('a', 2, out::keyValue);
        flatMapValues.apply('b', 0, out::keyValue);
        flatMapValues.apply('c', 1, out::keyValue);
        assertEquals("a=2 a=2 c=1", out.inOrder());
    }

    @Test
    void flatMapValuesOutputCannotBeUsedAfterTheCall()
    {
        final List<java.util.function.LongConsumer> leaked = new ArrayList<>();
        final FlatMapValues flatMapValues = new FlatMapValues((value, out) -> leaked.add(out));
        flatMapValues.apply('a', 1, (k, v) -> { });
        assertThrows(IllegalStateException.class, () -> leaked.get(0).accept(5));
    }

    @Test
    void countByValueMatchesHashMap()
    {
        final SplittableRandom random = new SplittableRandom(7);
        try (CountByValue count = new CountByValue(0))
        {
            for (int batch = 0; batch < 50; batch++)
            {
                final Map<Long, Long> expected = new HashMap<>();
                for (int r = random.nextInt(2000); r > 0; r--)
                {
                    final long value = random.nextInt(700);
                    count.add(value);
                    expected.merge(value, 1L, Long::sum);
                }
                final Map<Long, Long> actual = new HashMap<>();
                count.endBatch(actual::put);
                assertEquals(expected, actual, "batch " + batch);
            }
        }
    }

    private static String endBatch(final ReduceByKey reduce)
    {
        final Out out = new Out();
        reduce.endBatch(out::keyValue);
        return out.sorted();
    }

    private static String endBatch(final CountByValue count)
    {
        final Out out = new Out();
        count.endBatch(out::keyValue);
        return out.sorted();
    }
}
