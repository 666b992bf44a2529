package dev.rill.engine.testing;

import static dev.rill.engine.testing.KV.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.rill.engine.EventStream;
import dev.rill.engine.JoinedRecord;
import dev.rill.operators.keyed.JoinType;
import dev.rill.operators.keyed.LongValues;

/**
 * Spark conformance of {@code window}, {@code groupByKeyAndWindow} and the join of two windowed streams, batch by
 * batch, through {@link BatchTestDriver} on 1 and 2 shards. The cases are Spark's {@code WindowOperationsSuite}
 * ("basic window", "tumbling window", "larger window", "groupByKeyAndWindow" over {@code bigInput}) with keys added
 * so that two shards split them, and the programming guide's window join ({@code stream1.window(...).join(
 * stream2.window(...))}: Spark's {@code WindowedDStream.compute} is the union of the parent's batches in
 * {@code (end - window, end]}, and a join of two DStreams of the same slide joins, per slide, those two unions).
 * Spark's suite lists one output per slide; the driver returns one per batch, so a slide of two batches shows an empty
 * batch between two windows.
 */
class WindowConformanceTest
{
    /** Spark's {@code Seq(Seq(0), ..., Seq(5))}: record i in batch i, as {@code (i + 10, i)}. */
    private static final List<List<KV>> ONE_PER_BATCH = List.of(List.of(kv(10, 0)), List.of(kv(11, 1)),
        List.of(kv(12, 2)), List.of(kv(13, 3)), List.of(kv(14, 4)), List.of(kv(15, 5)));

