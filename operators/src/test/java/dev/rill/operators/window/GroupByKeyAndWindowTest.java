package dev.rill.operators.window;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link GroupByKeyAndWindow} against Spark's {@code WindowOperationsSuite} "groupByKeyAndWindow" and its order. */
class GroupByKeyAndWindowTest
{
    @Test
    void sparkBigInput()
    {
        // Spark's bigInput (a=1, b=2, c=3, every value 1), window 2 s, slide 1 s, expected bigGroupByOutput
        final long[][][] input = {
            {{1, 1}}, {{1, 1}, {2, 1}}, {{1, 1}, {2, 1}, {3, 1}}, {{1, 1}, {2, 1}}, {{1, 1}}, {},
            {{1, 1}}, {{1, 1}, {2, 1}}, {{1, 1}, {2, 1}, {3, 1}}, {{1, 1}, {2, 1}}, {{1, 1}}, {},
        };
        final List<Map<Long, List<Long>>> expected = List.of(
            Map.of(1L, List.of(1L)),
            Map.of(1L, List.of(1L, 1L), 2L, List.of(1L)),
            Map.of(1L, List.of(1L, 1L), 2L, List.of(1L, 1L), 3L, List.of(1L)),
            Map.of(1L, List.of(1L, 1L), 2L, List.of(1L, 1L), 3L, List.of(1L)),
            Map.of(1L, List.of(1L, 1L), 2L, List.of(1L)),
            Map.of(1L, List.of(1L)),
            Map.of(1L, List.of(1L)),
            Map.of(1L, List.of(1L, 1L), 2L, List.of(1L)),
            Map.of(1L, List.of(1L, 1L), 2L, List.of(1L, 1L), 3L, List.of(1L)),
            Map.of(1L, List.of(1L, 1L), 2L, List.of(1L, 1L), 3L, List.of(1L)),
            Map.of(1L, List.of(1L, 1L), 2L, List.of(1L)),
            Map.of(1L, List.of(1L)));
        assertEquals(expected, run(WindowSpec.of(2, 1, 1), input));
    }

    @Test
    void javadocExampleValuesInWindowOrderKeysAscending()
    {
        final long[][][] input = {{{'a', 1}}, {{'a', 2}, {'b', 3}}, {{'a', 4}, {'b', 5}, {'c', 6}}, {}, {}};
        final List<Map<Long, List<Long>>> output = run(WindowSpec.of(2, 1, 1), input);
        assertEquals(List.of(
            Map.of((long)'a', List.of(1L)),
            Map.of((long)'a', List.of(1L, 2L), (long)'b', List.of(3L)),
            Map.of((long)'a', List.of(2L, 4L), (long)'b', List.of(3L, 5L), (long)'c', List.of(6L)),
            Map.of((long)'a', List.of(4L), (long)'b', List.of(5L), (long)'c', List.of(6L)),
            Map.of()), output);
        assertEquals(List.of((long)'a', (long)'b', (long)'c'), new ArrayList<>(output.get(2).keySet()));
    }

    @Test
    void slideOfTwoBatchesEmitsAtSlidesOnly()
    {
        // window 4, slide 2 (Spark's largerSlideInput, grouped): a=[1,2] at 2, a=[1,2,3,4] at 4, a=[3..6] at 6, a=[5,6]
        final long[][][] input = {{{1, 1}}, {{1, 2}}, {{1, 3}}, {{1, 4}}, {{1, 5}}, {{1, 6}}, {}, {}};
        final List<Map<Long, List<Long>>> output = run(WindowSpec.of(4, 2, 1), input);
        assertEquals(java.util.Arrays.asList(null, Map.of(1L, List.of(1L, 2L)), null, Map.of(1L, List.of(1L, 2L, 3L, 4L)),
            null, Map.of(1L, List.of(3L, 4L, 5L, 6L)), null, Map.of(1L, List.of(5L, 6L))), output);
    }

    /** Per batch, key -> values in the order passed out (null: the batch ended no slide). */
    private static List<Map<Long, List<Long>>> run(final WindowSpec spec, final long[][][] input)
    {
        final List<Map<Long, List<Long>>> output = new ArrayList<>();
        try (GroupByKeyAndWindow window = new GroupByKeyAndWindow(spec, 0))
        {
            for (final long[][] batch : input)
            {
                for (final long[] pair : batch)
                {
                    window.add(pair[0], pair[1]);
                }
                final Map<Long, List<Long>> groups = new LinkedHashMap<>();
                final boolean emitted = window.endBatch((key, values) ->
                {
                    final List<Long> list = new ArrayList<>();
                    for (int i = 0; i < values.size(); i++)
                    {
                        list.add(values.get(i));
                    }
                    groups.put(key, list);
                });
                output.add(emitted ? groups : null);
            }
        }
        return output;
    }
}
