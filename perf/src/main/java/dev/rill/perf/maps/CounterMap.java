package dev.rill.perf.maps;

import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import dev.rill.engine.KeyHash;
import dev.rill.operators.state.BytesKeyedState;
import dev.rill.operators.state.LongKeyedState;

/**
 * One map under test, holding a {@code long} count per {@code long} key: {@link #update} adds 1 to the count of each
 * key of a stretch of the fixed key sequence ({@link #key}). Each implementation has its own copy of the loop so the
 * map's calls in it are monomorphic whatever else ran in the JVM. Single-threaded; not thread-safe.
 */
abstract class CounterMap implements AutoCloseable
{
    private long checksum;
    private long countSum;

    /** Added to the update index before mixing, so that the sequence does not start at a fixed point of the mix. */
    static final long SEQUENCE_OFFSET = 0x9E3779B97F4A7C15L;

    /** The maps, by the name used on the command line and in the report. */
    enum Kind
    {
        /** Rill's off-heap {@link LongKeyedState} with one field: {@code getOrInsert} + {@code addLong}. */
        LONG_KEYED_STATE("LongKeyedState"),
        /** Rill's off-heap {@link BytesKeyedState}, 8-byte keys (the long, little-endian), one field. */
        BYTES_KEYED_STATE("BytesKeyedState(8)"),
        /** {@code HashMap<Long, Long>.merge(key, 1L, Long::sum)}. */
        HASH_MAP("HashMap<Long,Long>"),
        /** Agrona's {@code Long2LongHashMap.merge(key, 1, Long::sum)}, missing value -1. */
        LONG2LONG("Long2LongHashMap");

        private final String title;

        Kind(final String title)
        {
            this.title = title;
        }

        /** @return the name in the report. */
        String title()
        {
            return title;
        }

        /** @return the name on the command line, e.g. {@code long-keyed-state}. */
        String option()
        {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /**
         * @param option a name as {@link #option()} gives it.
         * @return the kind.
         * @throws IllegalArgumentException naming the known ones.
         */
        static Kind parse(final String option)
        {
            for (final Kind kind : values())
            {
                if (kind.option().equals(option))
                {
                    return kind;
                }
            }
            final StringBuilder known = new StringBuilder();
            for (final Kind kind : values())
            {
                known.append(known.length() == 0 ? "" : ", ").append(kind.option());
            }
            throw new IllegalArgumentException("unknown map: " + option + " (maps: " + known + ")");
        }

        /**
         * @param expectedKeys keys to size for up front, or 0 for each map's smallest default (it grows).
         * @return a new empty map.
         */
        CounterMap open(final int expectedKeys)
        {
            return switch (this)
            {
                case LONG_KEYED_STATE -> new LongState(expectedKeys);
                case BYTES_KEYED_STATE -> new BytesState(expectedKeys);
                case HASH_MAP -> new JavaHashMap(expectedKeys);
                case LONG2LONG -> new AgronaMap(expectedKeys);
            };
        }
    }

    /**
     * The {@code index}-th key of the sequence over {@code [0, keys)}: the 64-bit mix of the index, scaled to the key
     * space by a multiply and shift (uniform, no division).
     *
     * @param index position in the sequence, from 0.
     * @param keys  size of the key space, at least 1.
     * @return the key.
     */
    static long key(final long index, final int keys)
    {
        final long x = KeyHash.mix(index + SEQUENCE_OFFSET) >>> 1;
        // floor(x * keys / 2^63) for x < 2^63: the high word of the 128-bit product and the top bit of the low one
        return (Math.multiplyHigh(x, keys) << 1) | ((x * keys) >>> 63);
    }

    /**
     * @param key   a key.
     * @param count its count.
     * @return the entry's term of the order-independent checksum.
     */
    static long entryChecksum(final long key, final long count)
    {
        return KeyHash.mix(key * SEQUENCE_OFFSET + count);
    }

    /**
     * Adds 1 to the count of the keys at indexes {@code [from, to)} of the sequence.
     *
     * @param from first index.
     * @param to   index after the last.
     * @param keys size of the key space.
     */
    abstract void update(long from, long to, int keys);

    /** @return keys held. */
    abstract int size();

    /** Calls {@link #entry} once per entry of the map, in any order. */
    abstract void walk();