    private static List<List<KV>> window(final int shards, final long windowMs, final long slideMs,
        final List<List<KV>> input, final int batches) throws Exception
    {
        return BatchTestDriver.withBatchInterval(1_000).shards(shards).run(input, s -> s.window(windowMs, slideMs),
            batches);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void basicWindowEmitsTheFirstWindowBeforeItIsFull(final int shards) throws Exception
    {
        // Seq(0), Seq(0, 1), Seq(1, 2), Seq(2, 3), Seq(3, 4), Seq(4, 5)
        assertEquals(List.of(
            List.of(kv(10, 0)),
            List.of(kv(10, 0), kv(11, 1)),
            List.of(kv(11, 1), kv(12, 2)),
            List.of(kv(12, 2), kv(13, 3)),
            List.of(kv(13, 3), kv(14, 4)),
            List.of(kv(14, 4), kv(15, 5))), window(shards, 2_000, 1_000, ONE_PER_BATCH, 6));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void tumblingWindowEmitsAtEachSlideOnly(final int shards) throws Exception
    {
        // Seq(0, 1), Seq(2, 3), Seq(4, 5)
        assertEquals(List.of(
            List.of(), List.of(kv(10, 0), kv(11, 1)),
            List.of(), List.of(kv(12, 2), kv(13, 3)),
            List.of(), List.of(kv(14, 4), kv(15, 5))), window(shards, 2_000, 2_000, ONE_PER_BATCH, 6));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void largerWindowEmitsEachRecordOncePerWindowItBelongsTo(final int shards) throws Exception
    {
        // Seq(0, 1), Seq(0, 1, 2, 3), Seq(2, 3, 4, 5), Seq(4, 5)
        assertEquals(List.of(
            List.of(), List.of(kv(10, 0), kv(11, 1)),
            List.of(), List.of(kv(10, 0), kv(11, 1), kv(12, 2), kv(13, 3)),
            List.of(), List.of(kv(12, 2), kv(13, 3), kv(14, 4), kv(15, 5)),
            List.of(), List.of(kv(14, 4), kv(15, 5))), window(shards, 4_000, 2_000, ONE_PER_BATCH, 8));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void equalRecordsAndEmptyBatchesAreKeptAsTheyCame(final int shards) throws Exception
    {
        // window 3 batches, slide 1: a duplicate record stays two records; an empty window emits nothing
        final List<List<KV>> input = List.of(List.of(kv(1, 5), kv(1, 5), kv(2, 6)), List.of(), List.of(kv(1, 7)));
        assertEquals(List.of(
            List.of(kv(1, 5), kv(1, 5), kv(2, 6)),
            List.of(kv(1, 5), kv(1, 5), kv(2, 6)),
            List.of(kv(1, 5), kv(1, 5), kv(1, 7), kv(2, 6)),
            List.of(kv(1, 7)),
            List.of(kv(1, 7)),
            List.of()), window(shards, 3_000, 1_000, input, 6));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aBatchOperationAfterAWindowRunsOncePerSlide(final int shards) throws Exception
    {
        // Spark: window(2 s, 2 s).count() is a DStream of slide 2 s: a count at 2, 4 and 6 s only (0 for the empty
        // window at 6 s, as every count), none at 1, 3 and 5 s
        assertEquals(List.of(List.of(), List.of(kv(0, 2)), List.of(), List.of(kv(0, 1)), List.of(), List.of(kv(0, 0))),
            BatchTestDriver.withBatchInterval(1_000).shards(shards).run(
                List.of(List.of(kv(1, 1)), List.of(kv(2, 2)), List.of(kv(3, 3))), s -> s.window(2_000, 2_000).count(),
                6));
    }

    private static String values(final LongValues values)
    {
        final List<Long> list = new ArrayList<>();
        for (int i = 0; i < values.size(); i++)
        {
            list.add(values.get(i));
        }
        return list.toString();
    }

    private static List<List<String>> groupByKeyAndWindow(final int shards, final long windowMs, final long slideMs,
        final List<List<KV>> input, final int batches) throws Exception
    {
        // the function records each key's group and emits its index, read back into text per batch (stepping mode:
        // every shard runs on the test's thread)
        final List<String> groups = new ArrayList<>();
        return BatchTestDriver.withBatchInterval(1_000).shards(shards).run(input,
            s -> s.groupByKeyAndWindow(windowMs, slideMs, (key, values, out) ->
            {
                groups.add(key + "=" + values(values));
                out.accept(key, groups.size() - 1);
            }),
            batches, e -> groups.get((int)e.long0()));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void groupByKeyAndWindowOnSparksBigInput(final int shards) throws Exception
    {
        // bigInput with a = 1, b = 2, c = 3 and values numbered per batch (Spark's are all 1: the order shows here)
        final List<List<KV>> input = List.of(
            List.of(kv(1, 10)),
            List.of(kv(1, 20), kv(2, 21)),
            List.of(kv(1, 30), kv(2, 31), kv(3, 32)),
            List.of(kv(1, 40), kv(2, 41)),
            List.of(kv(1, 50)),
            List.of(),
            List.of(kv(1, 70)));
        assertEquals(List.of(
            List.of("1=[10]"),
            List.of("1=[10, 20]", "2=[21]"),
            List.of("1=[20, 30]", "2=[21, 31]", "3=[32]"),
            List.of("1=[30, 40]", "2=[31, 41]", "3=[32]"),
            List.of("1=[40, 50]", "2=[41]"),
            List.of("1=[50]"),
            List.of("1=[70]"),
            List.of("1=[70]"),
            List.of()), groupByKeyAndWindow(shards, 2_000, 1_000, input, 9));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void groupByKeyAndWindowWithALargerSlide(final int shards) throws Exception
    {
        // Spark's largerSlideInput (a = 1, values 1..6 then two empty batches), window 4 s, slide 2 s
        final List<List<KV>> input = List.of(List.of(kv(1, 1)), List.of(kv(1, 2)), List.of(kv(1, 3)),
            List.of(kv(1, 4), kv(2, 9)), List.of(kv(1, 5)), List.of(kv(1, 6)), List.of(), List.of());
        assertEquals(List.of(
            List.of(), List.of("1=[1, 2]"),
            List.of(), List.of("1=[1, 2, 3, 4]", "2=[9]"),
            List.of(), List.of("1=[3, 4, 5, 6]", "2=[9]"),
            List.of(), List.of("1=[5, 6]")), groupByKeyAndWindow(shards, 4_000, 2_000, input, 8));
    }

    /** Windows of 2 batches, slide 1: see the expected windows in {@link #windowedJoinPairsTheTwoWindows}. */
    private static final List<List<KV>> LEFT = List.of(
        List.of(kv(1, 1), kv(2, 2)),
        List.of(kv(1, 3)),
        List.of(),
        List.of(kv(3, 4)));
    private static final List<List<KV>> RIGHT = List.of(
        List.of(kv(1, 9)),
        List.of(kv(2, 8)),
        List.of(kv(3, 7)),
        List.of());

    private static List<List<String>> windowedJoin(final int shards, final JoinType type, final long windowMs,
        final long slideMs, final int batches, final BiFunction<EventStream, EventStream, EventStream> join)
        throws Exception
    {
        return BatchTestDriver.withBatchInterval(1_000).shards(shards).run(LEFT, RIGHT,
            (l, r) -> join.apply(l.window(windowMs, slideMs), r.window(windowMs, slideMs)), batches, e ->
            {
                final StringBuilder text = new StringBuilder();
                JoinedRecord.formatter(type).format(e, text);
                return text.toString();
            });
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void windowedJoinPairsTheTwoWindows(final int shards) throws Exception
    {
        // windows (left | right): 1000: (1,1)(2,2) | (1,9); 2000: (1,1)(2,2)(1,3) | (1,9)(2,8); 3000: (1,3) |
        // (2,8)(3,7); 4000: (3,4) | (3,7); 5000: (3,4) | nothing
        assertEquals(List.of(
            List.of("(1,(1,9))"),
            List.of("(1,(1,9))", "(1,(3,9))", "(2,(2,8))"),
            List.of(),
            List.of("(3,(4,7))"),
            List.of()), windowedJoin(shards, JoinType.INNER, 2_000, 1_000, 5, EventStream::join));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void windowedLeftOuterJoin(final int shards) throws Exception
    {
        assertEquals(List.of(
            List.of("(1,(1,Some(9)))", "(2,(2,None))"),
            List.of("(1,(1,Some(9)))", "(1,(3,Some(9)))", "(2,(2,Some(8)))"),
            List.of("(1,(3,None))"),
            List.of("(3,(4,Some(7)))"),
            List.of("(3,(4,None))")), windowedJoin(shards, JoinType.LEFT_OUTER, 2_000, 1_000, 5,
            EventStream::leftOuterJoin));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void windowedRightOuterJoin(final int shards) throws Exception
    {
        assertEquals(List.of(
            List.of("(1,(Some(1),9))"),
            List.of("(1,(Some(1),9))", "(1,(Some(3),9))", "(2,(Some(2),8))"),
            List.of("(2,(None,8))", "(3,(None,7))"),
            List.of("(3,(Some(4),7))"),
            List.of()), windowedJoin(shards, JoinType.RIGHT_OUTER, 2_000, 1_000, 5, EventStream::rightOuterJoin));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void windowedFullOuterJoin(final int shards) throws Exception
    {
        assertEquals(List.of(
            List.of("(1,(Some(1),Some(9)))", "(2,(Some(2),None))"),
            List.of("(1,(Some(1),Some(9)))", "(1,(Some(3),Some(9)))", "(2,(Some(2),Some(8)))"),
            List.of("(1,(Some(3),None))", "(2,(None,Some(8)))", "(3,(None,Some(7)))"),
            List.of("(3,(Some(4),Some(7)))"),
            List.of("(3,(Some(4),None))")), windowedJoin(shards, JoinType.FULL_OUTER, 2_000, 1_000, 5,
            EventStream::fullOuterJoin));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void windowedJoinWithASlideOfTwoBatchesJoinsAtEachSlide(final int shards) throws Exception
    {
        // window 4 s, slide 2 s: windows end at 2000 (batches 1-2), 4000 (1-4), 6000 (3-6), 8000 (5-8)
        assertEquals(List.of(
            List.of(), List.of("(1,(1,9))", "(1,(3,9))", "(2,(2,8))"),
            List.of(), List.of("(1,(1,9))", "(1,(3,9))", "(2,(2,8))", "(3,(4,7))"),
            List.of(), List.of("(3,(4,7))"),
            List.of(), List.of()), windowedJoin(shards, JoinType.INNER, 4_000, 2_000, 8, EventStream::join));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void windowedCogroupGroupsBothWindowsInArrivalOrder(final int shards) throws Exception
    {
        final List<String> groups = new ArrayList<>();
        final List<List<String>> output = BatchTestDriver.withBatchInterval(1_000).shards(shards).run(LEFT, RIGHT,
            (l, r) -> l.window(2_000, 1_000).cogroup(r.window(2_000, 1_000), (key, lv, rv, out) ->
            {
                groups.add(key + "=(" + values(lv) + "," + values(rv) + ")");
                out.accept(key, groups.size() - 1);
            }),
            5, e -> groups.get((int)e.long0()));
        assertEquals(List.of(
            List.of("1=([1],[9])", "2=([2],[])"),
            List.of("1=([1, 3],[9])", "2=([2],[8])"),
            List.of("1=([3],[])", "2=([],[8])", "3=([],[7])"),
            List.of("3=([4],[7])"),
            List.of("3=([4],[])")), output);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aWindowedStreamJoinsARawStreamOfTheSameSlide(final int shards) throws Exception
    {
        // Spark: s1.window(2 s, 1 s).join(s2) joins, every second, s1's last two batches with s2's batch; the window
        // results carry their batch, the raw records are cut by processing time: both meet in the same batch
        final BatchTestDriver driver = BatchTestDriver.withBatchInterval(1_000).shards(shards);
        assertEquals(List.of(
            List.of(kv(1, 1)),                              // left window (1,1)(2,2), right batch (1,9)
            List.of(kv(2, 2)),                              // (1,1)(2,2)(1,3) with (2,8)
            List.of(),                                      // (1,3) with (3,7)
            List.of()), driver.run(LEFT, RIGHT, (l, r) -> l.window(2_000, 1_000).join(r), 4));
        // the raw side on the left: left batch (1,1)(2,2) with right window (1,9); (1,3) with (1,9)(2,8); nothing
        // with (2,8)(3,7); (3,4) with (3,7)
        assertEquals(List.of(List.of(kv(1, 1)), List.of(kv(1, 3)), List.of(), List.of(kv(3, 4))),
            driver.run(LEFT, RIGHT, (l, r) -> l.join(r.window(2_000, 1_000)), 4));
        // a per-batch keyed result with raw records: (1,3) at 2000 ms meets the right batch (2,8) of the same time
        assertEquals(List.of(List.of(kv(1, 1), kv(2, 2)), List.of(kv(1, 3)), List.of(), List.of(kv(3, 4))),
            driver.run(LEFT, RIGHT, (l, r) -> l.reduceByKey(Long::sum).leftOuterJoin(r), 4));
    }
}
