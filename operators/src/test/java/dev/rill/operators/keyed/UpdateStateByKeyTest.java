package dev.rill.operators.keyed;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** updateStateByKey batch by batch, including Spark's quirk of offering keys that have state but no new values. */
class UpdateStateByKeyTest
{
    /** The Javadoc's function: running sum, dropped when it reaches 0; records every call as key(values,state). */
    private final List<String> calls = new ArrayList<>();
    private final LongStateUpdateFunction runningSum = (key, values, state) ->
    {
        calls.add(Out.key(key) + "(" + Out.list(values) + "," + (state.exists() ? Long.toString(state.get()) : "none") + ")");
        final long sum = (state.exists() ? state.get() : 0) + values.sum();
        if (sum == 0)
        {
            state.remove();
        }
        else
        {
            state.update(sum);
        }
    };

    @Test
    void javadocExampleOffersKeysWithoutNewValues()
    {
        try (UpdateStateByKey update = new UpdateStateByKey(runningSum, 0))
        {
            update.add('a', 1);
            update.add('b', 2);
            assertEquals("a=1 b=2", endBatch(update));
            assertEquals("a([1],none) b([2],none)", calls());

            update.add('a', 4);
            assertEquals("a=5 b=2", endBatch(update));
            assertEquals("a([4],1) b([],2)", calls(), "b offered with no new values");

            update.add('b', -2);
            assertEquals("a=5", endBatch(update));
            assertEquals("a([],5) b([-2],2)", calls());
            assertFalse(update.hasState('b'));

            assertEquals("a=5", endBatch(update));
            assertEquals("a([],5)", calls(), "still called every batch");
            assertEquals(1, update.size());
        }
    }

    @Test
    void doingNothingKeepsExistingStateAndCreatesNone()
    {
        try (UpdateStateByKey update = new UpdateStateByKey((key, values, state) ->
        {
            if (!state.exists() && key == 'a')
            {
                state.update(values.size());
            }
        }, 0))
        {
            update.add('a', 10);
            update.add('a', 11);
            update.add('b', 12);
            assertEquals("a=2", endBatch(update), "b got no state: Spark's None for a new key");
            update.add('a', 13);
            assertEquals("a=2", endBatch(update), "returning the old state keeps it");
        }
    }

    @Test
    void stateRulesFollowSparkStateImpl()
    {
        try (UpdateStateByKey update = new UpdateStateByKey((key, values, state) ->
        {
            if (values.get(0) == 1)
            {
                assertThrows(NoSuchElementException.class, state::get);
                state.update(5);
            }
            else
            {
                state.remove();
                assertFalse(state.exists());
                assertThrows(IllegalArgumentException.class, () -> state.update(6));
                assertThrows(IllegalArgumentException.class, state::remove);
            }
        }, 0))
        {
            update.add('a', 1);
            assertEquals("a=5", endBatch(update));
            update.add('a', 2);
            assertEquals("", endBatch(update));
            assertEquals(0, update.size());
        }
    }

    @Test
    void functionThatThrowsDropsTheBatchAndKeepsOtherState()
    {
        try (UpdateStateByKey update = new UpdateStateByKey((key, values, state) ->
        {
            if (!values.isEmpty() && values.get(0) < 0)
            {
                throw new IllegalStateException("negative value for key " + key);
            }
            state.update((state.exists() ? state.get() : 0) + values.sum());
        }, 0))
        {
            update.add('a', 1);
            assertEquals("a=1", endBatch(update));
            update.add('b', -1);
            assertThrows(IllegalStateException.class, () -> endBatch(update));
            assertEquals("a=1", endBatch(update), "the failed batch's values are dropped, a's state kept");
        }
    }

    @Test
    void matchesHashMapModelOverRandomBatches()
    {
        final SplittableRandom random = new SplittableRandom(99);
        // State: running count of values, removed when a value of 0 arrives or after 3 idle batches (count < 0 marks
        // idleness in the model). Exercises growth, removal during iteration and keys offered without values.
        final Map<Long, long[]> model = new HashMap<>();
        final Map<Long, Long> idle = new HashMap<>();
        try (UpdateStateByKey update = new UpdateStateByKey((key, values, state) ->
        {
            long idleBatches = idle.getOrDefault(key, 0L);
            if (values.isEmpty())
            {
                idleBatches++;
            }
            else
            {
                idleBatches = 0;
            }
            boolean isZero = false;
            for (int i = 0; i < values.size(); i++)
            {
                isZero |= values.get(i) == 0;
            }
            if (isZero || idleBatches >= 3)
            {
                idle.remove(key);
                state.remove();
            }
            else
            {
                idle.put(key, idleBatches);
                state.update((state.exists() ? state.get() : 0) + values.size());
            }
        }, 1))
        {
            for (int batch = 0; batch < 300; batch++)
            {
                final Map<Long, List<Long>> input = new TreeMap<>();
                final int records = random.nextInt(4) == 0 ? 0 : random.nextInt(200);
                for (int r = 0; r < records; r++)
                {
                    final long key = random.nextInt(500) * 7919L - 1000;
                    final long value = random.nextInt(40);
                    update.add(key, value);
                    input.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
                }
                // Model: every key with state or values.
                final Map<Long, Long> expected = new TreeMap<>();
                final Map<Long, long[]> next = new HashMap<>();
                final java.util.Set<Long> keys = new java.util.HashSet<>(model.keySet());
                keys.addAll(input.keySet());
                for (final long key : keys)
                {
                    final List<Long> values = input.getOrDefault(key, List.of());
                    final long[] s = model.get(key);
                    final long idleBatches = values.isEmpty() ? (null == s ? 0 : s[1]) + 1 : 0;
                    if (values.contains(0L) || idleBatches >= 3)
                    {
                        continue;
                    }
                    final long count = (null == s ? 0 : s[0]) + values.size();
                    next.put(key, new long[]{count, idleBatches});
                    expected.put(key, count);
                }
                model.clear();
                model.putAll(next);
                final Map<Long, Long> actual = new TreeMap<>();
                update.endBatch((key, value) -> assertEquals(null, actual.put(key, value), "emitted twice: " + key));
                assertEquals(expected, actual, "batch " + batch);
                assertEquals(expected.size(), update.size(), "batch " + batch);
            }
            assertTrue(update.size() > 0);
        }
    }

    private String calls()
    {
        final List<String> copy = new ArrayList<>(calls);
        calls.clear();
        Collections.sort(copy);
        return String.join(" ", copy);
    }

    private static String endBatch(final UpdateStateByKey update)
    {
        final Out out = new Out();
        update.endBatch(out::keyValue);
        return out.sorted();
    }
}
