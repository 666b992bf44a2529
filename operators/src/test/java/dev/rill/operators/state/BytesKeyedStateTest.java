package dev.rill.operators.state;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class BytesKeyedStateTest
{
    private static final int SEEDS = Integer.getInteger("rill.state.seeds", 64) / 2;
    private static final int OPS_PER_SEED = 50_000;

    @Test
    void tooLongKeyIsRejectedNamingBothLengths()
    {
        try (BytesKeyedState state = new BytesKeyedState(16, 1, 0))
        {
            final UnsafeBuffer key = new UnsafeBuffer(new byte[17]);
            final IllegalArgumentException ex =
                assertThrows(IllegalArgumentException.class, () -> state.getOrInsert(key, 0, 17));
            assertEquals("key length 17 bytes exceeds the maximum key length 16 bytes", ex.getMessage());
            assertEquals(-1, state.find(key, 0, 17));
            assertFalse(state.remove(key, 0, 17));
            assertEquals(0, state.size());
            state.getOrInsert(key, 0, 16);
            assertEquals(1, state.size());
        }
    }

    @Test
    void invalidMaxKeyLengthIsRejected()
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> new BytesKeyedState(0, 1, 0));
        assertEquals("max key length must be in [1, 4096] bytes: 0", ex.getMessage());
    }

    @Test
    void keysAreComparedByContentWhateverBufferHoldsThem()
    {
        try (BytesKeyedState state = new BytesKeyedState(32, 2, 0))
        {
            final byte[] word = "EURUSD".getBytes(StandardCharsets.US_ASCII);
            final UnsafeBuffer heap = new UnsafeBuffer(new byte[64]);
            heap.putBytes(5, word);
            final int slot = state.getOrInsert(heap, 5, word.length);
            state.putLong(slot, 1, 99);

            final UnsafeBuffer direct = new UnsafeBuffer(ByteBuffer.allocateDirect(64));
            direct.putBytes(40, word);
            assertEquals(slot, state.find(direct, 40, word.length));
            assertEquals(99, state.getLong(state.find(direct, 40, word.length), 1));
            assertEquals(-1, state.find(direct, 40, word.length - 1), "prefix is another key");

            final UnsafeBuffer copy = new UnsafeBuffer(new byte[32]);
            assertEquals(word.length, state.getKey(slot, copy, 3));
            assertEquals("EURUSD", copy.getStringWithoutLengthAscii(3, word.length));
            assertEquals(word.length, state.keyLength(slot));
        }
    }

    @Test
    void emptyKeyIsAKey()
    {
        try (BytesKeyedState state = new BytesKeyedState(8, 1, 0))
        {
            final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8]);
            assertEquals(-1, state.find(buffer, 0, 0));
            state.addLong(state.getOrInsert(buffer, 0, 0), 0, 5);
            state.getOrInsert(buffer, 0, 1);
            assertEquals(2, state.size());
            assertEquals(5, state.getLong(state.find(buffer, 0, 0), 0));
            assertTrue(state.remove(buffer, 0, 0));
            assertEquals(1, state.size());
        }
    }

    @Test
    void matchesHashMapAcrossSeeds()
    {
        for (int s = 0; s < SEEDS; s++)
        {
            runSeed(0xB17E_0000L + s);
        }
    }

    private static void runSeed(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final int maxKeyLength = new int[]{1, 7, 8, 20, 64}[random.nextInt(5)];
        final int keySpace = new int[]{10, 500, 5_000}[random.nextInt(3)];
        final List<byte[]> keys = distinctKeys(random, maxKeyLength, keySpace);
        final Map<String, Long> model = new HashMap<>();
        final UnsafeBuffer probe = new UnsafeBuffer(new byte[maxKeyLength + 16]);

        // Every other seed keeps 3 bits of hash, so most probes meet other keys with the same hash word.
        final long hashMask = (seed & 1) == 0 ? -1L : 0x7L;
        try (BytesKeyedState state = new BytesKeyedState(maxKeyLength, 1, random.nextInt(3), Long.MAX_VALUE, hashMask))
        {
            for (int op = 0; op < OPS_PER_SEED; op++)
            {
                final byte[] key = keys.get(random.nextInt(keys.size()));
                final int offset = random.nextInt(16);
                probe.putBytes(offset, key);
                final String modelKey = new String(key, StandardCharsets.ISO_8859_1);
                final int removePercent = op < OPS_PER_SEED / 2 ? 15 : 55;
                final int dice = random.nextInt(100);
                if (dice < removePercent)
                {
                    final boolean removed = state.remove(probe, offset, key.length);
                    if (removed != (model.remove(modelKey) != null))
                    {
                        fail("seed=" + seed + " op=" + op + ": remove(" + modelKey + ") returned " + removed);
                    }
                }
                else if (dice < removePercent + 45)
                {
                    final long delta = random.nextLong();
                    final long result = state.addLong(state.getOrInsert(probe, offset, key.length), 0, delta);
                    final long expected = model.merge(modelKey, delta, Long::sum);
                    if (result != expected)
                    {
                        fail("seed=" + seed + " op=" + op + ": addLong(" + modelKey + ") = " + result + " expected " +
                            expected);
                    }
                }
                else if (dice < 99)
                {
                    final int slot = state.find(probe, offset, key.length);
                    final Long expected = model.get(modelKey);
                    if ((slot >= 0) != (expected != null) || (slot >= 0 && state.getLong(slot, 0) != expected))
                    {
                        fail("seed=" + seed + " op=" + op + ": find(" + modelKey + ") slot " + slot + " expected " +
                            expected);
                    }
                }
                else
                {
                    compareContent(seed, op, state, model);
                }
                if (state.size() != model.size())
                {
                    fail("seed=" + seed + " op=" + op + ": size " + state.size() + " expected " + model.size());
                }
            }
            compareContent(seed, OPS_PER_SEED, state, model);
        }
    }

    private static List<byte[]> distinctKeys(final SplittableRandom random, final int maxKeyLength, final int count)
    {
        final Map<String, byte[]> keys = new HashMap<>();
        for (int attempt = 0; attempt < count * 4 && keys.size() < count; attempt++)
        {
            // Short keys and keys sharing a prefix, the hard cases for a hash over 8-byte words.
            final int length = random.nextInt(4) == 0 ? maxKeyLength : random.nextInt(maxKeyLength + 1);
            final byte[] key = new byte[length];
            for (int i = 0; i < length; i++)
            {
                key[i] = i < length - 2 ? (byte)'A' : (byte)random.nextInt(256);
            }
            if (random.nextBoolean())
            {
                random.nextBytes(key);
            }
            keys.put(new String(key, StandardCharsets.ISO_8859_1), key);
        }
        return new ArrayList<>(keys.values());
    }

    private static void compareContent(
        final long seed, final int op, final BytesKeyedState state, final Map<String, Long> model)
    {
        final Map<String, Long> seen = new HashMap<>();
        state.forEach((buffer, keyOffset, keyLength, slot) ->
        {
            final byte[] key = new byte[keyLength];
            buffer.getBytes(keyOffset, key);
            if (seen.put(new String(key, StandardCharsets.ISO_8859_1), state.getLong(slot, 0)) != null)
            {
                fail("seed=" + seed + " op=" + op + ": forEach visited a key twice");
            }
        });
        if (!seen.equals(model))
        {
            fail("seed=" + seed + " op=" + op + ": content differs: " + seen.size() + " keys, expected " + model.size());
        }
    }
}
