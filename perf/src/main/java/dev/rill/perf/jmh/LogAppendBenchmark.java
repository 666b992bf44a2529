package dev.rill.perf.jmh;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.rill.log.Producer;
import dev.rill.log.ProducerBatch;
import dev.rill.log.RillLog;
import dev.rill.log.Topic;
import dev.rill.log.TopicConfig;
import dev.rill.perf.JvmFlags;
import dev.rill.perf.PerfFiles;

/**
 * Append of 32-byte records (key 8 B + value 24 B, as W3), per record: Rill's {@link Producer#append(int, long,
 * org.agrona.DirectBuffer, int, int, org.agrona.DirectBuffer, int, int)} (a batch of one), Rill's
 * {@link ProducerBatch} committing every {@value #BATCH} records, and raw Chronicle Queue's
 * {@code writingDocument()} + {@code bytes.write} of the 32 B (the W3 baseline).
 * <p>
 * Every log is one partition / queue with a 1 GiB block, in a temporary directory deleted after the trial; it
 * grows by about 59 B (Rill, one record per batch), 36.6 B (Rill, batches of {@value #BATCH}) or 36 B (raw) per
 * record, including first-touch page faults as a real log does. Run through {@link RunJmh} (the jar's main class),
 * which appends the JVM flags Chronicle needs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsPrepend = {"-Xms1g", "-Xmx1g"})
public class LogAppendBenchmark
{
    static final long BLOCK_SIZE_BYTES = 1L << 30;
    static final int KEY_LENGTH = 8;
    static final int VALUE_LENGTH = 24;
    static final int PAYLOAD_LENGTH = KEY_LENGTH + VALUE_LENGTH;
    /** Records per {@link ProducerBatch#commit()} in {@link #rillBatchAppend}. */
    static final int BATCH = 64;

    /**
     * A 32 B payload in off-heap memory, seen by Agrona and by Chronicle.
     */
    static ByteBuffer payload()
    {
        final ByteBuffer payload = ByteBuffer.allocateDirect(PAYLOAD_LENGTH);
        final UnsafeBuffer buffer = new UnsafeBuffer(payload);
        buffer.putLong(0, 5700);
        buffer.putLong(8, 10539);
        buffer.putLong(16, 159);
        buffer.putLong(24, 0);
        return payload;
    }

    /**
     * One Rill topic with one partition and its producer.
     */
    @State(Scope.Thread)
    public static class RillState
    {
        Path dir;
        RillLog log;
        Producer producer;
        ProducerBatch batch;
        UnsafeBuffer record;
        long timestampNs;

        /**
         * Create the topic.
         */
        @Setup(Level.Trial)
        public void open()
        {
            JvmFlags.requirePresent(RunJmh.HOW_TO_RUN);
            dir = PerfFiles.newTempDir("rill-jmh-append-");
            log = RillLog.open(dir);
            final Topic topic = log.createTopic("bench",
                TopicConfig.builder(1).blockSizeBytes(BLOCK_SIZE_BYTES).build());
            producer = topic.producer();
            batch = producer.batch(0);
            record = new UnsafeBuffer(payload());
        }

        /**
         * Close and delete the log.
         */
        @TearDown(Level.Trial)
        public void close()
        {
            if (log != null)
            {
                log.close();
            }
            PerfFiles.deleteRecursively(dir);
        }
    }

    /**
     * One raw Chronicle queue, the pieces of Rill's append and a payload buffer.
     */
    @State(Scope.Thread)
    public static class RawState
    {
        Path dir;
        SingleChronicleQueue queue;
        ExcerptAppender appender;
        ByteBuffer payload;
        BytesStore<?, ByteBuffer> payloadStore;

        /**
         * Create the queue.
         */
        @Setup(Level.Trial)
        public void open()
        {
            JvmFlags.requirePresent(RunJmh.HOW_TO_RUN);
            dir = PerfFiles.newTempDir("rill-jmh-raw-append-");
            queue = builder(dir).build();
            appender = queue.createAppender();
            payload = payload();
            payloadStore = BytesStore.wrap(payload);
        }

        SingleChronicleQueueBuilder builder(final Path dir)
        {
            return SingleChronicleQueueBuilder.binary(dir).rollCycle(RollCycles.FAST_HOURLY)
                .blockSize(BLOCK_SIZE_BYTES);
        }

        /**
         * Close and delete the queue.
         */
        @TearDown(Level.Trial)
        public void close()
        {
            if (appender != null)
            {
                appender.close();
            }
            if (queue != null)
            {
                queue.close();
            }
            PerfFiles.deleteRecursively(dir);
        }
    }

    /**
     * Rill: one record through the producer.
     *
     * @param s state.
     * @return the offset.
     */
    @Benchmark
    public long rillAppend(final RillState s)
    {
        final UnsafeBuffer record = s.record;
        return s.producer.append(0, s.timestampNs++, record, 0, KEY_LENGTH, record, KEY_LENGTH, VALUE_LENGTH);
    }

    /**
     * Rill: {@value #BATCH} records added to a batch and committed, reported per record.
     *
     * @param s state.
     * @return the first offset of the batch.
     */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long rillBatchAppend(final RillState s)
    {
        final UnsafeBuffer record = s.record;
        final ProducerBatch batch = s.batch;
        for (int i = 0; i < BATCH; i++)
        {
            batch.add(s.timestampNs++, record, 0, KEY_LENGTH, record, KEY_LENGTH, VALUE_LENGTH);
        }
        return batch.commit();
    }

    /**
     * Raw Chronicle: the W3 baseline, 32 B per excerpt.
     *
     * @param s state.
     */
    @Benchmark
    public void rawAppend32(final RawState s)
    {
        try (DocumentContext dc = s.appender.writingDocument())
        {
            dc.wire().bytes().write(s.payloadStore, 0L, (long)PAYLOAD_LENGTH);
        }
    }

}
