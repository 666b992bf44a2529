package dev.rill.log;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import dev.rill.log.internal.RollCycleNames;

/**
 * One partition: one Chronicle queue in its own directory.
 * <p>
 * Appends are serialised by a lock (several producer threads may append); reads go through per-consumer tailers.
 * Offsets are dense: each record stores its offset, and a table of (roll cycle, first offset in it) maps an
 * offset to a Chronicle index in O(log cycles), after which Chronicle's own index finds the record.
 */
final class PartitionLog implements AutoCloseable
{
    static final String QUEUE_SUFFIX = ".cq4";

    private final String topic;
    private final int partition;
    private final Path dir;
    private final TopicConfig config;
    private final LogClock clock;
    private final RollCycle rollCycle;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final UnsafeBuffer recordWriteBuffer = new UnsafeBuffer(0, 0);
    private final UnsafeBuffer keyArrayBuffer = new UnsafeBuffer(new byte[0]);
    private final UnsafeBuffer valueArrayBuffer = new UnsafeBuffer(new byte[0]);
    private final SingleChronicleQueue queue;
    private final ExcerptTailer lookupTailer;

    private volatile CycleTable cycles = CycleTable.EMPTY;
    private ExcerptAppender appender;
    private int appenderCycle = Integer.MIN_VALUE;
    private volatile long nextOffset = -1;
    private long maxTimestampNs = Long.MIN_VALUE;
    private boolean isWriter;

    PartitionLog(final String topic, final int partition, final Path dir, final TopicConfig config,
        final LogClock clock)
    {
        this.topic = topic;
        this.partition = partition;
        this.dir = dir;
        this.config = config;
        this.clock = clock;
        this.rollCycle = RollCycleNames.byName(config.rollCycle());
        if (!Files.isDirectory(dir))
        {
            throw new NotATopicException(topic, dir.getParent(), "missing directory of partition " + partition +
                ": " + dir);
        }
        try
        {
            queue = SingleChronicleQueueBuilder.binary(dir)
                .rollCycle(rollCycle)
                .blockSize(config.blockSizeBytes())
                .timeProvider(() -> clock.epochNanos() / 1_000_000L)
                .build();
            lookupTailer = queue.createTailer();
            lookupTailer.singleThreadedCheckDisabled(true);
        }
        catch (final RuntimeException ex)
        {
            throw new LogException("cannot open partition: topic=" + topic + ", partition=" + partition +
                ", dir=" + dir + ": " + describe(ex), ex);
        }
        lock();
        try
        {
            cycles = scanCycles();
        }
        finally
        {
            writeLock.unlock();
        }
    }

    String topic()
    {
        return topic;
    }

    int partition()
    {
        return partition;
    }

    Path dir()
    {
        return dir;
    }

    SingleChronicleQueue queue()
    {
        return queue;
    }

    TopicConfig config()
    {
        return config;
    }

    /**
     * Take the writer role: from now on this instance owns the next offset in memory.
     */
    void becomeWriter()
    {
        lock();
        try
        {
            if (!isWriter)
            {
                cycles = scanCycles();
                final long last = lastRecordHeader();
                nextOffset = last;
                isWriter = true;
            }
        }
        finally
        {
            writeLock.unlock();
        }
    }

    private void lock()
    {
        writeLock.lock();
    }

