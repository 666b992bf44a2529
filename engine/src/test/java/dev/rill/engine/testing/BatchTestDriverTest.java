package dev.rill.engine.testing;

import static dev.rill.engine.testing.KV.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.rill.engine.Event;
import dev.rill.operators.keyed.MapWithStateSpec;
import dev.rill.operators.window.KeySumCountFilter;

/**
 * Spark conformance of the keyed and window operators wired into the engine's shards, batch by batch, through
 * {@link BatchTestDriver} (a real stepping pipeline on a manual clock). Cases follow Spark's streaming guide and its
 * DStream sources; each runs on 1 and 2 shards where the operator is keyed.
 */
class BatchTestDriverTest
{
    private static final long A = 1;
    private static final long B = 2;

    @Test
    void reduceByKeyOverTwoShards() throws Exception
    {
        final List<List<KV>> output = BatchTestDriver.withBatchInterval(1_000).shards(2).run(
            List.of(List.of(kv(1, 1), kv(2, 2), kv(1, 3)), List.of(), List.of(kv(2, 5))),
            s -> s.reduceByKey(Long::sum),
            3);
        assertEquals(List.of(List.of(kv(1, 4), kv(2, 2)), List.of(), List.of(kv(2, 5))), output);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void reduceByKeyCarriesNothingOverAndKeepsArrivalOrderOfTheFunction(final int shards) throws Exception
    {
        // non-commutative function: 10 * soFar + value shows the order values were folded in
        final List<List<KV>> output = BatchTestDriver.withBatchInterval(100).shards(shards).run(
            List.of(List.of(kv(A, 1), kv(B, 7), kv(A, 2), kv(A, 3)), List.of(kv(A, 4))),
            s -> s.reduceByKey((soFar, v) -> soFar * 10 + v),
            3);
        assertEquals(List.of(List.of(kv(A, 123), kv(B, 7)), List.of(kv(A, 4)), List.of()), output);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void countByValueCountsEachDistinctKeyPerBatch(final int shards) throws Exception
    {
        final List<List<KV>> output = BatchTestDriver.withBatchInterval(1_000).shards(shards).run(
            List.of(List.of(kv(7, 0), kv(7, 0), kv(3, 0)), List.of(), List.of(kv(3, 0))),
            s -> s.countByValue(),
            3);
        assertEquals(List.of(List.of(kv(3, 1), kv(7, 2)), List.of(), List.of(kv(3, 1))), output);
    }

    private static String sumCount(final Event e)
    {
        return e.key() + "=(" + e.long0() + "," + e.long1() + ")";
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void windowWithInverseEmitsBeforeTheWindowIsFullAndKeepsKeysAtZero(final int shards) throws Exception
    {
        // Spark: reduceByKeyAndWindow(_ + _, _ - _, Seconds(3), Seconds(1)) without filter
        final List<List<String>> output = BatchTestDriver.withBatchInterval(1_000).shards(shards).run(
            List.of(List.of(kv(A, 5), kv(B, 1)), List.of(kv(A, 2))),
            s -> s.sumCountByKeyAndWindow(3_000, 1_000, null),
            5, BatchTestDriverTest::sumCount);
        assertEquals(List.of(
            List.of("1=(5,1)", "2=(1,1)"),      // first window emitted after one batch, before it is full
            List.of("1=(7,2)", "2=(1,1)"),
            List.of("1=(7,2)", "2=(1,1)"),
            List.of("1=(2,1)", "2=(0,0)"),      // b's value left the window: kept with 0
            List.of("1=(0,0)", "2=(0,0)")), output);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void windowWithInverseAndFilterDropsKeysBackAtZero(final int shards) throws Exception
    {
        final List<List<String>> output = BatchTestDriver.withBatchInterval(1_000).shards(shards).run(
            List.of(List.of(kv(A, 5), kv(B, 1)), List.of(kv(A, 2))),
            s -> s.sumCountByKeyAndWindow(3_000, 1_000, KeySumCountFilter.NON_EMPTY),
            5, BatchTestDriverTest::sumCount);
        assertEquals(List.of(
            List.of("1=(5,1)", "2=(1,1)"),
            List.of("1=(7,2)", "2=(1,1)"),
            List.of("1=(7,2)", "2=(1,1)"),
            List.of("1=(2,1)"),
            List.of()), output);
    }

    @Test
    void windowSlidingTwoBatchesEmitsEveryOtherBatchAtMultiplesOfTheSlide() throws Exception
    {
        // window 4 batches, slide 2: Spark computes windows at times that are multiples of the slide (2000, 4000)
        final List<List<String>> output = BatchTestDriver.withBatchInterval(1_000).shards(2).run(
            List.of(List.of(kv(A, 1)), List.of(kv(A, 2)), List.of(kv(A, 4)), List.of(kv(B, 8)), List.of(kv(B, 16))),
            s -> s.sumCountByKeyAndWindow(4_000, 2_000, KeySumCountFilter.NON_EMPTY),
            6, BatchTestDriverTest::sumCount);
        assertEquals(List.of(
            List.of(),
            List.of("1=(3,2)"),
            List.of(),
            List.of("1=(7,3)", "2=(8,1)"),
            List.of(),
            List.of("1=(4,1)", "2=(24,2)")), output);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void windowWithoutInverseUsesTheAggregateOfTheValuesStillInTheWindow(final int shards) throws Exception
    {
        final List<List<KV>> output = BatchTestDriver.withBatchInterval(1_000).shards(shards).run(
            List.of(List.of(kv(A, 5), kv(B, 1)), List.of(kv(A, 2)), List.of(kv(A, 3))),
            s -> s.reduceByKeyAndWindow(Math::max, 3_000, 1_000),
            4);
        assertEquals(List.of(
            List.of(kv(A, 5), kv(B, 1)),
            List.of(kv(A, 5), kv(B, 1)),
            List.of(kv(A, 5), kv(B, 1)),
            List.of(kv(A, 3))), output);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void countByValueAndWindowDropsValuesWhoseCountReturnedToZero(final int shards) throws Exception
    {
        final List<List<KV>> output = BatchTestDriver.withBatchInterval(1_000).shards(shards).run(
            List.of(List.of(kv(7, 0), kv(7, 0), kv(3, 0)), List.of(kv(3, 0))),
            s -> s.countByValueAndWindow(2_000, 1_000),
            4);
        assertEquals(List.of(
            List.of(kv(3, 1), kv(7, 2)),
            List.of(kv(3, 2), kv(7, 2)),
            List.of(kv(3, 1)),
            List.of()), output);
    }

    @Test
    void countByWindowGathersShardsAndKeepsZeroOnceRecordsExpired() throws Exception
    {
        final List<List<KV>> output = BatchTestDriver.withBatchInterval(1_000).shards(2).run(
            List.of(List.of(), List.of(kv(1, 0), kv(2, 0)), List.of(kv(3, 0))),
            s -> s.countByWindow(2_000, 1_000),
            5);
        assertEquals(List.of(List.of(), List.of(kv(0, 2)), List.of(kv(0, 3)), List.of(kv(0, 1)), List.of(kv(0, 0))),
            output);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void updateStateByKeyOffersKeysWithNoNewValuesEveryBatch(final int shards) throws Exception
    {
        final List<List<KV>> output = BatchTestDriver.withBatchInterval(1_000).shards(shards).run(
            List.of(List.of(kv(A, 1), kv(B, 2)), List.of(kv(A, 4)), List.of(kv(B, -2))),
            s -> s.updateStateByKey((key, values, state) ->
            {
                final long sum = (state.exists() ? state.get() : 0) + values.sum();
                if (sum == 0)
                {
                    state.remove();
                }
                else
                {
                    state.update(sum);
                }
            }),
            4);
        assertEquals(List.of(
            List.of(kv(A, 1), kv(B, 2)),
            List.of(kv(A, 5), kv(B, 2)),     // b offered with no values, keeps its state
            List.of(kv(A, 5)),               // b back to 0: removed
            List.of(kv(A, 5))), output);     // a still emitted with no input at all
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void mapWithStateEmitsPerRecordAndTimesOutIdleKeys(final int shards) throws Exception
    {
        final List<List<KV>> output = BatchTestDriver.withBatchInterval(10).shards(shards).run(
            List.of(List.of(kv(A, 1), kv(A, 2), kv(B, 5)), List.of(kv(B, 1)), List.of(), List.of(),
                List.of(kv(A, 7))),
            s -> s.mapWithState((key, value, hasValue, state) ->
            {
                if (!hasValue)
                {
                    return -state.get();     // timing out
                }
                final long sum = (state.exists() ? state.get() : 0) + value;
                state.update(sum);
                return sum;
            }, 20),
            5);
        assertEquals(List.of(
            List.of(kv(A, 1), kv(A, 3), kv(B, 5)),
            List.of(kv(B, 6)),
            List.of(),
            List.of(kv(A, -3)),              // a idle since 10 ms: 10 < 40 - 20
            List.of(kv(A, 7), kv(B, -6))), output);
    }

    @Test
    void mapWithStateWithoutTimeoutKeepsState() throws Exception
    {
        final List<List<KV>> output = BatchTestDriver.withBatchInterval(10).run(
            List.of(List.of(kv(A, 1)), List.of(), List.of(), List.of(kv(A, 1))),
            s -> s.mapWithState((key, value, hasValue, state) ->
            {
                final long sum = (state.exists() ? state.get() : 0) + value;
                state.update(sum);
                return sum;
            }, MapWithStateSpec.NO_TIMEOUT),
            4);
        assertEquals(List.of(List.of(kv(A, 1)), List.of(), List.of(), List.of(kv(A, 2))), output);
    }

    @Test
    void batchOperationsAfterAKeyedOperatorSeeItsBatches() throws Exception
    {
        // results of two shards gathered and re-batched by the batch time they carry: count of keys per batch
        final List<List<KV>> output = BatchTestDriver.withBatchInterval(1_000).shards(2).run(
            List.of(List.of(kv(1, 1), kv(2, 2), kv(1, 3)), List.of(), List.of(kv(2, 5))),
            s -> s.reduceByKey(Long::sum).count(),
            3);
        assertEquals(List.of(List.of(kv(0, 2)), List.of(kv(0, 0)), List.of(kv(0, 1))), output);
    }

    @Test
    void countOfTheRawInputAndAUnionOfTwoInputs() throws Exception
    {
        assertEquals(List.of(List.of(kv(0, 2)), List.of(kv(0, 0)), List.of(kv(0, 1))),
            BatchTestDriver.withBatchInterval(1_000).run(
                List.of(List.of(kv(1, 1), kv(2, 2)), List.of(), List.of(kv(3, 3))), s -> s.count(), 3));
        assertEquals(List.of(List.of(kv(1, 1), kv(1, 10)), List.of(kv(2, 20))),
            BatchTestDriver.withBatchInterval(1_000).run(
                List.of(List.of(kv(1, 1)), List.of()), List.of(List.of(kv(1, 10)), List.of(kv(2, 20))),
                (a, b) -> a.union(b), 2));
    }
}
