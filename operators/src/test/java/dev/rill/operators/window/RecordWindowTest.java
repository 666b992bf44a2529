package dev.rill.operators.window;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link RecordWindow} against Spark's {@code WindowOperationsSuite} window cases and against a brute-force model (the
 * concatenation of the window's batches) over random record lengths that force padding and growth.
 */
class RecordWindowTest
{
    private static final long[][] SHAPES = {
        {2, 1, 1},        // Spark's "basic window"
        {2, 2, 1},        // "tumbling window"
        {4, 2, 1},        // "larger window"
        {3, 2, 1},        // panes of one batch, two per slide
        {6, 4, 1},        // panes of two batches
        {1500, 1000, 500},
        {100, 1, 1},      // 100 panes
        {1, 1, 1},
    };

    @Test
    void sparkBasicWindow()
    {
        // input Seq(0) .. Seq(5), window 2 s, slide 1 s: Seq(0), Seq(0, 1), Seq(1, 2), Seq(2, 3), Seq(3, 4), Seq(4, 5)
        assertEquals(List.of(List.of(0), List.of(0, 1), List.of(1, 2), List.of(2, 3), List.of(3, 4), List.of(4, 5)),
            run(WindowSpec.of(2, 1, 1), oneRecordPerBatch(6), 6));
    }

    @Test
    void sparkTumblingWindow()
    {
        // window 2 s, slide 2 s: Seq(0, 1), Seq(2, 3), Seq(4, 5), at the slides only (null: no window at that batch)
        assertEquals(java.util.Arrays.asList(null, List.of(0, 1), null, List.of(2, 3), null, List.of(4, 5)),
            run(WindowSpec.of(2, 2, 1), oneRecordPerBatch(6), 6));
    }

    @Test
    void sparkLargerWindow()
    {
        // window 4 s, slide 2 s: Seq(0, 1), Seq(0, 1, 2, 3), Seq(2, 3, 4, 5), Seq(4, 5)
        assertEquals(java.util.Arrays.asList(null, List.of(0, 1), null, List.of(0, 1, 2, 3), null, List.of(2, 3, 4, 5),
            null, List.of(4, 5)), run(WindowSpec.of(4, 2, 1), oneRecordPerBatch(6), 8));
    }

    @Test
    void javadocExampleKeepsArrivalOrderWithinABatch()
    {
        final List<List<Integer>> input = List.of(List.of(0), List.of(1), List.of(3, 2), List.of());
        assertEquals(List.of(List.of(0), List.of(0, 1), List.of(1, 3, 2), List.of(3, 2), List.of()),
            run(WindowSpec.of(2, 1, 1), input, 5));
    }

    @Test
    void anUncommittedClaimIsDropped()
    {
        try (RecordWindow window = new RecordWindow(WindowSpec.of(1, 1, 1), 0))
        {
            window.buffer().putInt(window.claim(4), 7);
            window.commit();
            window.buffer().putInt(window.claim(4), 8);
            window.buffer().putInt(window.claim(4), 9);
            window.commit();
            final List<Integer> out = new ArrayList<>();
            assertTrue(window.endBatch((buffer, offset, length) -> out.add(buffer.getInt(offset))));
            assertEquals(List.of(7, 9), out);
            assertThrows(IllegalStateException.class, window::commit);
        }
    }