    /**
     * Append one record.
     *
     * @return the offset of the record.
     */
    long append(final long timestampNs, final DirectBuffer key, final int keyOffset, final int keyLength,
        final DirectBuffer value, final int valueOffset, final int valueLength)
    {
        final long recordLength = (long)RecordDescriptor.HEADER_LENGTH + keyLength + valueLength;
        if (recordLength > config.maxRecordBytes())
        {
            throw new RecordTooLargeException(topic, partition, recordLength, config.maxRecordBytes());
        }
        final int length = (int)recordLength;
        writeLock.lock();
        try
        {
            if (!isWriter)
            {
                throw new IllegalStateException("partition not opened for writing: topic=" + topic +
                    ", partition=" + partition);
            }
            final ExcerptAppender appender = appender();
            final long offset = nextOffset;
            final long maxTs = Math.max(maxTimestampNs, timestampNs);
            try (DocumentContext dc = appender.writingDocument())
            {
                final Bytes<?> bytes = dc.wire().bytes();
                final long start = bytes.writePosition();
                bytes.writeSkip(length);
                final UnsafeBuffer record = recordWriteBuffer;
                record.wrap(bytes.addressForWrite(start), length);
                record.putInt(RecordDescriptor.KEY_LENGTH_OFFSET, keyLength);
                record.putLong(RecordDescriptor.OFFSET_OFFSET, offset);
                record.putLong(RecordDescriptor.TIMESTAMP_OFFSET, timestampNs);
                record.putLong(RecordDescriptor.MAX_TIMESTAMP_OFFSET, maxTs);
                if (keyLength > 0)
                {
                    record.putBytes(RecordDescriptor.HEADER_LENGTH, key, keyOffset, keyLength);
                }
                if (valueLength > 0)
                {
                    record.putBytes(RecordDescriptor.HEADER_LENGTH + keyLength, value, valueOffset, valueLength);
                }
                record.putInt(RecordDescriptor.CHECKSUM_OFFSET, RecordChecksum.compute(record.addressOffset(),
                    length));
            }
            maxTimestampNs = maxTs;
            nextOffset = offset + 1;
            final int cycle = rollCycle.toCycle(appender.lastIndexAppended());
            if (cycle != appenderCycle)
            {
                appenderCycle = cycle;
                final CycleTable current = cycles;
                if (current.size() == 0 || current.lastCycle() != cycle)
                {
                    cycles = current.with(cycle, offset);
                }
            }
            return offset;
        }
        finally
        {
            writeLock.unlock();
        }
    }

    long append(final long timestampNs, final byte[] key, final byte[] value)
    {
        writeLock.lock();
        try
        {
            keyArrayBuffer.wrap(key);
            valueArrayBuffer.wrap(value);
            return append(timestampNs, keyArrayBuffer, 0, key.length, valueArrayBuffer, 0, value.length);
        }
        finally
        {
            writeLock.unlock();
        }
    }

    private ExcerptAppender appender()
    {
        if (appender == null)
        {
            appender = queue.createAppender();
            appender.singleThreadedCheckDisabled(true);
        }
        return appender;
    }

    /**
     * @return the offset the next append gets.
     */
    long nextOffset()
    {
        if (isWriter)
        {
            return nextOffset;
        }
        lock();
        try
        {
            return lastRecordHeader();
        }
        finally
        {
            writeLock.unlock();
        }
    }

    /**
     * @return the earliest offset still kept, equal to {@link #nextOffset()} when the partition is empty.
     */
    long earliestOffset()
    {
        lock();
        try
        {
            final CycleTable table = refreshedCycles();
            if (table.size() == 0)
            {
                return nextOffset();
            }
            return table.baseOffset(0);
        }
        finally
        {
            writeLock.unlock();
        }
    }

