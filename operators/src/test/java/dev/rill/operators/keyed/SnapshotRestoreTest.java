package dev.rill.operators.keyed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.rill.operators.state.Checkpointable;
import dev.rill.operators.window.KeyedAggregateWindow;
import dev.rill.operators.window.WindowSpec;

/**
 * Every checkpointable per-batch and window operator written with {@code writeTo} at many points of a random input
 * (before the first record, between batches, mid-batch, mid-pane, near the end) and read back with {@code readFrom}
 * into a fresh operator emits exactly what the uninterrupted operator emits, in the same order; an image of another
 * operator, join type or window shape is refused naming both.
 */
class SnapshotRestoreTest
{
    private static final int BATCHES = 60;
    /** Non-commutative, so a restore that changed the order values are applied in would show. */
    private static final java.util.function.LongBinaryOperator ORDERED = (a, b) -> a * 31 + b;
    /** 1 s window sliding every 200 ms over 100 ms batches: 200 ms panes of two batches, five panes per window. */
    private static final WindowSpec SPEC = WindowSpec.of(1_000, 200, 100);

    /** One operator under test, adapted to a common shape; output lines carry the batch number. */
    private interface Subject extends Checkpointable, AutoCloseable
    {
        void add(long key, long value, boolean isRight);

        void endBatch(int batch, List<String> out);

        @Override
        void close();
    }

    /** Feeds one record to an operator. */
    @FunctionalInterface
    private interface Adder<T>
    {
        void add(T op, long key, long value, boolean isRight);
    }

    /** Ends a batch of an operator, its results as lines carrying the batch number. */
    @FunctionalInterface
    private interface Ender<T>
    {
        void end(T op, int batch, List<String> out);
    }

    /** Adapts an operator by its adder, its batch end and its image methods. */
    private static <T extends Checkpointable & AutoCloseable> Subject subject(final T op, final Adder<T> adder,
        final Ender<T> ender)
    {
        return new Subject()
        {
            @Override
            public void add(final long key, final long value, final boolean isRight)
            {
                adder.add(op, key, value, isRight);
            }

            @Override
            public void endBatch(final int batch, final List<String> out)
            {
                ender.end(op, batch, out);
            }

            @Override
            public int writeTo(final MutableDirectBuffer buffer, final int offset)
            {
                return op.writeTo(buffer, offset);
            }

            @Override
            public int readFrom(final DirectBuffer buffer, final int offset)
            {
                return op.readFrom(buffer, offset);
            }

            @Override
            public void close()
            {
                try
                {
                    op.close();
                }
                catch (final Exception ex)
                {
                    throw new IllegalStateException(ex);
                }
            }
        };
    }

    private static Subject reduceByKey()
    {
        return subject(new ReduceByKey(ORDERED, 4), (op, k, v, r) -> op.add(k, v),
            (op, batch, out) -> op.endBatch((k, v) -> out.add(batch + ":" + k + "=" + v)));
    }

    private static Subject countByValue()
    {
        return subject(new CountByValue(4), (op, k, v, r) -> op.add(k),
            (op, batch, out) -> op.endBatch((k, v) -> out.add(batch + ":" + k + "=" + v)));
    }

    private static Subject combineByKey()
    {
        return subject(new CombineByKey(v -> v * 10, ORDERED, 4), (op, k, v, r) -> op.add(k, v),
            (op, batch, out) -> op.endBatch((k, v) -> out.add(batch + ":" + k + "=" + v)));
    }

    private static Subject groupByKey()
    {
        return subject(new GroupByKey(4), (op, k, v, r) -> op.add(k, v),
            (op, batch, out) -> op.endBatch((k, values) -> out.add(batch + ":" + k + "=" + values(values))));
    }

    private static Subject join(final JoinType type)
    {
        return subject(new BatchJoin(type, 4), (op, k, v, isRight) ->
            {
                if (isRight)
                {
                    op.addRight(k, v);
                }
                else
                {
                    op.addLeft(k, v);
                }
            },
            (op, batch, out) -> op.endBatch((k, l, hasL, r, hasR) -> out.add(batch + ":" + k + "=(" +
                (hasL ? l : "-") + "," + (hasR ? r : "-") + ")")));
    }

