package dev.rill.operators.state;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Mixed get/put/add/remove/clear against {@link HashMap}, many seeds, from a tiny initial capacity so that growth and
 * incremental migration interleave with removals. {@code -Drill.state.seeds=N} runs more seeds.
 */
class LongKeyedStateRandomizedTest
{
    private static final int SEEDS = Integer.getInteger("rill.state.seeds", 64);
    private static final int OPS_PER_SEED = 50_000;
    private static final long[] EDGE_KEYS = {0L, -1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1};

    private long seed;
    private int op;

    @Test
    void matchesHashMapAcrossSeeds()
    {
        for (int s = 0; s < SEEDS; s++)
        {
            runSeed(0x5EED_0000L + s);
        }
    }

    private void runSeed(final long seed)
    {
        this.seed = seed;
        final SplittableRandom random = new SplittableRandom(seed);
        final int fieldCount = 1 + random.nextInt(3);
        final int keySpace = new int[]{16, 300, 5_000, 100_000}[random.nextInt(4)];
        final boolean isScattered = random.nextBoolean();
        final int expectedKeys = random.nextInt(4) == 0 ? keySpace : random.nextInt(3);
        final Map<Long, long[]> model = new HashMap<>();

        try (LongKeyedState state = new LongKeyedState(fieldCount, expectedKeys))
        {
            for (op = 0; op < OPS_PER_SEED; op++)
            {
                // Phases: insert-heavy, remove-heavy, mixed; so the map grows, drains and grows again mid-migration.
                final int phase = (op * 3 / OPS_PER_SEED);
                final int removePercent = phase == 0 ? 10 : phase == 1 ? 60 : 35;
                final long key = nextKey(random, keySpace, isScattered);
                final int field = random.nextInt(fieldCount);
                final int dice = random.nextInt(100);
                if (dice < removePercent)
                {
                    final boolean removed = state.remove(key);
                    check(removed == (model.remove(key) != null), "remove(" + key + ") returned " + removed);
                }
                else if (dice < removePercent + 25)
                {
                    final long value = random.nextLong();
                    state.putLong(state.getOrInsert(key), field, value);
                    model.computeIfAbsent(key, k -> new long[fieldCount])[field] = value;
                }
                else if (dice < removePercent + 50)
                {
                    final long delta = random.nextLong();
                    final long result = state.addLong(state.getOrInsert(key), field, delta);
                    final long[] values = model.computeIfAbsent(key, k -> new long[fieldCount]);
                    values[field] += delta;
                    check(result == values[field], "addLong(" + key + ") returned " + result + " expected " + values[field]);
                }
                else if (dice < 99)
                {
                    final int slot = state.find(key);
                    final long[] values = model.get(key);
                    check((slot >= 0) == (values != null), "find(" + key + ") returned " + slot);
                    if (slot >= 0)
                    {
                        check(state.key(slot) == key, "key at slot " + slot + " is " + state.key(slot) + " not " + key);
                        for (int f = 0; f < fieldCount; f++)
                        {
                            check(state.getLong(slot, f) == values[f], "value of " + key + " field " + f);
                        }
                    }
                }
                else
                {
                    final int rare = random.nextInt(100);
                    if (rare < 2)
                    {
                        state.clear();
                        model.clear();
                    }
                    else if (rare < 7)
                    {
                        compareContent(state, model, fieldCount);
                    }
                }
                check(state.size() == model.size(), "size " + state.size() + " expected " + model.size());
            }
            compareContent(state, model, fieldCount);
        }
    }

    private static long nextKey(final SplittableRandom random, final int keySpace, final boolean isScattered)
    {
        if (random.nextInt(100) == 0)
        {
            return EDGE_KEYS[random.nextInt(EDGE_KEYS.length)];
        }
        final long index = random.nextInt(keySpace);
        return isScattered ? OffHeapTable.mix(index + 1) : index;
    }

    private void compareContent(final LongKeyedState state, final Map<Long, long[]> model, final int fieldCount)
    {
        final Map<Long, long[]> seen = new HashMap<>();
        state.forEach((key, slot) ->
        {
            final long[] values = new long[fieldCount];
            for (int f = 0; f < fieldCount; f++)
            {
                values[f] = state.getLong(slot, f);
            }
            check(seen.put(key, values) == null, "forEach visited " + key + " twice");
        });
        check(seen.size() == model.size(), "forEach visited " + seen.size() + " keys, expected " + model.size());
        for (final Map.Entry<Long, long[]> entry : model.entrySet())
        {
            final long[] actual = seen.get(entry.getKey());
            check(actual != null && Arrays.equals(actual, entry.getValue()),
                "content of " + entry.getKey() + ": " + Arrays.toString(actual) + " expected " +
                Arrays.toString(entry.getValue()));
        }
    }

    private void check(final boolean condition, final String what)
    {
        if (!condition)
        {
            fail("seed=" + seed + " op=" + op + ": " + what);
        }
    }
}