    /**
     * Position a tailer on an offset.
     *
     * @return true if the offset holds a record, false if it is the next offset (nothing there yet).
     * @throws OffsetOutOfRangeException if the offset is before the earliest or after the next offset.
     */
    boolean moveTo(final ExcerptTailer tailer, final long offset)
    {
        CycleTable table = cycles;
        int i = table.find(offset);
        if (i < 0 || !tailer.moveToIndex(rollCycle.toIndex(table.cycle(i), offset - table.baseOffset(i))))
        {
            lock();
            try
            {
                table = refreshedCycles();
                i = table.find(offset);
                if (i >= 0 && tailer.moveToIndex(rollCycle.toIndex(table.cycle(i), offset - table.baseOffset(i))))
                {
                    return true;
                }
                final long earliest = table.size() == 0 ? nextOffset() : table.baseOffset(0);
                final long next = nextOffset();
                if (offset == next)
                {
                    if (next == earliest && table.size() == 0)
                    {
                        tailer.toStart();
                    }
                    else
                    {
                        tailer.toEnd();
                    }
                    return false;
                }
                if (offset < earliest || offset > next)
                {
                    throw new OffsetOutOfRangeException(topic, partition, offset, earliest, next);
                }
                throw new LogException("cannot position on record: topic=" + topic + ", partition=" + partition +
                    ", offset=" + offset + " (earliest=" + earliest + ", next=" + next +
                    "): a queue file of the partition is missing or damaged in " + dir);
            }
            finally
            {
                writeLock.unlock();
            }
        }
        return true;
    }

    /**
     * @return the first offset whose record has timestamp &ge; {@code timestampNs}, or the next offset if none.
     */
    long offsetForTimestamp(final long timestampNs)
    {
        lock();
        try
        {
            long lo = earliestOffset();
            long hi = nextOffset();
            while (lo < hi)
            {
                final long mid = (lo + hi) >>> 1;
                if (maxTimestampAt(mid) >= timestampNs)
                {
                    hi = mid;
                }
                else
                {
                    lo = mid + 1;
                }
            }
            return lo;
        }
        finally
        {
            writeLock.unlock();
        }
    }

    private long maxTimestampAt(final long offset)
    {
        if (!moveTo(lookupTailer, offset))
        {
            return Long.MAX_VALUE;
        }
        try (DocumentContext dc = lookupTailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return Long.MAX_VALUE;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            return bytes.readLong(bytes.readPosition() + RecordDescriptor.MAX_TIMESTAMP_OFFSET);
        }
    }

    /**
     * Delete whole roll cycles that retention says are gone: the oldest first, while the partition is over its
     * byte limit or the cycle's newest timestamp is older than the age limit. Never deletes the newest cycle, so
     * the next offset stays known from disk.
     *
     * @return number of queue files deleted.
     */
    int applyRetention(final long nowNs)
    {
        if (config.retentionAgeMs() == TopicConfig.UNLIMITED && config.retentionBytes() == TopicConfig.UNLIMITED)
        {
            return 0;
        }
        lock();
        try
        {
            final CycleTable table = refreshedCycles();
            long totalBytes = 0;
            for (final File f : cycleFiles())
            {
                totalBytes += f.length();
            }
            int deleted = 0;
            for (int i = 0; i < table.size() - 1; i++)
            {
                final boolean tooBig = config.retentionBytes() != TopicConfig.UNLIMITED &&
                    totalBytes > config.retentionBytes();
                final boolean tooOld = config.retentionAgeMs() != TopicConfig.UNLIMITED &&
                    maxTimestampAt(table.baseOffset(i + 1) - 1) < nowNs - config.retentionAgeMs() * 1_000_000L;
                if (!tooBig && !tooOld)
                {
                    break;
                }
                final File file = fileOf(table.cycle(i));
                final long length = file.length();
                if (!file.delete())
                {
                    throw new LogException("retention could not delete " + file + ": topic=" + topic +
                        ", partition=" + partition);
                }
                totalBytes -= length;
                deleted++;
            }
            if (deleted > 0)
            {
                refreshedCycles();
            }
            return deleted;
        }
        finally
        {
            writeLock.unlock();
        }
    }

    private File fileOf(final int cycle)
    {
        final var store = queue.storeForCycle(cycle, queue.epoch(), false, null);
        if (store == null)
        {
            throw new LogException("no queue file for cycle " + cycle + ": topic=" + topic + ", partition=" +
                partition + ", dir=" + dir);
        }
        try
        {
            return store.file();
        }
        finally
        {
            queue.closeStore(store);
        }
    }

