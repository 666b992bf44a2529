package dev.rill.operators.keyed;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** mapWithState batch by batch: one output per record, idle keys timed out once with isTimingOut, then removed. */
class MapWithStateTest
{
    /** The Javadoc's function: running sum returned as output; a timing-out call returns -state. */
    private static final LongMappingFunction RUNNING_SUM = (key, value, hasValue, state) ->
    {
        if (state.isTimingOut())
        {
            assertFalse(hasValue);
            return -state.get();
        }
        final long sum = (state.exists() ? state.get() : 0) + value;
        state.update(sum);
        return sum;
    };

    @Test
    void javadocExample()
    {
        try (MapWithState map = new MapWithState(MapWithStateSpec.withTimeout(20, 10, 0), RUNNING_SUM))
        {
            assertEquals("a:1 a:3 b:5", batch(map, 'a', 1, 'a', 2, 'b', 5));
            assertEquals("b:6", batch(map, 'b', 1));
            assertEquals("", batch(map), "a last updated at 10, not < 30 - 20");
            assertEquals("a:-3", batch(map), "a idle for more than 20 ms: timed out once");
            assertFalse(hasState(map, 'a'));
            assertEquals("a:7 b:-6", batch(map, 'a', 7));
            assertEquals("", batch(map));                                      // t=60
            assertEquals("", batch(map), "a updated at 50: 50 < 70 - 20 is false"); // t=70
            assertEquals("a:-7", batch(map));                                  // t=80
            assertEquals("", batch(map), "each timeout is offered exactly once");
            assertEquals(0, map.size());
        }
    }

    @Test
    void recordWithoutStateUpdateStillRefreshesTimeout()
    {
        // Updates state only on the first record; later records just read it, as Spark's
        // "wrappedState.exists && timeout defined" refreshes the update time anyway.
        final LongMappingFunction readMostly = (key, value, hasValue, state) ->
        {
            if (state.isTimingOut())
            {
                return -1;
            }
            if (!state.exists())
            {
                state.update(value);
            }
            return state.get();
        };
        try (MapWithState map = new MapWithState(MapWithStateSpec.withTimeout(10, 10, 0), readMostly))
        {
            assertEquals("a:4", batch(map, 'a', 4));   // t=10
            assertEquals("a:4", batch(map, 'a', 9));   // t=20: read only, time refreshed to 20
            assertEquals("", batch(map));              // t=30: threshold 20, 20 < 20 is false
            assertEquals("a:-1", batch(map));          // t=40: threshold 30
        }
    }

    @Test
    void timingOutStateCannotBeUpdatedOrRemovedAndIsRemovedAnyway()
    {
        final List<String> errors = new ArrayList<>();
        final LongMappingFunction function = (key, value, hasValue, state) ->
        {
            if (state.isTimingOut())
            {
                errors.add(assertThrows(IllegalArgumentException.class, () -> state.update(1)).getMessage());
                errors.add(assertThrows(IllegalArgumentException.class, state::remove).getMessage());
                return state.get();
            }
            state.update(value);
            return value;
        };
        try (MapWithState map = new MapWithState(MapWithStateSpec.withTimeout(10, 10, 0), function))
        {
            batch(map, 'a', 5);
            batch(map);
            assertEquals("a:5", batch(map));
            assertEquals(List.of("cannot update the state that is timing out", "cannot remove the state that is timing out"),
                errors);
            assertEquals(0, map.size());
        }
    }

    @Test
    void removeFromFunctionAndNoTimeoutKeepsIdleKeysForever()
    {
        final LongMappingFunction function = (key, value, hasValue, state) ->
        {
            assertFalse(state.isTimingOut());
            if (value < 0)
            {
                state.remove();
                return 0;
            }
            state.update(value);
            return value;
        };
        try (MapWithState map = new MapWithState(MapWithStateSpec.withoutTimeout(10, 0), function))
        {
            assertEquals("a:1 b:2", batch(map, 'a', 1, 'b', 2));
            for (int i = 0; i < 50; i++)
            {
                assertEquals("", batch(map));
            }
            assertTrue(hasState(map, 'a'));
            assertEquals("a:0", batch(map, 'a', -1));
            assertFalse(hasState(map, 'a'));
            assertEquals("b=2", snapshot(map));
        }
    }

    @Test
    void functionThatThrowsLeavesStateAsItWas()
    {
        final LongMappingFunction function = (key, value, hasValue, state) ->
        {
            state.update(value);
            if (value < 0)
            {
                throw new IllegalStateException("negative");
            }
            return value;
        };
        try (MapWithState map = new MapWithState(MapWithStateSpec.withoutTimeout(10, 0), function))
        {
            batch(map, 'a', 3);
            assertThrows(IllegalStateException.class, () -> map.map('a', -1, (k, v) -> { }));
            assertEquals("a=3", snapshot(map));
        }
    }

    @Test
    void specValidationNamesTheValue()
    {
        assertEquals("timeout must be positive: 0 ms",
            assertThrows(IllegalArgumentException.class, () -> MapWithStateSpec.withTimeout(0, 10, 0)).getMessage());
        assertEquals("batch interval must be positive: -5 ms",
            assertThrows(IllegalArgumentException.class, () -> MapWithStateSpec.withoutTimeout(-5, 0)).getMessage());
    }

    /** Feeds one batch of (key, value) pairs and returns its output in emission order. */
    private static String batch(final MapWithState map, final long... keyValues)
    {
        final Out out = new Out();
        for (int i = 0; i < keyValues.length; i += 2)
        {
            map.map(keyValues[i], keyValues[i + 1], (k, v) -> out.lines.add(Out.key(k) + ":" + v));
        }
        final Out timedOut = new Out();
        map.endBatch((k, v) -> timedOut.lines.add(Out.key(k) + ":" + v));
        final String records = out.inOrder();
        final String timeouts = timedOut.sorted();
        return records.isEmpty() ? timeouts : timeouts.isEmpty() ? records : records + " " + timeouts;
    }

    private static boolean hasState(final MapWithState map, final long key)
    {
        final boolean[] found = {false};
        map.forEachState((k, v) -> found[0] |= k == key);
        return found[0];
    }

    private static String snapshot(final MapWithState map)
    {
        final Out out = new Out();
        map.forEachState(out::keyValue);
        return out.sorted();
    }
}
