package dev.rill.operators.keyed;

import dev.rill.operators.window.WindowSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** countByValueAndWindow and countByWindow: Spark's quirks (early windows, zero dropped vs kept) batch by batch. */
class KeyedWindowsTest
{
    @Test
    void countByValueAndWindowJavadocExampleDropsZeroCounts()
    {
        try (CountByValueAndWindow count = new CountByValueAndWindow(WindowSpec.of(2, 1, 1), 0))
        {
            count.add(7);
            count.add(7);
            count.add(3);
            assertEquals("3=1 7=2", endBatch(count), "first window emitted before it is full");
            count.add(3);
            assertEquals("3=2 7=2", endBatch(count));
            assertEquals("3=1", endBatch(count));
            assertEquals("", endBatch(count));
        }
    }

    @Test
    void countByValueAndWindowEmitsOnlyAtSlides()
    {
        try (CountByValueAndWindow count = new CountByValueAndWindow(WindowSpec.of(40, 20, 10), 0))
        {
            count.add(1);
            final Out out = new Out();
            assertFalse(count.endBatch(out::keyValue));
            count.add(1);
            assertTrue(count.endBatch(out::keyValue));
            assertEquals("1=2", out.inOrder());
        }
    }

    @Test
    void countByWindowJavadocExampleKeepsZero()
    {
        try (CountByWindow count = new CountByWindow(WindowSpec.of(2, 1, 1)))
        {
            final List<String> outputs = new ArrayList<>();
            final int[][] batches = {{}, {1, 1}, {1}, {}, {}};
            for (final int[] batch : batches)
            {
                for (int i = 0; i < batch.length; i++)
                {
                    count.add();
                }
                final List<Long> out = new ArrayList<>();
                count.endBatch(out::add);
                outputs.add(out.toString());
            }
            assertEquals(List.of("[]", "[2]", "[3]", "[1]", "[0]"), outputs);
        }
    }

    private static String endBatch(final CountByValueAndWindow count)
    {
        final Out out = new Out();
        count.endBatch(out::keyValue);
        return out.sorted();
    }
}
