package dev.rill.perf.jmh;

import java.util.concurrent.TimeUnit;

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
import dev.rill.operators.window.KeySumCountConsumer;
import dev.rill.operators.window.KeySumCountFilter;
import dev.rill.operators.window.KeyedSumCountWindow;
import dev.rill.operators.window.WindowSpec;

/**
 * Per-event cost of {@link KeyedSumCountWindow} (reduceByKeyAndWindow with inverse over sum and count) for windows of
 * 10, 100 and 1,000 panes of 100 ms, W1's shape: 10,000 keys, 100,000 events per 100 ms batch, each batch end adding
 * the newest pane, subtracting the expired one and emitting every key of the window; the slide's cost is amortised
 * over the batch's events. The window is filled to steady state (every pane holding every key) before measuring.
 * Must be flat across pane counts. {@code keys=dense} is W1's path (symbol ids, the window's dense-key arrays);
 * {@code keys=hashed} the same keys negated, which the window holds in its off-heap hash maps.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class WindowSlideBenchmark
{
    private static final int KEYS = 10_000;
    private static final int EVENTS_PER_BATCH = 100_000;
    private static final int MASK = (1 << 20) - 1;

    /** Panes per window. */
    @Param({"10", "100", "1000"})
    public int panes;

    /** {@code dense}: keys {@code 0..9999} (arrays indexed by key); {@code hashed}: {@code -1..-10000} (hash maps). */
    @Param({"dense", "hashed"})
    public String keys;

    private final long[] sequence = new long[MASK + 1];
    private KeyedSumCountWindow window;
    private long emitted;
    private final KeySumCountConsumer consumer = (key, sum, count) -> emitted += sum + count;
    private int i;
    private int inBatch;

    /** The window, filled to steady state. */
    @Setup(Level.Trial)
    public void setup()
    {
        for (int j = 0; j <= MASK; j++)
        {
            final long key = Long.remainderUnsigned(KeyHash.mix(j + 777L), KEYS);
            sequence[j] = keys.equals("hashed") ? -1 - key : key;
        }
        window = new KeyedSumCountWindow(WindowSpec.of(panes * 100L, 100, 100), KEYS, KeySumCountFilter.NON_EMPTY);
        for (int b = 0; b < panes + 2; b++)
        {
            for (int k = 0; k < KEYS; k++)
            {
                window.add(keys.equals("hashed") ? -1 - k : k, 10);
            }
            window.endBatch(consumer);
        }
    }

    /** Frees the window. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        window.close();
    }

    /** @return emitted so far (consumed). */
    @Benchmark
    public long addOneEvent()
    {
        window.add(sequence[i++ & MASK], 1_000_000L);
        if (++inBatch == EVENTS_PER_BATCH)
        {
            inBatch = 0;
            window.endBatch(consumer);
        }
        return emitted;
    }
}