    /** Adds one entry to the sums of the walk. */
    final void entry(final long key, final long count)
    {
        checksum += entryChecksum(key, count);
        countSum += count;
    }

    /** @return wrapping sum of {@link #entryChecksum} over the entries (any order). */
    final long checksum()
    {
        walkAll();
        return checksum;
    }

    /** @return sum of the counts: the number of updates. */
    final long countSum()
    {
        walkAll();
        return countSum;
    }

    private void walkAll()
    {
        checksum = 0;
        countSum = 0;
        walk();
    }

    /** @return off-heap bytes held by the map (its own accounting), 0 for heap maps. */
    long offHeapBytes()
    {
        return 0;
    }

    /** Frees off-heap memory; the map is not used after. */
    @Override
    public void close()
    {
    }

    private static final class LongState extends CounterMap
    {
        private final LongKeyedState state;

        LongState(final int expectedKeys)
        {
            state = new LongKeyedState(1, expectedKeys);
        }

        @Override
        void update(final long from, final long to, final int keys)
        {
            final LongKeyedState state = this.state;
            for (long i = from; i < to; i++)
            {
                state.addLong(state.getOrInsert(key(i, keys)), 0, 1);
            }
        }

        @Override
        int size()
        {
            return state.size();
        }

        @Override
        void walk()
        {
            state.forEach((key, slot) -> entry(key, state.getLong(slot, 0)));
        }

        @Override
        long offHeapBytes()
        {
            return state.offHeapBytes();
        }

        @Override
        public void close()
        {
            state.close();
        }
    }

    private static final class BytesState extends CounterMap
    {
        private final BytesKeyedState state;
        private final UnsafeBuffer probe = new UnsafeBuffer(new byte[Long.BYTES]);

        BytesState(final int expectedKeys)
        {
            state = new BytesKeyedState(Long.BYTES, 1, expectedKeys);
        }

        @Override
        void update(final long from, final long to, final int keys)
        {
            final BytesKeyedState state = this.state;
            final UnsafeBuffer probe = this.probe;
            for (long i = from; i < to; i++)
            {
                probe.putLong(0, key(i, keys), ByteOrder.LITTLE_ENDIAN);
                state.addLong(state.getOrInsert(probe, 0, Long.BYTES), 0, 1);
            }
        }

        @Override
        int size()
        {
            return state.size();
        }

        @Override
        void walk()
        {
            state.forEach((keyBuffer, keyOffset, keyLength, slot) ->
                entry(keyBuffer.getLong(keyOffset, ByteOrder.LITTLE_ENDIAN), state.getLong(slot, 0)));
        }

        @Override
        long offHeapBytes()
        {
            return state.offHeapBytes();
        }

        @Override
        public void close()
        {
            state.close();
        }
    }

    private static final class JavaHashMap extends CounterMap
    {
        private final HashMap<Long, Long> map;

        JavaHashMap(final int expectedKeys)
        {
            // HashMap's own sizing rule: capacity for expectedKeys at its 0.75 load factor
            map = expectedKeys == 0 ? new HashMap<>() : new HashMap<>((int)Math.ceil(expectedKeys / 0.75));
        }

        @Override
        void update(final long from, final long to, final int keys)
        {
            final HashMap<Long, Long> map = this.map;
            for (long i = from; i < to; i++)
            {
                map.merge(key(i, keys), 1L, Long::sum);
            }
        }

        @Override
        int size()
        {
            return map.size();
        }

        @Override
        void walk()
        {
            for (final Map.Entry<Long, Long> e : map.entrySet())
            {
                entry(e.getKey(), e.getValue());
            }
        }
    }

    private static final class AgronaMap extends CounterMap
    {
        private final Long2LongHashMap map;

        AgronaMap(final int expectedKeys)
        {
            // Agrona's defaults (8 slots, load factor 0.65) unless sized for expectedKeys at that load factor
            map = new Long2LongHashMap(expectedKeys == 0 ? 8 : (int)Math.ceil(expectedKeys / 0.65), 0.65f, -1L);
        }

        @Override
        void update(final long from, final long to, final int keys)
        {
            final Long2LongHashMap map = this.map;
            for (long i = from; i < to; i++)
            {
                map.merge(key(i, keys), 1L, Long::sum);
            }
        }

        @Override
        int size()
        {
            return map.size();
        }

        @Override
        void walk()
        {
            map.forEachLong(this::entry);
        }
    }
}
