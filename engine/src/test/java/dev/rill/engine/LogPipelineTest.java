package dev.rill.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.rill.log.Consumer;
import dev.rill.log.ConsumerOptions;
import dev.rill.log.RillLog;
import dev.rill.log.Topic;
import dev.rill.log.TopicConfig;
import dev.rill.log.UnknownTopicException;

class LogPipelineTest
{
    private static final int PER_PARTITION = 500;

    @TempDir
    Path dir;

    private static byte[] key(final long key)
    {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(key).array();
    }

    private static TopicConfig small(final int partitions)
    {
        return TopicConfig.builder(partitions).blockSizeBytes(1 << 20).maxRecordBytes(1 << 16).build();
    }

    private static void fill(final Topic in)
    {
        for (int i = 0; i < PER_PARTITION; i++)
        {
            for (int p = 0; p < in.partitionCount(); p++)
            {
                in.producer().append(p, 1_000L + i, key(p * 1_000_000L + i), ("v" + p + "-" + i).getBytes(UTF_8));
            }
        }
    }

    @Test
    void logSourceMapLogSinkRoundTripEveryRecordVerified() throws Exception
    {
        try (RillLog log = RillLog.open(dir))
        {
            final Topic in = log.createTopic("in", small(2));
            final Topic out = log.createTopic("out", small(1));
            fill(in);
            try (Pipeline pipeline = Pipeline.create(
                PipelineConfig.builder().waitStrategy(WaitStrategy.YIELDING).build()))
            {
                pipeline.topicStream(log, LogSourceOptions.topic("in"))
                    .map("exclaim", (e, o) ->
                    {
                        o.bytes().putByte(e.bytesLength(), (byte)'!');
                        o.bytesLength(e.bytesLength() + 1);
                    })
                    .async()
                    .saveToTopic(log, "out");
                pipeline.start();
                assertTrue(pipeline.awaitTermination(30_000));
            }
            final int[] next = new int[2];
            final int[] count = new int[1];
            try (Consumer c = out.consumer(ConsumerOptions.fromEarliest()))
            {
                while (c.poll(r ->
                {
                    final long k = r.buffer().getLong(r.keyOffset(), ByteOrder.LITTLE_ENDIAN);
                    final int p = (int)(k / 1_000_000L);
                    final int i = (int)(k % 1_000_000L);
                    assertEquals(next[p]++, i, "order of source partition " + p + " at out offset " + r.offset());
                    assertEquals("v" + p + "-" + i + "!", r.valueAsString(), "value at out offset " + r.offset());
                    assertEquals(1_000L + i, r.timestampNs(), "timestamp at out offset " + r.offset());
                    count[0]++;
                }, 100) > 0)
                {
                    assertTrue(count[0] <= 2 * PER_PARTITION);
                }
            }
            assertEquals(2 * PER_PARTITION, count[0]);
            assertEquals(PER_PARTITION, next[0]);
            assertEquals(PER_PARTITION, next[1]);
        }
    }

    @Test
    void anExceptionInAUserFunctionNamesTheOperatorAndTheSourceRecord() throws Exception
    {
        try (RillLog log = RillLog.open(dir))
        {
            fill(log.createTopic("in", small(2)));
            try (Pipeline pipeline = Pipeline.create(
                PipelineConfig.builder().waitStrategy(WaitStrategy.YIELDING).build()))
            {
                pipeline.topicStream(log, LogSourceOptions.topic("in"))
                    .repartition(2)
                    .map("explode", (e, o) ->
                    {
                        if (e.sourcePartition() == 1 && e.sourceOffset() == 77)
                        {
                            throw new IllegalStateException("boom");
                        }
                    })
                    .foreach(e -> { });
                pipeline.start();
                final PipelineException ex = assertThrows(PipelineException.class,
                    () -> pipeline.awaitTermination(30_000));
                assertEquals("explode", ex.operatorName());
                assertEquals("in", ex.sourceName());
                assertEquals(1, ex.sourcePartition());
                assertEquals(77, ex.sourceOffset());
                assertEquals("boom", ex.getCause().getMessage());
                assertTrue(ex.getMessage().contains("operator explode failed on record source=in, partition=1, " +
                    "offset=77"), ex.getMessage());
                assertTrue(pipeline.isTerminated(), "every stage stopped");
            }
        }
    }

    @Test
    void aMissingSourceTopicFailsStart()
    {
        try (RillLog log = RillLog.open(dir); Pipeline pipeline = Pipeline.create(PipelineConfig.defaults()))
        {
            pipeline.topicStream(log, LogSourceOptions.topic("nope")).foreach(e -> { });
            final UnknownTopicException ex = assertThrows(UnknownTopicException.class, pipeline::start);
            assertTrue(ex.getMessage().contains("nope"), ex.getMessage());
        }
    }

    @Test
    void stopWithDrainEndsAFollowingSourceAfterDeliveringWhatItRead() throws Exception
    {
        try (RillLog log = RillLog.open(dir))
        {
            fill(log.createTopic("in", small(2)));
            final long[] count = new long[1];
            final Pipeline pipeline = Pipeline.create(
                PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING).build());
            pipeline.topicStream(log, LogSourceOptions.topic("in").follow(true))
                .async()
                .foreach(e -> count[0]++);
            pipeline.start();
            pipeline.runUntilIdle();
            assertEquals(2 * PER_PARTITION, count[0]);
            assertTrue(!pipeline.isTerminated(), "a following source waits for more");
            pipeline.stop(true);
            assertTrue(pipeline.isTerminated());
            assertEquals(2 * PER_PARTITION, count[0]);
        }
    }

    @Test
    void aRecordTheRawDecoderCannotReadFailsNamingItsOffset() throws Exception
    {
        try (RillLog log = RillLog.open(dir))
        {
            final Topic in = log.createTopic("in", small(1));
            in.producer().append(0, 1, key(1), "ok".getBytes(UTF_8));
            in.producer().append(0, 2, "abc".getBytes(UTF_8), "bad key".getBytes(UTF_8));
            final List<Long> seen = new ArrayList<>();
            try (Pipeline pipeline = Pipeline.create(
                PipelineConfig.builder().threadingMode(ThreadingMode.STEPPING).build()))
            {
                pipeline.topicStream(log, LogSourceOptions.topic("in")).foreach(e -> seen.add(e.key()));
                pipeline.start();
                final PipelineException ex = assertThrows(PipelineException.class, pipeline::runUntilIdle);
                assertEquals(1, ex.sourceOffset());
                assertEquals("topicStream#1", ex.operatorName());
                assertEquals(List.of(1L), seen);
            }
        }
    }
}
