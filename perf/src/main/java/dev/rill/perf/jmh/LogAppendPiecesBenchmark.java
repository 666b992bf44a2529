package dev.rill.perf.jmh;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import org.agrona.checksum.Crc32c;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.rill.log.LogClock;
import dev.rill.log.RecordDescriptor;

/**
 * The CPU pieces Rill adds to a Chronicle append, each alone and in memory that is already touched, so their cost
 * is not hidden by the page faults of a growing log file (which {@link LogAppendBenchmark} includes):
 * <ul>
 * <li>{@code crc32c60}: CRC32C of the 60 checksummed bytes of a W3 record (Agrona, the JDK intrinsic);</li>
 * <li>{@code lockUnlock}: an uncontended {@code ReentrantLock} lock and unlock;</li>
 * <li>{@code rillClockMs}: Rill's queue time provider, {@code LogClock.SYSTEM.epochMillis()}, which
 * Chronicle calls on every {@code writingDocument()};</li>
 * <li>{@code chronicleClockMs}: Chronicle's default time provider, {@code System.currentTimeMillis()};</li>
 * <li>{@code writeHeaderAndPayload}: writing Rill's 32 B header and the 32 B payload through an
 * {@code UnsafeBuffer}, as {@code PartitionLog.append} does, into a buffer that stays in cache;</li>
 * <li>{@code writePayload}: copying the 32 B payload only.</li>
 * </ul>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsPrepend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Thread)
public class LogAppendPiecesBenchmark
{
    private final UnsafeBuffer record =
        new UnsafeBuffer(ByteBuffer.allocateDirect(LogAppendBenchmark.RILL_RECORD_LENGTH));
    private final UnsafeBuffer payload = new UnsafeBuffer(LogAppendBenchmark.payload());
    private final ReentrantLock lock = new ReentrantLock();
    private long offset;

    /**
     * @return the checksum.
     */
    @Benchmark
    public int crc32c60()
    {
        return Crc32c.INSTANCE.compute(record.addressOffset(), RecordDescriptor.CHECKSUMMED_FROM,
            LogAppendBenchmark.RILL_RECORD_LENGTH - RecordDescriptor.CHECKSUMMED_FROM);
    }

    /**
     * @return a counter bumped under the lock.
     */
    @Benchmark
    public long lockUnlock()
    {
        lock.lock();
        try
        {
            return ++offset;
        }
        finally
        {
            lock.unlock();
        }
    }

    /**
     * @return milliseconds as Rill's queues see them.
     */
    @Benchmark
    public long rillClockMs()
    {
        return LogClock.SYSTEM.epochMillis();
    }

    /**
     * @return milliseconds as Chronicle's default time provider sees them.
     */
    @Benchmark
    public long chronicleClockMs()
    {
        return System.currentTimeMillis();
    }

    /**
     * @return the record buffer's first long.
     */
    @Benchmark
    public long writeHeaderAndPayload()
    {
        final UnsafeBuffer r = record;
        final long o = offset++;
        r.putInt(RecordDescriptor.KEY_LENGTH_AND_FLAGS_OFFSET,
            RecordDescriptor.keyLengthAndFlags(LogAppendBenchmark.KEY_LENGTH, 0));
        r.putLong(RecordDescriptor.TIMESTAMP_OFFSET, o);
        r.putBytes(RecordDescriptor.MIN_HEADER_LENGTH, payload, 0, LogAppendBenchmark.PAYLOAD_LENGTH);
        return r.getLong(RecordDescriptor.TIMESTAMP_OFFSET);
    }

    /**
     * @return the record buffer's first payload long.
     */
    @Benchmark
    public long writePayload()
    {
        record.putBytes(RecordDescriptor.MIN_HEADER_LENGTH, payload, 0, LogAppendBenchmark.PAYLOAD_LENGTH);
        return record.getLong(RecordDescriptor.MIN_HEADER_LENGTH);
    }
}
