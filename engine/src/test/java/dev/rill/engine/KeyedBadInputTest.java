package dev.rill.engine;

import static dev.rill.engine.testing.KV.kv;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.rill.engine.testing.BatchTestDriver;

/**
 * Bad input to the keyed and window operators: refused at build time with both durations named, or failing the
 * pipeline with the operator named.
 */
class KeyedBadInputTest
{
    private static Pipeline stepping(final long batchIntervalMs)
    {
        return Pipeline.create(PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING)
            .batchInterval(BatchTime.EVENT_TIME, batchIntervalMs).build());
    }

    @Test
    void aWindowThatIsNotAMultipleOfTheBatchIntervalIsRefusedNamingBoth()
    {
        try (Pipeline pipeline = stepping(100))
        {
            final EventStream keyed = pipeline.generatorStream(10, 10).repartition(2);
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> keyed.sumCountByKeyAndWindow(1_050, 100, null));
            assertTrue(ex.getMessage().contains("1050 ms") && ex.getMessage().contains("100 ms"), ex.getMessage());
            final IllegalArgumentException slide = assertThrows(IllegalArgumentException.class,
                () -> keyed.reduceByKeyAndWindow(Math::max, 1_000, 150));
            assertTrue(slide.getMessage().contains("150 ms") && slide.getMessage().contains("100 ms"),
                slide.getMessage());
        }
    }

    @Test
    void aSlideLongerThanTheWindowIsRefusedNamingBoth()
    {
        try (Pipeline pipeline = stepping(100))
        {
            final EventStream keyed = pipeline.generatorStream(10, 10).repartition(2);
            final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
                () -> keyed.countByValueAndWindow(200, 400));
            assertTrue(ex.getMessage().contains("400 ms") && ex.getMessage().contains("200 ms"), ex.getMessage());
        }
    }

    @Test
    void aThrowingReduceFunctionFailsThePipelineNamingTheOperatorAndTheRecord()
    {
        final PipelineException ex = assertThrows(PipelineException.class, () ->
            BatchTestDriver.withBatchInterval(1_000).shards(2).run(
                List.of(List.of(kv(1, 1), kv(1, 2))),
                s -> s.reduceByKey((a, b) ->
                {
                    throw new ArithmeticException("boom");
                }),
                2));
        assertTrue(ex.operatorName().startsWith("reduceByKey#"), ex.getMessage());
        assertTrue(ex.getMessage().contains("source=input1") && ex.getMessage().contains("offset=1") &&
            ex.getMessage().contains("boom"), ex.getMessage());
    }

    @Test
    void aThrowingUpdateFunctionFailsThePipelineNamingTheOperatorAndTheBatch()
    {
        final PipelineException ex = assertThrows(PipelineException.class, () ->
            BatchTestDriver.withBatchInterval(1_000).run(
                List.of(List.of(kv(1, 1))),
                s -> s.updateStateByKey((key, values, state) ->
                {
                    throw new IllegalStateException("bad state");
                }),
                2));
        assertTrue(ex.operatorName().startsWith("updateStateByKey#"), ex.getMessage());
        assertTrue(ex.getMessage().contains("batch of time 1000 ms") && ex.getMessage().contains("bad state"),
            ex.getMessage());
    }

    @Test
    void aKeyChangedAfterTheShuffleFailsTheKeyedOperator()
    {
        final PipelineException ex = assertThrows(PipelineException.class, () ->
            BatchTestDriver.withBatchInterval(1_000).shards(2).run(
                List.of(List.of(kv(1, 1), kv(2, 1), kv(3, 1), kv(4, 1))),
                s -> s.map((in, out) -> out.key(in.key() + 1)).reduceByKey(Long::sum),
                1));
        assertTrue(ex.operatorName().startsWith("reduceByKey#"), ex.getMessage());
        assertTrue(ex.getMessage().contains("since the last repartition"), ex.getMessage());
    }

    @Test
    void aKeyedOperatorAfterABatchOperationIsRefused()
    {
        try (Pipeline pipeline = stepping(100))
        {
            final EventStream counted = pipeline.generatorStream(10, 10).count();
            final IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> counted.reduceByKey(Long::sum));
            assertTrue(ex.getMessage().contains("reduceByKey takes records, not batches"), ex.getMessage());
        }
    }

    @Test
    void thePlanShowsTheKeyedOperatorInEachShardAndTheGather()
    {
        try (Pipeline pipeline = stepping(100))
        {
            pipeline.generatorStream(10, 10).repartition(2).reduceByKey(Long::sum).repartition(1).foreach(e -> { });
            final String plan = pipeline.describe();
            assertTrue(plan.contains("stage 1: shards=2"), plan);
            assertTrue(plan.contains("fused: reduceByKey#"), plan);
            assertTrue(plan.contains("stages=3") && plan.contains("stage 2: shards=1"), plan);
        }
    }
}
