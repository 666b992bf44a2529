package dev.rill.operators.keyed;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** groupByKey, cogroup and the four joins: Javadoc examples exactly, then against nested loops over random batches. */
class JoinCogroupTest
{
    @Test
    void groupByKeyJavadocExample()
    {
        try (GroupByKey group = new GroupByKey(0))
        {
            group.add('b', 1);
            group.add('a', 2);
            group.add('b', 3);
            assertEquals("a=[2] b=[1,3]", endBatch(group));
            assertEquals("", endBatch(group));
            group.add('a', 5);
            assertEquals("a=[5]", endBatch(group));
        }
    }

    @Test
    void cogroupJavadocExample()
    {
        try (Cogroup cogroup = new Cogroup(0))
        {
            cogroup.addLeft('a', 1);
            cogroup.addLeft('b', 2);
            cogroup.addLeft('a', 3);
            cogroup.addRight('a', 9);
            cogroup.addRight('c', 8);
            final Out out = new Out();
            cogroup.endBatch(out::cogroup);
            assertEquals("a=([1,3],[9]) b=([2],[]) c=([],[8])", out.inOrder());
            cogroup.addRight('b', 7);
            final Out second = new Out();
            cogroup.endBatch(second::cogroup);
            assertEquals("b=([],[7])", second.inOrder());
        }
    }

    @Test
    void joinJavadocExamples()
    {
        assertEquals("(a,1,9) (a,2,9)", javadocJoin(JoinType.INNER));
        assertEquals("(a,1,9) (a,2,9) (b,3,-)", javadocJoin(JoinType.LEFT_OUTER));
        assertEquals("(a,1,9) (a,2,9) (c,-,8)", javadocJoin(JoinType.RIGHT_OUTER));
        assertEquals("(a,1,9) (a,2,9) (b,3,-) (c,-,8)", javadocJoin(JoinType.FULL_OUTER));
    }

    @Test
    void joinKeepsNothingAcrossBatches()
    {
        for (final JoinType type : JoinType.values())
        {
            try (BatchJoin join = new BatchJoin(type, 0))
            {
                join.addLeft('b', 3);
                join.addRight('b', 4);
                join.endBatch((k, l, hl, r, hr) -> { });
                join.addLeft('b', 4);
                final Out out = new Out();
                join.endBatch(out::join);
                final boolean isLeftKept = type == JoinType.LEFT_OUTER || type == JoinType.FULL_OUTER;
                assertEquals(isLeftKept ? "(b,4,-)" : "", out.inOrder(), type.name());
            }
        }
    }

    @Test
    void joinEmitsTheProductOfValuesLeftValueOuter()
    {
        try (BatchJoin join = new BatchJoin(JoinType.INNER, 0))
        {
            join.addLeft('a', 1);
            join.addRight('a', 10);
            join.addLeft('a', 2);
            join.addRight('a', 20);
            join.addRight('a', 30);
            final Out out = new Out();
            join.endBatch(out::join);
            assertEquals("(a,1,10) (a,1,20) (a,1,30) (a,2,10) (a,2,20) (a,2,30)", out.inOrder());
        }
    }

