package dev.rill.operators.keyed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

/**
 * updateStateByKey and mapWithState written with writeTo at a random record (mid-batch included) and read back
 * with readFrom into a fresh operator produce the same output, in the same order, as the uninterrupted operator.
 */
class StatefulSnapshotTest
{
    private static final int BATCHES = 40;
    private static final int PER_BATCH = 300;

    /** Running sum per key, removed when it is a multiple of 7. */
    private static final LongStateUpdateFunction UPDATE = (key, values, state) ->
    {
        final long sum = (state.exists() ? state.get() : 0) + values.sum();
        if (sum % 7 == 0)
        {
            state.remove();
        }
        else
        {
            state.update(sum);
        }
    };

    /** Running sum, emitted per record; removed when negative. */
    private static final LongMappingFunction MAP = (key, value, hasValue, state) ->
    {
        if (!hasValue)
        {
            return -1;
        }
        final long sum = (state.exists() ? state.get() : 0) + value;
        if (sum < 0)
        {
            state.remove();
        }
        else
        {
            state.update(sum);
        }
        return sum;
    };

    private static long[][] input(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final long[][] records = new long[BATCHES * PER_BATCH][];
        for (int i = 0; i < records.length; i++)
        {
            records[i] = new long[] {random.nextInt(500), random.nextInt(-20, 100)};
        }
        return records;
    }

    private static List<String> runUpdate(final long[][] records, final int snapshotAt)
    {
        final List<String> out = new ArrayList<>();
        UpdateStateByKey op = new UpdateStateByKey(UPDATE, 16);
        try
        {
            for (int i = 0; i < records.length; i++)
            {
                if (i == snapshotAt)
                {
                    final ExpandableArrayBuffer image = new ExpandableArrayBuffer(64);
                    final int end = op.writeTo(image, 0);
                    op.close();
                    op = new UpdateStateByKey(UPDATE, 16);
                    assertEquals(end, op.readFrom(image, 0));
                }
                op.add(records[i][0], records[i][1]);
                if ((i + 1) % PER_BATCH == 0)
                {
                    final int batch = i / PER_BATCH;
                    op.endBatch((k, v) -> out.add(batch + ":" + k + "=" + v));
                }
            }
            return out;
        }
        finally
        {
            op.close();
        }
    }

    private static List<String> runMap(final long[][] records, final int snapshotAt, final MapWithStateSpec spec)
    {
        final List<String> out = new ArrayList<>();
        MapWithState op = new MapWithState(spec, MAP);
        try
        {
            for (int i = 0; i < records.length; i++)
            {
                if (i == snapshotAt)
                {
                    final ExpandableArrayBuffer image = new ExpandableArrayBuffer(64);
                    final int end = op.writeTo(image, 0);
                    op.close();
                    op = new MapWithState(spec, MAP);
                    assertEquals(end, op.readFrom(image, 0));
                }
                final int batch = i / PER_BATCH;
                op.map(records[i][0], records[i][1], (k, v) -> out.add(batch + ":" + k + "=" + v));
                if ((i + 1) % PER_BATCH == 0)
                {
                    op.endBatch((k, v) -> out.add(batch + ":timeout " + k + "=" + v));
                }
            }
            final List<String> snapshot = new ArrayList<>();
            op.forEachState((k, v) -> snapshot.add(k + "=" + v));
            out.add("state " + snapshot);
            return out;
        }
        finally
        {
            op.close();
        }
    }

    @Test
    void restoredUpdateStateByKeyEmitsWhatTheUninterruptedOneEmits()
    {
        final long[][] records = input(3);
        final List<String> expected = runUpdate(records, -1);
        assertTrue(expected.size() > 5_000, "outputs: " + expected.size());
        for (final int at : new int[] {0, 1, PER_BATCH, PER_BATCH * 3 + 17, PER_BATCH * 20 - 1, records.length - 5})
        {
            assertEquals(expected, runUpdate(records, at), "restored at record " + at);
        }
    }

    @Test
    void restoredMapWithStateEmitsWhatTheUninterruptedOneEmitsWithAndWithoutTimeout()
    {
        final long[][] records = input(5);
        for (final MapWithStateSpec spec : new MapWithStateSpec[] {MapWithStateSpec.withoutTimeout(100, 16),
            MapWithStateSpec.withTimeout(300, 100, 16)})
        {
            final List<String> expected = runMap(records, -1, spec);
            assertTrue(expected.size() >= records.length, "outputs: " + expected.size());
            for (final int at : new int[] {0, 1, PER_BATCH, PER_BATCH * 7 + 3, records.length - 1})
            {
                assertEquals(expected, runMap(records, at, spec), "restored at record " + at + " " + spec);
            }
        }
    }

    @Test
    void aMapWithStateImageOfAnotherTimeoutIsRefused()
    {
        try (MapWithState a = new MapWithState(MapWithStateSpec.withTimeout(300, 100, 16), MAP);
            MapWithState b = new MapWithState(MapWithStateSpec.withoutTimeout(100, 16), MAP))
        {
            final ExpandableArrayBuffer image = new ExpandableArrayBuffer(64);
            a.writeTo(image, 0);
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> b.readFrom(image, 0));
            assertTrue(ex.getMessage().contains("timeout 300"), ex.getMessage());
        }
    }
}
