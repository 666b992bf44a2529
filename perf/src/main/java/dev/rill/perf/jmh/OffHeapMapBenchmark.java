package dev.rill.perf.jmh;

import java.util.HashMap;
import java.util.concurrent.TimeUnit;

import org.agrona.collections.Long2LongHashMap;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.rill.engine.KeyHash;
import dev.rill.operators.state.LongKeyedState;

/**
 * One update (add 1 to a key's value) of a map already holding every key, over a precomputed sequence of 2^20
 * uniformly drawn keys: Rill's off-heap {@link LongKeyedState} ({@code getOrInsert} + {@code addLong}) against
 * {@code HashMap<Long, Long>.merge} and Agrona's {@link Long2LongHashMap} ({@code get} + {@code put}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx6g")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class OffHeapMapBenchmark
{
    private static final int MASK = (1 << 20) - 1;

    /** Distinct keys. */
    @Param({"1000", "100000", "10000000"})
    public int keys;

    /** Which map. */
    @Param({"LongKeyedState", "HashMap", "Long2LongHashMap"})
    public String map;

    private final long[] sequence = new long[MASK + 1];
    private LongKeyedState state;
    private HashMap<Long, Long> hashMap;
    private Long2LongHashMap agrona;
    private int i;

    /** Fills the chosen map with every key. */
    @Setup(Level.Trial)
    public void setup()
    {
        for (int j = 0; j <= MASK; j++)
        {
            sequence[j] = Long.remainderUnsigned(KeyHash.mix(j + 12345L), keys);
        }
        switch (map)
        {
            case "LongKeyedState" ->
            {
                state = new LongKeyedState(1, keys);
                for (long k = 0; k < keys; k++)
                {
                    state.getOrInsert(k);
                }
            }
            case "HashMap" ->
            {
                hashMap = new HashMap<>(keys * 2);
                for (long k = 0; k < keys; k++)
                {
                    hashMap.put(k, 0L);
                }
            }
            default ->
            {
                agrona = new Long2LongHashMap(keys * 2, 0.65f, -1L);
                for (long k = 0; k < keys; k++)
                {
                    agrona.put(k, 0L);
                }
            }
        }
    }

    /** Frees the off-heap map. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        if (state != null)
        {
            state.close();
        }
    }

    /** @return the updated value. */
    @Benchmark
    public long update()
    {
        final long key = sequence[i++ & MASK];
        switch (map)
        {
            case "LongKeyedState":
                return state.addLong(state.getOrInsert(key), 0, 1);
            case "HashMap":
                return hashMap.merge(key, 1L, Long::sum);
            default:
                final long v = agrona.get(key) + 1;
                agrona.put(key, v);
                return v;
        }
    }
}
