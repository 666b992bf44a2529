package dev.rill.perf.jmh;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.rill.log.Consumer;
import dev.rill.log.ConsumerOptions;
import dev.rill.log.Producer;
import dev.rill.log.ProducerBatch;
import dev.rill.log.RecordHandler;
import dev.rill.log.RecordView;
import dev.rill.log.RillLog;
import dev.rill.log.Topic;
import dev.rill.log.TopicConfig;
import dev.rill.perf.JvmFlags;
import dev.rill.perf.PerfFiles;

/**
 * Sequential read of 32-byte records (key 8 B + value 24 B, as W3), each record's key and value read as four
 * longs: Rill's {@link Consumer#poll} with one record per call and with {@value #BATCH} per call, against a raw
 * Chronicle tailer reading the same 32 B per excerpt. Reported per record.
 * <p>
 * Each log is filled with {@value #RECORDS} records in set-up (Rill: {@code recordsPerBatch} records per record
 * batch, 1 as {@code Producer.append} writes them, 64 as {@code rill produce} and the log-topic sink do; 252 MB or
 * 146 MB; raw: 144 MB, one 1 GiB block) and read round and round: at the end the reader goes back to offset 0 (once
 * per {@value #RECORDS} records). Rill's consumer verifies every batch's CRC32C and base offset; the raw tailer does
 * neither.
 * Run through {@link RunJmh} (the jar's main class), which appends the JVM flags Chronicle needs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsPrepend = {"-Xms1g", "-Xmx1g"})
public class LogReadBenchmark
{
    /** Records per poll in the batch benchmarks. */
    public static final int BATCH = 100;
    /** Records in each log; a multiple of {@link #BATCH}. */
    public static final int RECORDS = 4_000_000;

    /**
     * Sums what it reads, so nothing is optimised away; a class, not a lambda, so nothing is captured per call.
     */
    static final class SumHandler implements RecordHandler
    {
        long sum;

        @Override
        public void onRecord(final RecordView view)
        {
            final DirectBuffer buffer = view.buffer();
            final int key = view.keyOffset();
            final int value = view.valueOffset();
            sum += buffer.getLong(key) + buffer.getLong(value) + buffer.getLong(value + 8) +
                buffer.getLong(value + 16);
        }
    }

    /**
     * A filled Rill topic and a consumer on it.
     */
    @State(Scope.Thread)
    public static class RillState
    {
        Path dir;
        RillLog log;
        Consumer consumer;
        final SumHandler handler = new SumHandler();
        /** Records per record batch written in set-up. */
        @Param({"1", "64"})
        int recordsPerBatch;

        /**
         * Fill the topic and open the consumer.
         */
        @Setup(Level.Trial)
        public void open()
        {
            JvmFlags.requirePresent(RunJmh.HOW_TO_RUN);
            dir = PerfFiles.newTempDir("rill-jmh-read-");
            log = RillLog.open(dir);
            final Topic topic = log.createTopic("bench",
                TopicConfig.builder(1).blockSizeBytes(LogAppendBenchmark.BLOCK_SIZE_BYTES).build());
            final Producer producer = topic.producer();
            final ProducerBatch batch = producer.batch(0);
            final UnsafeBuffer record = new UnsafeBuffer(LogAppendBenchmark.payload());
            for (int i = 0; i < RECORDS; i++)
            {
                record.putLong(24, i);
                if (recordsPerBatch == 1)
                {
                    producer.append(0, i, record, 0, LogAppendBenchmark.KEY_LENGTH, record,
                        LogAppendBenchmark.KEY_LENGTH, LogAppendBenchmark.VALUE_LENGTH);
                    continue;
                }
                batch.add(i, record, 0, LogAppendBenchmark.KEY_LENGTH, record, LogAppendBenchmark.KEY_LENGTH,
                    LogAppendBenchmark.VALUE_LENGTH);
                if (batch.size() == recordsPerBatch)
                {
                    batch.commit();
                }
            }
            batch.commit();
            consumer = topic.consumer(ConsumerOptions.fromEarliest());
        }

        int poll(final int max)
        {
            final int read = consumer.poll(handler, max);
            if (read != 0)
            {
                return read;
            }
            consumer.seek(0, 0);
            return consumer.poll(handler, max);
        }

        /**
         * Close and delete the log.
         */
        @TearDown(Level.Trial)
        public void close()
        {
            if (consumer != null)
            {
                consumer.close();
            }
            if (log != null)
            {
                log.close();
            }
            PerfFiles.deleteRecursively(dir);
        }
    }

    /**
     * A filled raw Chronicle queue and a tailer on it.
     */
    @State(Scope.Thread)
    public static class RawState
    {
        Path dir;
        SingleChronicleQueue queue;
        ExcerptTailer tailer;
        long sum;

        /**
         * Fill the queue and open the tailer.
         */
        @Setup(Level.Trial)
        public void open()
        {
            JvmFlags.requirePresent(RunJmh.HOW_TO_RUN);
            dir = PerfFiles.newTempDir("rill-jmh-raw-read-");
            queue = SingleChronicleQueueBuilder.binary(dir).rollCycle(RollCycles.FAST_HOURLY)
                .blockSize(LogAppendBenchmark.BLOCK_SIZE_BYTES).build();
            final ByteBuffer payload = LogAppendBenchmark.payload();
            final UnsafeBuffer buffer = new UnsafeBuffer(payload);
            final BytesStore<?, ByteBuffer> store = BytesStore.wrap(payload);
            try (ExcerptAppender appender = queue.createAppender())
            {
                for (int i = 0; i < RECORDS; i++)
                {
                    buffer.putLong(24, i);
                    try (DocumentContext dc = appender.writingDocument())
                    {
                        dc.wire().bytes().write(store, 0L, (long)LogAppendBenchmark.PAYLOAD_LENGTH);
                    }
                }
            }
            tailer = queue.createTailer();
        }

        boolean readOne()
        {
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    return false;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                final long p = bytes.readPosition();
                sum += bytes.readLong(p) + bytes.readLong(p + 8) + bytes.readLong(p + 16) + bytes.readLong(p + 24);
                return true;
            }
        }

        void read()
        {
            if (!readOne())
            {
                tailer.toStart();
                readOne();
            }
        }

        /**
         * Close and delete the queue.
         */
        @TearDown(Level.Trial)
        public void close()
        {
            if (tailer != null)
            {
                tailer.close();
            }
            if (queue != null)
            {
                queue.close();
            }
            PerfFiles.deleteRecursively(dir);
        }
    }

    /**
     * Rill: {@code poll(handler, 1)}.
     *
     * @param s state.
     * @return running sum of what was read.
     */
    @Benchmark
    public long rillPollOne(final RillState s)
    {
        s.poll(1);
        return s.handler.sum;
    }

    /**
     * Rill: {@code poll(handler, 100)}, reported per record.
     *
     * @param s state.
     * @return running sum of what was read.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long rillPollBatch(final RillState s)
    {
        s.poll(BATCH);
        return s.handler.sum;
    }

    /**
     * Raw Chronicle: one {@code readingDocument()}.
     *
     * @param s state.
     * @return running sum of what was read.
     */
    @Benchmark
    public long rawReadOne(final RawState s)
    {
        s.read();
        return s.sum;
    }

    /**
     * Raw Chronicle: 100 {@code readingDocument()} in a loop, reported per record.
     *
     * @param s state.
     * @return running sum of what was read.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long rawReadBatch(final RawState s)
    {
        for (int i = 0; i < BATCH; i++)
        {
            s.read();
        }
        return s.sum;
    }
}
