package dev.rill.operators.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import dev.rill.operators.state.LongKeyedState;

/**
 * A window written at any batch and read back into a fresh window continues exactly as the original: same results
 * in the same order (the maps' layout is restored, not rebuilt), through growth of the maps.
 */
class KeyedSumCountWindowSnapshotTest
{
    @Test
    void restoredWindowEmitsTheSameResultsInTheSameOrder()
    {
        final WindowSpec spec = WindowSpec.of(1_000, 100, 100);
        for (final int snapshotAt : new int[] {0, 3, 17, 44})
        {
            final SplittableRandom random = new SplittableRandom(42);
            try (KeyedSumCountWindow original = new KeyedSumCountWindow(spec, 0, KeySumCountFilter.NON_EMPTY);
                KeyedSumCountWindow restored = new KeyedSumCountWindow(spec, 0, KeySumCountFilter.NON_EMPTY))
            {
                final List<String> expected = new ArrayList<>();
                final List<String> actual = new ArrayList<>();
                boolean copied = false;
                for (int batch = 0; batch < 60; batch++)
                {
                    if (batch == snapshotAt)
                    {
                        final ExpandableArrayBuffer image = new ExpandableArrayBuffer(64);
                        final int length = original.writeTo(image, 0);
                        assertEquals(length, restored.readFrom(image, 0));
                        copied = true;
                    }
                    final int records = random.nextInt(3_000);
                    for (int i = 0; i < records; i++)
                    {
                        final long key = random.nextLong(5_000) - 10;
                        final long value = random.nextLong(1_000_000);
                        original.add(key, value);
                        if (copied)
                        {
                            restored.add(key, value);
                        }
                    }
                    final List<String> emittedNow = new ArrayList<>();
                    original.endBatch((k, s, c) -> emittedNow.add(k + "=" + s + "/" + c));
                    if (copied)
                    {
                        expected.addAll(emittedNow);
                        restored.endBatch((k, s, c) -> actual.add(k + "=" + s + "/" + c));
                    }
                }
                assertTrue(expected.size() > 1_000, "results compared: " + expected.size());
                assertEquals(expected, actual, "snapshot at batch " + snapshotAt);
            }
        }
    }

    @Test
    void anotherWindowShapeIsRefusedNamingBoth()
    {
        try (KeyedSumCountWindow a = new KeyedSumCountWindow(WindowSpec.of(1_000, 100, 100), 0, null);
            KeyedSumCountWindow b = new KeyedSumCountWindow(WindowSpec.of(2_000, 100, 100), 0, null))
        {
            final ExpandableArrayBuffer image = new ExpandableArrayBuffer(64);
            a.writeTo(image, 0);
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> b.readFrom(image, 0));
            assertTrue(ex.getMessage().contains("window=1000ms") && ex.getMessage().contains("window=2000ms"),
                ex.getMessage());
        }
    }

    @Test
    void mapImageKeepsKeyZeroOrderAndAMigrationInProgress()
    {
        try (LongKeyedState map = new LongKeyedState(1, 0); LongKeyedState copy = new LongKeyedState(1, 0))
        {
            map.putLong(map.getOrInsert(0), 0, 7);
            long key = 1;
            while (!map.isGrowing())
            {
                map.putLong(map.getOrInsert(key), 0, key * 3);
                key++;
            }
            final ExpandableArrayBuffer image = new ExpandableArrayBuffer(64);
            final int length = map.writeTo(image, 0);
            assertEquals(length, copy.readFrom(image, 0));
            assertTrue(copy.isGrowing());
            assertEquals(order(map), order(copy));
            for (long k = key; k < key + 5_000; k++)
            {
                map.putLong(map.getOrInsert(k), 0, k);
                copy.putLong(copy.getOrInsert(k), 0, k);
            }
            assertEquals(order(map), order(copy));
            assertEquals(7, copy.getLong(copy.find(0), 0));
        }
    }

    private static List<Long> order(final LongKeyedState map)
    {
        final List<Long> keys = new ArrayList<>();
        map.forEach((k, slot) -> keys.add(k * 31 + map.getLong(slot, 0)));
        return keys;
    }
}
