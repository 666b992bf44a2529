package dev.rill.engine.testing;

import static dev.rill.engine.testing.KV.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.rill.engine.Event;
import dev.rill.engine.EventStream;
import dev.rill.engine.JoinedRecord;
import dev.rill.operators.keyed.JoinType;
import dev.rill.operators.keyed.LongValues;

/**
 * Spark conformance of the two-stream keyed operators, batch by batch, through {@link BatchTestDriver} on 1 and 2
 * shards. Spark's {@code PairDStreamFunctions.join} and friends are {@code transformWith(other, rdd1.join(rdd2))}: per
 * batch, {@code PairRDDFunctions} semantics (a {@code cogroup}, then every left value with every right value; an
 * outer side's values of a key missing on the other side paired with {@code None}); nothing is carried from one batch
 * to the next. Records read in Spark's printed tuple form ({@link JoinedRecord#formatter}).
 */
class TwoStreamConformanceTest
{
    /** Batch 1: a on both sides (two left values), b left only, c right only. */
    private static final List<List<KV>> LEFT = List.of(
        List.of(kv(1, 1), kv(1, 2), kv(2, 3)),
        List.of(kv(2, 4), kv(4, 0)),
        List.of(),
        List.of(kv(2, 6), kv(2, 7)));
    private static final List<List<KV>> RIGHT = List.of(
        List.of(kv(1, 9), kv(3, 8)),
        List.of(kv(5, 0)),
        List.of(kv(2, 5)),
        List.of(kv(2, 5), kv(2, 8)));

    private static List<List<String>> join(final int shards, final JoinType type,
        final BiFunction<EventStream, EventStream, EventStream> operation) throws Exception
    {
        return BatchTestDriver.withBatchInterval(1_000).shards(shards).run(LEFT, RIGHT, operation, 5, e ->
        {
            final StringBuilder text = new StringBuilder();
            JoinedRecord.formatter(type).format(e, text);
            return text.toString();
        });
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void joinPairsEveryLeftValueWithEveryRightValuePerBatchOnly(final int shards) throws Exception
    {
        assertEquals(List.of(
            List.of("(1,(1,9))", "(1,(2,9))"),
            List.of(),                                      // no key on both sides
            List.of(),                                      // b's right value: b's left values were a batch earlier
            List.of("(2,(6,5))", "(2,(6,8))", "(2,(7,5))", "(2,(7,8))"),   // the product of 2 x 2 values
            List.of()), join(shards, JoinType.INNER, EventStream::join));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void leftOuterJoinKeepsLeftValuesWithoutMatchAsNone(final int shards) throws Exception
    {
        assertEquals(List.of(
            List.of("(1,(1,Some(9)))", "(1,(2,Some(9)))", "(2,(3,None))"),
            List.of("(2,(4,None))", "(4,(0,None))"),
            List.of(),
            List.of("(2,(6,Some(5)))", "(2,(6,Some(8)))", "(2,(7,Some(5)))", "(2,(7,Some(8)))"),
            List.of()), join(shards, JoinType.LEFT_OUTER, EventStream::leftOuterJoin));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void rightOuterJoinKeepsRightValuesWithoutMatchAsNone(final int shards) throws Exception
    {
        assertEquals(List.of(
            List.of("(1,(Some(1),9))", "(1,(Some(2),9))", "(3,(None,8))"),
            List.of("(5,(None,0))"),
            List.of("(2,(None,5))"),
            List.of("(2,(Some(6),5))", "(2,(Some(6),8))", "(2,(Some(7),5))", "(2,(Some(7),8))"),
            List.of()), join(shards, JoinType.RIGHT_OUTER, EventStream::rightOuterJoin));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void fullOuterJoinMarksTheAbsentSideNotTheValueZero(final int shards) throws Exception
    {
        assertEquals(List.of(
            List.of("(1,(Some(1),Some(9)))", "(1,(Some(2),Some(9)))", "(2,(Some(3),None))", "(3,(None,Some(8)))"),
            // value 0 present on one side, absent on the other: the flags, not the value, say which
            List.of("(2,(Some(4),None))", "(4,(Some(0),None))", "(5,(None,Some(0)))"),
            List.of("(2,(None,Some(5)))"),
            List.of("(2,(Some(6),Some(5)))", "(2,(Some(6),Some(8)))", "(2,(Some(7),Some(5)))",
                "(2,(Some(7),Some(8)))"),
            List.of()), join(shards, JoinType.FULL_OUTER, EventStream::fullOuterJoin));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void joinResultsCarryValuesAndPresenceInTheEvent(final int shards) throws Exception
    {
        final List<List<String>> output = BatchTestDriver.withBatchInterval(100).shards(shards).run(
            List.of(List.of(kv(7, -3))), List.of(List.of(kv(8, 4))), EventStream::fullOuterJoin, 1,
            (Event e) -> e.key() + ":" + e.long0() + "/" + JoinedRecord.hasLeft(e) + "," + e.long1() + "/" +
                JoinedRecord.hasRight(e) + "@" + e.long2());
        assertEquals(List.of(List.of("7:-3/true,0/false@100", "8:0/false,4/true@100")), output);
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

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void cogroupGivesEveryKeyOfEitherSideWithBothGroupsInArrivalOrder(final int shards) throws Exception
    {
        // the function records each key's groups and emits their index, read back into text per batch
        final List<String> groups = new ArrayList<>();
        final List<List<String>> output = BatchTestDriver.withBatchInterval(1_000).shards(shards).run(
            List.of(List.of(kv(1, 1), kv(2, 2), kv(1, 3)), List.of(), List.of()),
            List.of(List.of(kv(1, 9), kv(3, 8)), List.of(kv(2, 7)), List.of()),
            (left, right) -> left.cogroup(right, (key, l, r, out) ->
            {
                groups.add(key + "=(" + values(l) + "," + values(r) + ")");
                out.accept(key, groups.size() - 1);
            }),
            3, e -> groups.get((int)e.long0()));
        assertEquals(List.of(
            List.of("1=([1, 3],[9])", "2=([2],[])", "3=([],[8])"),
            List.of("2=([],[7])"),                          // nothing kept from batch 1
            List.of()), output);
    }
}