    @Test
    void allOperatorsMatchNestedLoopsOverRandomBatches()
    {
        final SplittableRandom random = new SplittableRandom(2024);
        // Small initial capacity: the buffers grow within the first batches.
        final GroupByKey group = new GroupByKey(1);
        final Cogroup cogroup = new Cogroup(1);
        final BatchJoin[] joins = new BatchJoin[JoinType.values().length];
        for (final JoinType type : JoinType.values())
        {
            joins[type.ordinal()] = new BatchJoin(type, 1);
        }
        try
        {
            for (int batch = 0; batch < 120; batch++)
            {
                final int keySpace = 1 + random.nextInt(60);
                final List<long[]> lefts = randomPairs(random, keySpace);
                final List<long[]> rights = randomPairs(random, keySpace);
                for (final long[] pair : lefts)
                {
                    group.add(pair[0], pair[1]);
                    cogroup.addLeft(pair[0], pair[1]);
                    for (final BatchJoin join : joins)
                    {
                        join.addLeft(pair[0], pair[1]);
                    }
                }
                for (final long[] pair : rights)
                {
                    cogroup.addRight(pair[0], pair[1]);
                    for (final BatchJoin join : joins)
                    {
                        join.addRight(pair[0], pair[1]);
                    }
                }
                final TreeMap<Long, List<Long>> leftByKey = byKey(lefts);
                final TreeMap<Long, List<Long>> rightByKey = byKey(rights);

                final Out expectedGroup = new Out();
                leftByKey.forEach((key, values) -> expectedGroup.lines.add(Out.key(key) + "=" + str(values)));
                final Out actualGroup = new Out();
                group.endBatch(actualGroup::keyValues);
                assertEquals(expectedGroup.inOrder(), actualGroup.inOrder(), "groupByKey batch " + batch);

                final TreeMap<Long, Boolean> allKeys = new TreeMap<>();
                leftByKey.keySet().forEach(k -> allKeys.put(k, true));
                rightByKey.keySet().forEach(k -> allKeys.put(k, true));
                final Out expectedCogroup = new Out();
                for (final long key : allKeys.keySet())
                {
                    expectedCogroup.lines.add(Out.key(key) + "=(" + str(leftByKey.getOrDefault(key, List.of())) + "," +
                        str(rightByKey.getOrDefault(key, List.of())) + ")");
                }
                final Out actualCogroup = new Out();
                cogroup.endBatch(actualCogroup::cogroup);
                assertEquals(expectedCogroup.inOrder(), actualCogroup.inOrder(), "cogroup batch " + batch);

                for (final JoinType type : JoinType.values())
                {
                    final Out expected = new Out();
                    for (final long key : allKeys.keySet())
                    {
                        final List<Long> ls = leftByKey.getOrDefault(key, List.of());
                        final List<Long> rs = rightByKey.getOrDefault(key, List.of());
                        if (ls.isEmpty() && (type == JoinType.RIGHT_OUTER || type == JoinType.FULL_OUTER))
                        {
                            rs.forEach(r -> expected.join(key, 0, false, r, true));
                        }
                        else if (rs.isEmpty() && (type == JoinType.LEFT_OUTER || type == JoinType.FULL_OUTER))
                        {
                            ls.forEach(l -> expected.join(key, l, true, 0, false));
                        }
                        for (final long l : ls)
                        {
                            for (final long r : rs)
                            {
                                expected.join(key, l, true, r, true);
                            }
                        }
                    }
                    final Out actual = new Out();
                    joins[type.ordinal()].endBatch(actual::join);
                    assertEquals(expected.inOrder(), actual.inOrder(), type + " batch " + batch);
                }
            }
        }
        finally
        {
            group.close();
            cogroup.close();
            for (final BatchJoin join : joins)
            {
                join.close();
            }
        }
    }

    private static List<long[]> randomPairs(final SplittableRandom random, final int keySpace)
    {
        final List<long[]> pairs = new ArrayList<>();
        final int count = random.nextInt(4) == 0 ? 0 : random.nextInt(300);
        final boolean isPresorted = random.nextInt(5) == 0;
        for (int i = 0; i < count; i++)
        {
            final int k = random.nextInt(keySpace);
            final long key = k == 0 ? Long.MIN_VALUE : k == 1 ? Long.MAX_VALUE : k == 2 ? 0 : k - keySpace / 2;
            pairs.add(new long[]{key, random.nextInt(1000)});
        }
        if (isPresorted)
        {
            // Stable: values of a key keep their order; exercises the already-sorted path.
            pairs.sort((a, b) -> Long.compare(a[0], b[0]));
        }
        return pairs;
    }

    private static TreeMap<Long, List<Long>> byKey(final List<long[]> pairs)
    {
        final TreeMap<Long, List<Long>> byKey = new TreeMap<>();
        for (final long[] pair : pairs)
        {
            byKey.computeIfAbsent(pair[0], k -> new ArrayList<>()).add(pair[1]);
        }
        return byKey;
    }

    private static String str(final List<Long> values)
    {
        final StringBuilder builder = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++)
        {
            builder.append(i == 0 ? "" : ",").append(values.get(i));
        }
        return builder.append(']').toString();
    }

    private static String javadocJoin(final JoinType type)
    {
        try (BatchJoin join = new BatchJoin(type, 0))
        {
            join.addLeft('a', 1);
            join.addLeft('a', 2);
            join.addLeft('b', 3);
            join.addRight('a', 9);
            join.addRight('c', 8);
            final Out out = new Out();
            join.endBatch(out::join);
            return out.inOrder();
        }
    }

    private static String endBatch(final GroupByKey group)
    {
        final Out out = new Out();
        group.endBatch(out::keyValues);
        return out.inOrder();
    }
}
