package dev.rill.perf.jmh;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.checksum.Crc32c;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import dev.rill.log.LogClock;
import dev.rill.log.Producer;
import dev.rill.log.RecordDescriptor;
import dev.rill.log.RillLog;
import dev.rill.log.Topic;
import dev.rill.log.TopicConfig;
import dev.rill.perf.JvmFlags;
import dev.rill.perf.PerfFiles;

/**
 * Append of one 32-byte record (key 8 B + value 24 B, as W3): Rill's {@link Producer} against raw Chronicle Queue,
 * and between them raw Chronicle doing one more piece of Rill's work at a time, so the difference can be read off
 * piece by piece:
 * <ol>
 * <li>{@code rawAppend32}: {@code writingDocument()} + {@code bytes.write} of the 32 B (the W3 baseline);</li>
 * <li>{@code rawAppend64}: a Rill-shaped 48 B record (16 B header + 32 B payload) written through an
 * {@code UnsafeBuffer} over the excerpt, as {@code PartitionLog.append} does;</li>
 * <li>{@code rawAppend64Crc}: plus the CRC32C over bytes [4, 48);</li>
 * <li>{@code rawAppend64CrcLock}: plus an uncontended {@code ReentrantLock} around it;</li>
 * <li>{@code rawAppend64CrcLockRillClock}: plus the queue's time provider being Rill's {@link LogClock#SYSTEM}
 * (an {@code Instant} per call) instead of Chronicle's {@code System.currentTimeMillis()};</li>
 * <li>{@code rillAppend}: {@link Producer#append(int, long, org.agrona.DirectBuffer, int, int,
 * org.agrona.DirectBuffer, int, int)}.</li>
 * </ol>
 * Every log is one partition / queue with a 1 GiB block, in a temporary directory deleted after the trial; it
 * grows by about 52 B (Rill) or 36 B (raw) per operation, including first-touch page faults as a real log does.
 * Run through {@link RunJmh} (the jar's main class), which appends the JVM flags Chronicle needs.
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
    static final int RILL_RECORD_LENGTH = RecordDescriptor.MIN_HEADER_LENGTH + PAYLOAD_LENGTH;

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
        UnsafeBuffer payloadBuffer;
        BytesStore<?, ByteBuffer> payloadStore;
        final UnsafeBuffer excerpt = new UnsafeBuffer(0, 0);
        final ReentrantLock lock = new ReentrantLock();
        long offset;

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
            payloadBuffer = new UnsafeBuffer(payload);
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
     * As {@link RawState}, with the queue's time provider made Rill's: {@code LogClock.SYSTEM} in milliseconds.
     */
    @State(Scope.Thread)
    public static class RawRillClockState extends RawState
    {
        @Override
        SingleChronicleQueueBuilder builder(final Path dir)
        {
            return super.builder(dir).timeProvider(() -> LogClock.SYSTEM.epochMillis());
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

    /**
     * Raw Chronicle writing Rill's 48 B record layout without checksum or lock.
     *
     * @param s state.
     */
    @Benchmark
    public void rawAppend64(final RawState s)
    {
        try (DocumentContext dc = s.appender.writingDocument())
        {
            writeRecord(s, dc);
        }
    }

    /**
     * Raw Chronicle writing Rill's 48 B record with its CRC32C.
     *
     * @param s state.
     */
    @Benchmark
    public void rawAppend64Crc(final RawState s)
    {
        try (DocumentContext dc = s.appender.writingDocument())
        {
            checksum(writeRecord(s, dc));
        }
    }

    /**
     * Raw Chronicle writing Rill's 48 B record with its CRC32C under a lock.
     *
     * @param s state.
     */
    @Benchmark
    public void rawAppend64CrcLock(final RawState s)
    {
        appendLocked(s);
    }

    /**
     * As {@link #rawAppend64CrcLock}, with Rill's clock as the queue's time provider.
     *
     * @param s state.
     */
    @Benchmark
    public void rawAppend64CrcLockRillClock(final RawRillClockState s)
    {
        appendLocked(s);
    }

    private static void appendLocked(final RawState s)
    {
        s.lock.lock();
        try
        {
            try (DocumentContext dc = s.appender.writingDocument())
            {
                checksum(writeRecord(s, dc));
            }
        }
        finally
        {
            s.lock.unlock();
        }
    }

    private static UnsafeBuffer writeRecord(final RawState s, final DocumentContext dc)
    {
        final Bytes<?> bytes = dc.wire().bytes();
        final long start = bytes.writePosition();
        bytes.writeSkip(RILL_RECORD_LENGTH);
        final UnsafeBuffer record = s.excerpt;
        record.wrap(bytes.addressForWrite(start), RILL_RECORD_LENGTH);
        final long offset = s.offset++;
        record.putInt(RecordDescriptor.KEY_LENGTH_AND_FLAGS_OFFSET, RecordDescriptor.keyLengthAndFlags(KEY_LENGTH, 0));
        record.putLong(RecordDescriptor.TIMESTAMP_OFFSET, offset);
        record.putBytes(RecordDescriptor.MIN_HEADER_LENGTH, s.payloadBuffer, 0, PAYLOAD_LENGTH);
        return record;
    }

    private static void checksum(final UnsafeBuffer record)
    {
        record.putInt(RecordDescriptor.CHECKSUM_OFFSET, Crc32c.INSTANCE.compute(record.addressOffset(),
            RecordDescriptor.CHECKSUMMED_FROM, RILL_RECORD_LENGTH - RecordDescriptor.CHECKSUMMED_FROM));
    }
}