    /**
     * @return the queue files of the partition, oldest first.
     */
    List<File> cycleFiles()
    {
        final File[] files = dir.toFile().listFiles((d, n) -> n.endsWith(QUEUE_SUFFIX));
        final List<File> list = new ArrayList<>();
        if (files != null)
        {
            java.util.Arrays.sort(files);
            list.addAll(List.of(files));
        }
        return list;
    }

    /**
     * @return bytes on disk of the partition's queue files.
     */
    long sizeOnDiskBytes()
    {
        long total = 0;
        for (final File f : cycleFiles())
        {
            try
            {
                final Object blocks = Files.getAttribute(f.toPath(), "unix:blocks");
                total += blocks instanceof Number ? ((Number)blocks).longValue() * 512 : f.length();
            }
            catch (final IOException | UnsupportedOperationException | IllegalArgumentException ex)
            {
                total += f.length();
            }
        }
        return total;
    }

    private CycleTable refreshedCycles()
    {
        queue.refreshDirectoryListing();
        cycles = scanCycles();
        return cycles;
    }

    /**
     * Read the first record of every cycle on disk. Called with the lock held.
     */
    private CycleTable scanCycles()
    {
        try
        {
            final int first = queue.firstCycle();
            final int last = queue.lastCycle();
            if (first == Integer.MAX_VALUE || last == Integer.MIN_VALUE || first > last)
            {
                return CycleTable.EMPTY;
            }
            CycleTable table = CycleTable.EMPTY;
            for (final Long c : queue.listCyclesBetween(first, last))
            {
                final int cycle = c.intValue();
                if (lookupTailer.moveToIndex(rollCycle.toIndex(cycle, 0)))
                {
                    try (DocumentContext dc = lookupTailer.readingDocument())
                    {
                        if (dc.isPresent())
                        {
                            final Bytes<?> bytes = dc.wire().bytes();
                            if (bytes.readRemaining() < RecordDescriptor.HEADER_LENGTH)
                            {
                                throw new CorruptRecordException(topic, partition, -1, "first record of cycle " +
                                    cycle + " is " + bytes.readRemaining() + " bytes, shorter than a header");
                            }
                            table = table.with(cycle, bytes.readLong(bytes.readPosition() +
                                RecordDescriptor.OFFSET_OFFSET));
                        }
                    }
                }
            }
            return table;
        }
        catch (final LogException ex)
        {
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            throw new LogException("cannot read queue files: topic=" + topic + ", partition=" + partition +
                ", dir=" + dir + ": " + describe(ex), ex);
        }
    }

    /**
     * Offset after the last whole record on disk, and remembers its running max timestamp.
     */
    private long lastRecordHeader()
    {
        final CycleTable table = cycles;
        try (ExcerptTailer tailer = queue.createTailer())
        {
            tailer.direction(TailerDirection.BACKWARD).toEnd();
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    maxTimestampNs = Long.MIN_VALUE;
                    return table.size() == 0 ? 0 : table.baseOffset(0);
                }
                final Bytes<?> bytes = dc.wire().bytes();
                final long pos = bytes.readPosition();
                maxTimestampNs = bytes.readLong(pos + RecordDescriptor.MAX_TIMESTAMP_OFFSET);
                return bytes.readLong(pos + RecordDescriptor.OFFSET_OFFSET) + 1;
            }
        }
        catch (final RuntimeException ex)
        {
            throw new LogException("cannot read the last record: topic=" + topic + ", partition=" + partition +
                ", dir=" + dir + ": " + describe(ex), ex);
        }
    }

    static String describe(final Throwable ex)
    {
        final String message = ex.getMessage();
        return ex.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @Override
    public void close()
    {
        lock();
        try
        {
            if (appender != null)
            {
                appender.close();
                appender = null;
            }
            lookupTailer.close();
            queue.close();
        }
        finally
        {
            writeLock.unlock();
        }
    }
}
