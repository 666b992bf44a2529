package dev.rill.operators.state;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LongKeyedStateTest
{
    private static final long[] EDGE_KEYS = {0L, -1L, 1L, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE + 1};

    @Test
    void edgeKeysAreOrdinaryKeys()
    {
        try (LongKeyedState state = new LongKeyedState(2, 0))
        {
            for (final long key : EDGE_KEYS)
            {
                assertEquals(-1, state.find(key), "absent before insert: " + key);
                final int slot = state.getOrInsert(key);
                assertEquals(0L, state.getLong(slot, 0));
                assertEquals(0L, state.getLong(slot, 1));
                state.putLong(slot, 0, key);
                state.putLong(slot, 1, ~key);
            }
            assertEquals(EDGE_KEYS.length, state.size());
            for (final long key : EDGE_KEYS)
            {
                final int slot = state.find(key);
                assertEquals(key, state.key(slot));
                assertEquals(key, state.getLong(slot, 0));
                assertEquals(~key, state.getLong(slot, 1));
            }
            for (final long key : EDGE_KEYS)
            {
                assertTrue(state.remove(key), "remove " + key);
                assertFalse(state.remove(key), "second remove " + key);
                assertFalse(state.containsKey(key));
            }
            assertTrue(state.isEmpty());
        }
    }

    @Test
    void reinsertedKeyStartsFromZero()
    {
        try (LongKeyedState state = new LongKeyedState(3, 4))
        {
            for (final long key : EDGE_KEYS)
            {
                final int slot = state.getOrInsert(key);
                state.addLong(slot, 2, 42);
                state.remove(key);
                assertEquals(0L, state.getLong(state.getOrInsert(key), 2), "key " + key);
            }
        }
    }

    @Test
    void growsFromTinyCapacityAndIteratesEveryEntryOnce()
    {
        try (LongKeyedState state = new LongKeyedState(1, 0))
        {
            final long initialCapacity = state.capacity();
            final int keys = 100_000;
            for (int i = 0; i < keys; i++)
            {
                state.addLong(state.getOrInsert(i * 7919L), 0, i);
            }
            assertTrue(state.capacity() > initialCapacity, "capacity " + state.capacity());
            assertEquals(keys, state.size());
            final Map<Long, Long> seen = new HashMap<>();
            state.forEach((key, slot) -> assertEquals(null, seen.put(key, state.getLong(slot, 0)), "twice: " + key));
            assertEquals(keys, seen.size());
            for (int i = 0; i < keys; i++)
            {
                assertEquals(i, seen.get(i * 7919L), "key " + i * 7919L);
            }
        }
    }

    @Test
    void growthDrainsAndShrinksTheOldTableWhileEveryKeyStaysVisible()
    {
        try (LongKeyedState state = new LongKeyedState(2, 0))
        {
            int growths = 0;
            int shrinks = 0;
            long previousBytes = state.offHeapBytes();
            boolean wasGrowing = false;
            for (int i = 0; i < 300_000; i++)
            {
                state.putLong(state.getOrInsert(i), 1, i);
                final boolean isGrowing = state.isGrowing();
                if (isGrowing && !wasGrowing)
                {
                    growths++;
                }
                if (isGrowing && wasGrowing && state.offHeapBytes() < previousBytes)
                {
                    shrinks++;
                }
                if (isGrowing && i % 997 == 0)
                {
                    // Mid-migration: keys in the old and in the new table are all found, none twice.
                    final int[] visited = new int[1];
                    state.forEach((key, slot) -> visited[0]++);
                    assertEquals(i + 1, visited[0], "visited at " + i);
                    for (int k = 0; k <= i; k += 13)
                    {
                        assertEquals(k, state.getLong(state.find(k), 1), "key " + k + " at " + i);
                    }
                }
                wasGrowing = isGrowing;
                previousBytes = state.offHeapBytes();
            }
            assertTrue(growths >= 10, "growths " + growths);
            assertTrue(shrinks > 0, "the old table never shrank while draining");
        }
    }

    @Test
    void sizedUpFrontDoesNotGrow()
    {
        try (LongKeyedState state = new LongKeyedState(2, 10_000))
        {
            final long capacity = state.capacity();
            final long bytes = state.offHeapBytes();
            for (int i = 0; i < 10_000; i++)
            {
                state.getOrInsert(i);
            }
            assertEquals(capacity, state.capacity());
            assertFalse(state.isGrowing());
            assertTrue(capacity * 24 <= bytes, "bytes " + bytes);
        }
    }

    @Test
    void doublesAreStoredAsRawBits()
    {
        try (LongKeyedState state = new LongKeyedState(1, 0))
        {
            final int slot = state.getOrInsert(5);
            state.putDouble(slot, 0, -0.0);
            assertEquals(Double.doubleToRawLongBits(-0.0), state.getLong(slot, 0));
            state.putDouble(slot, 0, Double.NaN);
            assertTrue(Double.isNaN(state.getDouble(slot, 0)));
            state.putDouble(slot, 0, 1.5);
            assertEquals(4.0, state.addDouble(slot, 0, 2.5));
        }
    }

    @Test
    void clearEmptiesAndKeepsWorking()
    {
        try (LongKeyedState state = new LongKeyedState(1, 0))
        {
            for (int i = 0; i < 1000; i++)
            {
                state.getOrInsert(i);
            }
            state.getOrInsert(0);
            state.clear();
            assertEquals(0, state.size());
            assertEquals(-1, state.find(0));
            assertEquals(-1, state.find(500));
            final int[] visited = new int[1];
            state.forEach((key, slot) -> visited[0]++);
            assertEquals(0, visited[0]);
            state.addLong(state.getOrInsert(500), 0, 3);
            assertEquals(3, state.getLong(state.find(500), 0));
        }
    }

    @Test
    void fieldOutOfRangeIsRejected()
    {
        try (LongKeyedState state = new LongKeyedState(2, 0))
        {
            final int slot = state.getOrInsert(1);
            final IndexOutOfBoundsException ex = assertThrows(IndexOutOfBoundsException.class, () -> state.getLong(slot, 2));
            assertEquals("field 2 out of range [0, 2)", ex.getMessage());
            assertThrows(IndexOutOfBoundsException.class, () -> state.putLong(slot, -1, 0));
        }
    }

    @Test
    void structuralChangeWhileIteratingIsRejected()
    {
        try (LongKeyedState state = new LongKeyedState(1, 0))
        {
            state.getOrInsert(1);
            state.getOrInsert(2);
            assertThrows(IllegalStateException.class, () -> state.forEach((key, slot) -> state.remove(key)));
            assertThrows(IllegalStateException.class, () -> state.forEach((key, slot) -> state.getOrInsert(key + 10)));
            state.forEach((key, slot) -> state.addLong(slot, 0, 1));
            assertEquals(1, state.getLong(state.find(1), 0));
            assertEquals(2, state.size());
            state.getOrInsert(3);
            assertEquals(3, state.size());
        }
    }

    @Test
    void memoryLimitIsAClearErrorAndLeavesTheMapUsable()
    {
        final long limit = 64 * 1024;
        try (LongKeyedState state = new LongKeyedState(1, 0, limit))
        {
            int inserted = 0;
            IllegalStateException failure = null;
            for (int i = 0; i < 100_000 && failure == null; i++)
            {
                try
                {
                    state.getOrInsert(i);
                    inserted++;
                }
                catch (final IllegalStateException ex)
                {
                    failure = ex;
                }
            }
            assertNotEquals(null, failure, "limit never hit");
            assertTrue(failure.getMessage().startsWith("LongKeyedState would exceed its off-heap limit: keys="),
                failure.getMessage());
            assertTrue(failure.getMessage().contains("limit=65536 bytes"), failure.getMessage());
            assertTrue(state.offHeapBytes() <= limit);
            assertEquals(inserted, state.size());
            for (int i = 0; i < inserted; i++)
            {
                assertTrue(state.containsKey(i), "lost key " + i);
            }
            // Key 0 lives in the side row; removing a table key is what makes room in the table.
            assertTrue(state.remove(1));
            state.getOrInsert(-5);
            assertEquals(inserted, state.size());
        }
    }

    @Test
    void tooManyExpectedKeysIsRejected()
    {
        final IllegalArgumentException ex = assertThrows(
            IllegalArgumentException.class, () -> new LongKeyedState(100, Integer.MAX_VALUE));
        assertTrue(ex.getMessage().contains("expected keys 2147483647 exceed the maximum capacity"), ex.getMessage());
    }

    @Test
    void closedMapFailsInsteadOfCrashing()
    {
        final LongKeyedState state = new LongKeyedState(1, 0);
        final int slot = state.getOrInsert(7);
        state.close();
        state.close();
        assertEquals(0, state.offHeapBytes());
        assertThrows(IllegalStateException.class, () -> state.getOrInsert(7));
        assertThrows(IllegalStateException.class, () -> state.find(7));
        assertThrows(IllegalStateException.class, () -> state.remove(7));
        assertThrows(IndexOutOfBoundsException.class, () -> state.getLong(slot, 0));
    }
}
