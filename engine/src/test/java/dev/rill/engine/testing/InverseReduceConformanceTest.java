package dev.rill.engine.testing;

import static dev.rill.engine.testing.KV.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.rill.engine.Event;
import dev.rill.operators.window.KeySumCountFilter;

/**
 * Spark's {@code reduceByKeyAndWindow(reduceFunc, invReduceFunc, ...)} with a function other than the sum (XOR, its
 * own inverse, so a hard-wired {@code +}/{@code -} would give other values), and {@code reduceByWindow} with and
 * without an inverse, batch by batch, on 1 and 2 shards.
 */
class InverseReduceConformanceTest
{
    private static final long A = 1;
    private static final long B = 2;

    private static String valueCount(final Event e)
    {
        return e.key() + "=(" + e.long0() + "," + e.long1() + ")";
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void anyReduceFunctionAndItsInverseKeepKeysAtTheInverseReducedValue(final int shards) throws Exception
    {
        // Spark: reduceByKeyAndWindow(_ ^ _, _ ^ _, Seconds(3), Seconds(1)), no filter. Within a pane values are
        // reduced in arrival order (5 ^ 6 = 3 in batch 1); a key already in the window is reduce(window, pane).
        final List<List<String>> output = BatchTestDriver.withBatchInterval(1_000).shards(shards).run(
            List.of(List.of(kv(A, 5), kv(B, 1), kv(A, 6)), List.of(kv(A, 12))),
            s -> s.reduceByKeyAndWindow((x, y) -> x ^ y, (x, y) -> x ^ y, 3_000, 1_000, null),
            5, InverseReduceConformanceTest::valueCount);
        assertEquals(List.of(
            List.of("1=(3,2)", "2=(1,1)"),       // 5 ^ 6
            List.of("1=(15,3)", "2=(1,1)"),      // 3 ^ 12 (a sum would say 23)
            List.of("1=(15,3)", "2=(1,1)"),
            List.of("1=(12,1)", "2=(0,0)"),      // inverse(15, 3) = 12; B kept at inverse(1, 1) = 0
            List.of("1=(0,0)", "2=(0,0)")), output);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void aFilterDropsTheKeysItRejects(final int shards) throws Exception
    {
        final List<List<String>> output = BatchTestDriver.withBatchInterval(1_000).shards(shards).run(
            List.of(List.of(kv(A, 5), kv(B, 1), kv(A, 6)), List.of(kv(A, 12))),
            s -> s.reduceByKeyAndWindow((x, y) -> x ^ y, (x, y) -> x ^ y, 3_000, 1_000, KeySumCountFilter.NON_EMPTY),
            5, InverseReduceConformanceTest::valueCount);
        assertEquals(List.of(
            List.of("1=(3,2)", "2=(1,1)"),
            List.of("1=(15,3)", "2=(1,1)"),
            List.of("1=(15,3)", "2=(1,1)"),
            List.of("1=(12,1)"),
            List.of()), output);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void reduceByWindowWithoutInverseEmitsNothingForAnEmptyWindow(final int shards) throws Exception
    {
        // Spark: reduceByWindow(math.max, Seconds(2), Seconds(1)) over the values; key 0 carries the one result.
        final List<List<KV>> output = BatchTestDriver.withBatchInterval(1_000).shards(shards).run(
            List.of(List.of(kv(1, 4), kv(2, 9)), List.of(kv(3, 2)), List.of(), List.of()),
            s -> s.reduceByWindow(Math::max, 2_000, 1_000),
            4);
        assertEquals(List.of(List.of(kv(0, 9)), List.of(kv(0, 9)), List.of(kv(0, 2)), List.of()), output);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void reduceByWindowWithInverseKeepsEmittingOnceValuesExpired(final int shards) throws Exception
    {
        // Spark: reduceByWindow(_ + _, _ - _, Seconds(2), Seconds(1)): from the first value on, one value per slide.
        final List<List<KV>> output = BatchTestDriver.withBatchInterval(1_000).shards(shards).run(
            List.of(List.of(kv(1, 4), kv(2, 9)), List.of(kv(3, 2)), List.of(), List.of()),
            s -> s.reduceByWindow(Long::sum, (x, y) -> x - y, 2_000, 1_000),
            4);
        assertEquals(List.of(List.of(kv(0, 13)), List.of(kv(0, 15)), List.of(kv(0, 2)), List.of(kv(0, 0))), output);
    }
}
