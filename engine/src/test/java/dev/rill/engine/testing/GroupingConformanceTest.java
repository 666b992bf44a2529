package dev.rill.engine.testing;

import static dev.rill.engine.testing.KV.kv;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spark conformance of {@code groupByKey}, {@code combineByKey}, {@code mapValues} and {@code flatMapValues}
 * ({@code PairDStreamFunctions}: per batch, {@code PairRDDFunctions} semantics, nothing carried over), batch by
 * batch through {@link BatchTestDriver} on 1 and 2 shards.
 */
class GroupingConformanceTest
{
    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void groupByKeyGivesEachKeyOfTheBatchWithItsValuesInArrivalOrder(final int shards) throws Exception
    {
        final List<String> groups = new ArrayList<>();
        final List<List<String>> output = BatchTestDriver.withBatchInterval(1_000).shards(shards).run(
            List.of(List.of(kv(2, 1), kv(1, 2), kv(2, 3)), List.of(), List.of(kv(1, 5))),
            s -> s.groupByKey((key, values, out) ->
            {
                final List<Long> list = new ArrayList<>();
                for (int i = 0; i < values.size(); i++)
                {
                    list.add(values.get(i));
                }
                groups.add(key + "=" + list);
                out.accept(key, groups.size() - 1);
            }),
            3, e -> groups.get((int)e.long0()));
        assertEquals(List.of(List.of("1=[2]", "2=[1, 3]"), List.of(), List.of("1=[5]")), output);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void groupByKeyFunctionMayEmitSeveralResultsPerKey(final int shards) throws Exception
    {
        final List<List<KV>> output = BatchTestDriver.withBatchInterval(1_000).shards(shards).run(
            List.of(List.of(kv(2, 1), kv(1, 2), kv(2, 3))),
            s -> s.groupByKey((key, values, out) ->
            {
                out.accept(key, values.size());
                out.accept(key, 100 + values.sum());
            }),
            1);
        assertEquals(List.of(List.of(kv(1, 1), kv(1, 102), kv(2, 2), kv(2, 104))), output);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void combineByKeyStartsANewCombinerEveryBatch(final int shards) throws Exception
    {
        final List<List<KV>> output = BatchTestDriver.withBatchInterval(1_000).shards(shards).run(
            List.of(List.of(kv(1, 1), kv(1, 2), kv(2, 3)), List.of(kv(1, 4)), List.of()),
            s -> s.combineByKey(v -> v * 10, (c, v) -> c + v),
            3);
        assertEquals(List.of(List.of(kv(1, 12), kv(2, 30)), List.of(kv(1, 40)), List.of()), output);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void mapValuesKeepsTheKeySoAKeyedOperatorMayFollow(final int shards) throws Exception
    {
        final List<List<KV>> mapped = BatchTestDriver.withBatchInterval(1_000).shards(shards).run(
            List.of(List.of(kv(1, 1), kv(2, 2), kv(1, 3))), s -> s.mapValues(v -> v * 2), 1);
        assertEquals(List.of(List.of(kv(1, 2), kv(1, 6), kv(2, 4))), mapped);
        final List<List<KV>> reduced = BatchTestDriver.withBatchInterval(1_000).shards(shards).run(
            List.of(List.of(kv(1, 1), kv(2, 2), kv(1, 3))), s -> s.mapValues(v -> v * 2).reduceByKey(Long::sum), 1);
        assertEquals(List.of(List.of(kv(1, 8), kv(2, 4))), reduced);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void flatMapValuesEmitsZeroOrMoreValuesWithTheRecordsKey(final int shards) throws Exception
    {
        // f emits v copies of v: b's 0 produces nothing
        final List<List<KV>> output = BatchTestDriver.withBatchInterval(1_000).shards(shards).run(
            List.of(List.of(kv(1, 2), kv(2, 0), kv(3, 1)), List.of(kv(3, 3))),
            s -> s.flatMapValues((v, out) ->
            {
                for (int i = 0; i < v; i++)
                {
                    out.accept(v);
                }
            }).reduceByKey(Long::sum),
            2);
        assertEquals(List.of(List.of(kv(1, 4), kv(3, 1)), List.of(kv(3, 9))), output);
    }
}