    @Test
    void badRecordLengthIsRefused()
    {
        try (RecordWindow window = new RecordWindow(WindowSpec.of(1, 1, 1), 0))
        {
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> window.claim(-1));
            assertTrue(ex.getMessage().contains("record length -1"), ex.getMessage());
        }
    }

    @Test
    void memoryIsBoundedByTheWindow()
    {
        try (RecordWindow window = new RecordWindow(WindowSpec.of(10, 1, 1), 0))
        {
            for (int batch = 0; batch < 1_000; batch++)
            {
                for (int i = 0; i < 100; i++)
                {
                    window.claim(8);
                    window.commit();
                }
                window.endBatch((buffer, offset, length) -> { });
            }
            // 16 bytes per record: after a slide, the 9 batches still needed by the next window
            assertEquals(9 * 100 * 16, window.bytesHeld());
            assertTrue(window.offHeapBytes() <= 32 * 1024, "off-heap bytes " + window.offHeapBytes());
        }
    }

    @Test
    void matchesBruteForceWithPaddingAndGrowth()
    {
        final int seeds = Integer.getInteger("rill.window.seeds", 12);
        for (final long[] shape : SHAPES)
        {
            final WindowSpec spec = WindowSpec.of(shape[0], shape[1], shape[2]);
            for (int seed = 0; seed < seeds; seed++)
            {
                checkAgainstModel(spec, seed);
            }
        }
    }

    private static void checkAgainstModel(final WindowSpec spec, final long seed)
    {
        final Random random = new Random(seed);
        final int batches = 60 + random.nextInt(60);
        final List<List<byte[]>> input = new ArrayList<>();
        int id = 0;
        for (int b = 0; b < batches; b++)
        {
            final List<byte[]> batch = new ArrayList<>();
            final int records = random.nextInt(4) == 0 ? 0 : random.nextInt(40);
            for (int r = 0; r < records; r++)
            {
                // mostly small, sometimes large: large ones hit the ring's end and need padding
                final int length = random.nextInt(10) == 0 ? 4 + random.nextInt(3000) : 4 + random.nextInt(70);
                final byte[] record = new byte[length];
                random.nextBytes(record);
                record[0] = (byte)(id >>> 24);
                record[1] = (byte)(id >>> 16);
                record[2] = (byte)(id >>> 8);
                record[3] = (byte)id;
                id++;
                batch.add(record);
            }
            input.add(batch);
        }
        final int slide = (int)spec.batchesPerSlide();
        final int length = (int)spec.batchesPerWindow();
        try (RecordWindow window = new RecordWindow(spec, 0))
        {
            for (int b = 0; b < batches + length; b++)
            {
                final List<byte[]> batch = b < batches ? input.get(b) : List.of();
                for (final byte[] record : batch)
                {
                    window.buffer().putBytes(window.claim(record.length), record);
                    window.commit();
                }
                final List<byte[]> out = new ArrayList<>();
                final boolean emitted = window.endBatch((buffer, offset, len) ->
                {
                    final byte[] copy = new byte[len];
                    buffer.getBytes(offset, copy);
                    out.add(copy);
                });
                final String where = spec + " seed " + seed + " batch " + (b + 1);
                if ((b + 1) % slide != 0)
                {
                    assertFalse(emitted, where);
                    assertTrue(out.isEmpty(), where);
                    continue;
                }
                assertTrue(emitted, where);
                final List<byte[]> expected = new ArrayList<>();
                for (int w = Math.max(0, b + 1 - length); w <= b; w++)
                {
                    if (w < batches)
                    {
                        expected.addAll(input.get(w));
                    }
                }
                assertEquals(expected.size(), out.size(), where);
                for (int i = 0; i < expected.size(); i++)
                {
                    assertTrue(java.util.Arrays.equals(expected.get(i), out.get(i)), where + " record " + i);
                }
            }
        }
    }

    private static List<List<Integer>> oneRecordPerBatch(final int batches)
    {
        final List<List<Integer>> input = new ArrayList<>();
        for (int i = 0; i < batches; i++)
        {
            input.add(List.of(i));
        }
        return input;
    }

    /** Per batch, the window's records (ints), or null for a batch that ended no slide. */
    private static List<List<Integer>> run(final WindowSpec spec, final List<List<Integer>> input, final int batches)
    {
        final List<List<Integer>> output = new ArrayList<>();
        try (RecordWindow window = new RecordWindow(spec, 0))
        {
            for (int b = 0; b < batches; b++)
            {
                if (b < input.size())
                {
                    for (final int value : input.get(b))
                    {
                        window.buffer().putInt(window.claim(Integer.BYTES), value);
                        window.commit();
                    }
                }
                final List<Integer> out = new ArrayList<>();
                output.add(window.endBatch((buffer, offset, length) -> out.add(buffer.getInt(offset))) ? out : null);
            }
        }
        return output;
    }
}