    private static Subject cogroup()
    {
        return subject(new Cogroup(4), (op, k, v, isRight) ->
            {
                if (isRight)
                {
                    op.addRight(k, v);
                }
                else
                {
                    op.addLeft(k, v);
                }
            },
            (op, batch, out) -> op.endBatch((k, l, r) -> out.add(batch + ":" + k + "=" + values(l) + values(r))));
    }

    private static Subject countByValueAndWindow()
    {
        return subject(new CountByValueAndWindow(SPEC, 4), (op, k, v, r) -> op.add(k),
            (op, batch, out) -> op.endBatch((k, v) -> out.add(batch + ":" + k + "=" + v)));
    }

    private static Subject countByWindow()
    {
        return subject(new CountByWindow(SPEC), (op, k, v, r) -> op.add(),
            (op, batch, out) -> op.endBatch(count -> out.add(batch + ":" + count)));
    }

    private static Subject reduceByKeyAndWindow(final WindowSpec spec)
    {
        return subject(new KeyedAggregateWindow(spec, 4, ORDERED), (op, k, v, r) -> op.add(k, v),
            (op, batch, out) -> op.endBatch((k, v) -> out.add(batch + ":" + k + "=" + v)));
    }

    private static String values(final LongValues values)
    {
        final StringBuilder text = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++)
        {
            text.append(i == 0 ? "" : ",").append(values.get(i));
        }
        return text.append(']').toString();
    }

    static Stream<Arguments> operators()
    {
        return Stream.of(
            Arguments.of("reduceByKey", (Supplier<Subject>)SnapshotRestoreTest::reduceByKey),
            Arguments.of("countByValue", (Supplier<Subject>)SnapshotRestoreTest::countByValue),
            Arguments.of("combineByKey", (Supplier<Subject>)SnapshotRestoreTest::combineByKey),
            Arguments.of("groupByKey", (Supplier<Subject>)SnapshotRestoreTest::groupByKey),
            Arguments.of("join", (Supplier<Subject>)() -> join(JoinType.INNER)),
            Arguments.of("leftOuterJoin", (Supplier<Subject>)() -> join(JoinType.LEFT_OUTER)),
            Arguments.of("rightOuterJoin", (Supplier<Subject>)() -> join(JoinType.RIGHT_OUTER)),
            Arguments.of("fullOuterJoin", (Supplier<Subject>)() -> join(JoinType.FULL_OUTER)),
            Arguments.of("cogroup", (Supplier<Subject>)SnapshotRestoreTest::cogroup),
            Arguments.of("countByValueAndWindow", (Supplier<Subject>)SnapshotRestoreTest::countByValueAndWindow),
            Arguments.of("countByWindow", (Supplier<Subject>)SnapshotRestoreTest::countByWindow),
            Arguments.of("reduceByKeyAndWindow", (Supplier<Subject>)() -> reduceByKeyAndWindow(SPEC)),
            Arguments.of("reduceByKeyAndWindow tumbling",
                (Supplier<Subject>)() -> reduceByKeyAndWindow(WindowSpec.of(300, 300, 100))));
    }

    /** Records as {key, value, side}; batch sizes vary from 0 (empty batches) to a few hundred. */
    private static long[][] input(final long seed, final int[] batchEnds)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<long[]> records = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++)
        {
            final int size = b % 9 == 4 ? 0 : random.nextInt(400);
            // keys spread over more values as time goes on, so the maps grow (and migrate) while restored
            final int keys = 20 + b * 40;
            for (int i = 0; i < size; i++)
            {
                records.add(new long[] {random.nextInt(keys) - 5, random.nextInt(-50, 1_000), random.nextInt(2)});
            }
            batchEnds[b] = records.size();
        }
        return records.toArray(new long[0][]);
    }

    /** Runs the operator over the input, replacing it by a fresh one restored from its image before record {@code at}. */
    private static List<String> run(final Supplier<Subject> factory, final long[][] records, final int[] batchEnds,
        final int at)
    {
        final List<String> out = new ArrayList<>();
        Subject op = factory.get();
        try
        {
            int record = 0;
            for (int b = 0; b < BATCHES; b++)
            {
                for (; record <= batchEnds[b]; record++)
                {
                    if (record == at)
                    {
                        final ExpandableArrayBuffer image = new ExpandableArrayBuffer(64);
                        final int end = op.writeTo(image, 0);
                        op.close();
                        op = factory.get();
                        assertEquals(end, op.readFrom(image, 0), "image length");
                    }
                    if (record < batchEnds[b])
                    {
                        op.add(records[record][0], records[record][1], records[record][2] == 1);
                    }
                }
                record = batchEnds[b];
                op.endBatch(b, out);
            }
            return out;
        }
        finally
        {
            op.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operators")
    void restoredAtAnyPointEmitsWhatTheUninterruptedOperatorEmits(final String name, final Supplier<Subject> factory)
    {
        final int[] batchEnds = new int[BATCHES];
        final long[][] records = input(name.hashCode(), batchEnds);
        final List<String> expected = run(factory, records, batchEnds, -1);
        // countByWindow emits one count per slide; the others hundreds of keys
        assertTrue(expected.size() >= (name.equals("countByWindow") ? 25 : 500), name + " outputs: " + expected.size());
        final List<Integer> points = new ArrayList<>(List.of(0, 1, batchEnds[0], batchEnds[1] + 1, batchEnds[3],
            batchEnds[4], batchEnds[10] + 7, records.length - 3, records.length));
        final SplittableRandom random = new SplittableRandom(name.hashCode() * 31L);
        for (int i = 0; i < 12; i++)
        {
            points.add(random.nextInt(records.length));
        }
        for (final int at : points)
        {
            assertEquals(expected, run(factory, records, batchEnds, at), name + " restored at record " + at);
        }
    }

    private static String refusal(final Subject writer, final Subject reader)
    {
        try (writer; reader)
        {
            writer.add(1, 2, false);
            final ExpandableArrayBuffer image = new ExpandableArrayBuffer(64);
            writer.writeTo(image, 0);
            return assertThrows(IllegalArgumentException.class, () -> reader.readFrom(image, 0)).getMessage();
        }
    }

    @Test
    void anImageOfAnotherOperatorIsRefusedNamingBoth()
    {
        final String message = refusal(reduceByKey(), countByValue());
        assertTrue(message.contains("reduceByKey version 1") && message.contains("countByValue version 1"), message);
        final String cogroup = refusal(cogroup(), join(JoinType.INNER));
        assertTrue(cogroup.contains("cogroup") && cogroup.contains("join"), cogroup);
    }

    @Test
    void anImageOfAnotherJoinTypeIsRefusedNamingBoth()
    {
        final String message = refusal(join(JoinType.LEFT_OUTER), join(JoinType.INNER));
        assertTrue(message.contains("LEFT_OUTER") && message.contains("INNER"), message);
    }

    @Test
    void anImageOfAnotherWindowIsRefusedNamingBoth()
    {
        final String message = refusal(reduceByKeyAndWindow(SPEC), reduceByKeyAndWindow(WindowSpec.of(2_000, 200, 100)));
        assertTrue(message.contains("window=1000ms") && message.contains("window=2000ms"), message);
        final String counted = refusal(countByValueAndWindow(), countByWindow());
        assertTrue(counted.contains("countByValueAndWindow") && counted.contains("countByWindow"), counted);
    }

    @Test
    void aPairCountBeyondTheImageIsRefused()
    {
        try (Subject writer = groupByKey(); Subject reader = groupByKey())
        {
            writer.add(1, 2, false);
            final ExpandableArrayBuffer image = new ExpandableArrayBuffer(64);
            final int end = writer.writeTo(image, 0);
            final org.agrona.concurrent.UnsafeBuffer cut = new org.agrona.concurrent.UnsafeBuffer(image, 0, end - 8);
            final String message = assertThrows(IllegalArgumentException.class, () -> reader.readFrom(cut, 0))
                .getMessage();
            assertTrue(message.contains("bad size 1"), message);
        }
    }
}
