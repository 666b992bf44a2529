package dev.rill.operators.window;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WindowSpecTest
{
    @Test
    void panesAreTheGcdOfLengthAndSlide()
    {
        final WindowSpec w1 = WindowSpec.of(1000, 100, 100);
        assertEquals(100, w1.paneLengthMs());
        assertEquals(10, w1.panesPerWindow());
        assertEquals(1, w1.panesPerSlide());
        assertEquals(1, w1.batchesPerPane());

        final WindowSpec uneven = WindowSpec.of(1500, 1000, 500);
        assertEquals(500, uneven.paneLengthMs());
        assertEquals(3, uneven.panesPerWindow());
        assertEquals(2, uneven.panesPerSlide());
        assertEquals(2, uneven.batchesPerSlide());
        assertEquals(3, uneven.batchesPerWindow());

        final WindowSpec tumbling = WindowSpec.of(1000, 1000, 250);
        assertEquals(1, tumbling.panesPerWindow());
        assertEquals(4, tumbling.batchesPerPane());
    }

    @Test
    void windowNotAMultipleOfTheBatchIntervalIsRejected()
    {
        assertMessage("window length 1500 ms is not a multiple of batch interval 1000 ms", 1500, 1000, 1000);
    }

    @Test
    void slideNotAMultipleOfTheBatchIntervalIsRejected()
    {
        assertMessage("slide interval 150 ms is not a multiple of batch interval 100 ms", 1000, 150, 100);
    }

    @Test
    void slideLongerThanTheWindowIsRejected()
    {
        assertMessage("slide interval 2000 ms is longer than window length 1000 ms", 1000, 2000, 100);
    }

    @Test
    void nonPositiveDurationsAreRejected()
    {
        assertMessage("batch interval must be positive: 0 ms", 1000, 100, 0);
        assertMessage("window length must be positive: -1 ms", -1, 100, 100);
        assertMessage("slide interval must be positive: 0 ms", 1000, 0, 100);
    }

    @Test
    void tooManyPanesAreRejected()
    {
        assertMessage("window length 100000001 ms with slide interval 1 ms needs 100000001 panes, more than 100000",
            100_000_001, 1, 1);
    }

    private static void assertMessage(final String expected, final long window, final long slide, final long batch)
    {
        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> WindowSpec.of(window, slide, batch));
        assertEquals(expected, ex.getMessage());
    }
}
