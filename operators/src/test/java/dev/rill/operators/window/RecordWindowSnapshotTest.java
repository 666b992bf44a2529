package dev.rill.operators.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

/**
 * A {@link RecordWindow} (and {@link GroupByKeyAndWindow}) written at any batch and read back into a fresh one
 * continues exactly as the original: the same records in the same order, through padding and growth of the ring.
 */
class RecordWindowSnapshotTest
{
    @Test
    void restoredWindowEmitsTheSameRecordsInTheSameOrder()
    {
        final WindowSpec spec = WindowSpec.of(500, 200, 100);
        for (final int snapshotAt : new int[] {0, 1, 2, 7, 13, 30})
        {
            final SplittableRandom random = new SplittableRandom(11);
            try (RecordWindow original = new RecordWindow(spec, 0); RecordWindow restored = new RecordWindow(spec, 0))
            {
                final List<String> expected = new ArrayList<>();
                final List<String> actual = new ArrayList<>();
                boolean copied = false;
                int id = 0;
                for (int batch = 0; batch < 40; batch++)
                {
                    if (batch == snapshotAt)
                    {
                        final ExpandableArrayBuffer image = new ExpandableArrayBuffer(64);
                        final int length = original.writeTo(image, 0);
                        assertEquals(length, restored.readFrom(image, 0));
                        copied = true;
                    }
                    final int records = random.nextInt(200);
                    for (int i = 0; i < records; i++)
                    {
                        // lengths up to 2 KB: the ring's end needs padding now and then, and it grows
                        final int length = Integer.BYTES + random.nextInt(random.nextInt(8) == 0 ? 2_000 : 40);
                        final int value = id++;
                        original.buffer().putInt(original.claim(length), value);
                        original.commit();
                        if (copied)
                        {
                            restored.buffer().putInt(restored.claim(length), value);
                            restored.commit();
                        }
                    }
                    final List<String> emittedNow = new ArrayList<>();
                    original.endBatch((buffer, offset, length) -> emittedNow.add(buffer.getInt(offset) + "/" + length));
                    if (copied)
                    {
                        expected.addAll(emittedNow);
                        restored.endBatch((buffer, offset, length) -> actual.add(buffer.getInt(offset) + "/" + length));
                    }
                }
                assertTrue(expected.size() > 1_000, "records compared: " + expected.size());
                assertEquals(expected, actual, "snapshot at batch " + snapshotAt);
            }
        }
    }

    @Test
    void restoredGroupByKeyAndWindowEmitsTheSameGroups()
    {
        final WindowSpec spec = WindowSpec.of(300, 100, 100);
        final SplittableRandom random = new SplittableRandom(5);
        try (GroupByKeyAndWindow original = new GroupByKeyAndWindow(spec, 0);
            GroupByKeyAndWindow restored = new GroupByKeyAndWindow(spec, 0))
        {
            final List<String> expected = new ArrayList<>();
            final List<String> actual = new ArrayList<>();
            for (int batch = 0; batch < 12; batch++)
            {
                if (batch == 5)
                {
                    final ExpandableArrayBuffer image = new ExpandableArrayBuffer(64);
                    assertEquals(original.writeTo(image, 0), restored.readFrom(image, 0));
                }
                for (int i = 0; i < 300; i++)
                {
                    final long key = random.nextLong(20);
                    final long value = random.nextLong(1_000);
                    original.add(key, value);
                    if (batch >= 5)
                    {
                        restored.add(key, value);
                    }
                }
                final List<String> now = new ArrayList<>();
                original.endBatch((key, values) -> now.add(key + "=" + values.size() + "/" + values.sum()));
                if (batch >= 5)
                {
                    expected.addAll(now);
                    restored.endBatch((key, values) -> actual.add(key + "=" + values.size() + "/" + values.sum()));
                }
            }
            assertEquals(7 * 20, expected.size());
            assertEquals(expected, actual);
        }
    }

    @Test
    void anotherWindowShapeIsRefusedNamingBoth()
    {
        try (RecordWindow a = new RecordWindow(WindowSpec.of(1_000, 100, 100), 0);
            RecordWindow b = new RecordWindow(WindowSpec.of(1_000, 200, 100), 0))
        {
            final ExpandableArrayBuffer image = new ExpandableArrayBuffer(64);
            a.writeTo(image, 0);
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, () -> b.readFrom(image, 0));
            assertTrue(ex.getMessage().contains("slide=100ms") && ex.getMessage().contains("slide=200ms"),
                ex.getMessage());
        }
    }
}
