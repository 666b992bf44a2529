package dev.rill.log;

import java.io.File;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.MappedBytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueStore;
import net.openhft.chronicle.queue.impl.single.TableStoreWriteLock;
import net.openhft.chronicle.queue.util.MicroTouched;
import net.openhft.chronicle.threads.BusyTimedPauser;
import net.openhft.chronicle.wire.DocumentContext;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rill.log.internal.RollCycleNames;

/**
 * One partition: one Chronicle queue in its own directory.
 * <p>
 * Appends are serialised by a lock (several producer threads may append); reads go through per-consumer tailers.
 * Offsets are dense: each batch stores its first offset, and a table of (roll cycle, first offset in it) maps an
 * offset to a cycle in O(log cycles), after which a binary search over the cycle's batches finds the record.
 * <p>
 * On open the partition checks its files before trusting them: every queue file must start with a whole header
 * (see {@link QueueFiles}), the record Chronicle last wrote in each file must still be there, and the files must
 * hold the newest cycle and the earliest offset that {@link PartitionState} says they hold. A file left without
 * a header by a writer killed while creating it holds no record and is removed; any other failed check makes the
 * partition unusable: every operation on it throws a {@link LogException} naming topic, partition, directory and
 * what is wrong, while the topic's other partitions work.
 */
final class PartitionLog implements AutoCloseable
{
    static final String QUEUE_SUFFIX = QueueFiles.SUFFIX;
    private static final Logger LOG = LoggerFactory.getLogger(PartitionLog.class);
    private static final VarHandle NEXT_OFFSET;

    static
    {
        try
        {
            NEXT_OFFSET = MethodHandles.lookup().findVarHandle(PartitionLog.class, "nextOffset", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
    /** How long to wait for a live writer to finish the header of a queue file it is creating. */
    private static final long HEADER_WAIT_MS = 2_000;

    private final String topic;
    private final int partition;
    private final Path dir;
    private final TopicConfig config;
    private final LogClock clock;
    private final RollCycle rollCycle;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final UnsafeBuffer recordWriteBuffer = new UnsafeBuffer(0, 0);
    /** Reads batches for lookups made with the lock held. */
    private final RecordView lookupView = new RecordView();
    private final UnsafeBuffer keyArrayBuffer = new UnsafeBuffer(new byte[0]);
    private final UnsafeBuffer valueArrayBuffer = new UnsafeBuffer(new byte[0]);
    private final QueueFiles files;
    /** Lengths of the queue files before Chronicle mapped them (mapping grows a truncated file back). */
    private final Map<String, Long> lengthsOnOpen = new HashMap<>();
    private final SingleChronicleQueue queue;
    private final ExcerptTailer lookupTailer;
    /** Null when the partition is usable, else why it is not. */
    private final String damage;

    private volatile CycleTable cycles = CycleTable.EMPTY;
    private int scannedFirstCycle = Integer.MIN_VALUE;
    private int scannedLastCycle = Integer.MIN_VALUE;
    private PartitionState state;
    private final PartitionStateWriter stateWriter;
    private ExcerptAppender appender;
    private final WriteMappingAdvice writeMappingAdvice = new WriteMappingAdvice();
    /** The newest cycle holding records, as the writer knows it: a batch elsewhere starts a cycle in the table. */
    private int lastCycleWithRecords = Integer.MIN_VALUE;
    /** Written by the writer under the lock with a release store (no full fence per append); read with acquire. */
    private volatile long nextOffset = -1;
    private long maxTimestampNs = Long.MIN_VALUE;
    private volatile boolean isWriter;

    PartitionLog(final String topic, final int partition, final Path dir, final TopicConfig config,
        final LogClock clock)
    {
        this.topic = topic;
        this.partition = partition;
        this.dir = dir;
        this.config = config;
        this.clock = clock;
        this.rollCycle = RollCycleNames.byName(config.rollCycle());
        this.files = new QueueFiles(dir, rollCycle);
        this.stateWriter = new PartitionStateWriter(topic, partition, dir);
        if (!Files.isDirectory(dir))
        {
            throw new NotATopicException(topic, dir.getParent(), "missing directory of partition " + partition +
                ": " + dir);
        }
        String problem;
        try
        {
            problem = inspectQueueFiles(PartitionState.read(dir));
        }
        catch (final IOException ex)
        {
            throw new LogException("cannot read partition: topic=" + topic + ", partition=" + partition + ", dir=" +
                dir + ": " + ex, ex);
        }
        SingleChronicleQueue q = null;
        ExcerptTailer t = null;
        if (problem == null)
        {
            try
            {
                q = SingleChronicleQueueBuilder.binary(dir)
                    .rollCycle(rollCycle)
                    .blockSize(config.blockSizeBytes())
                    .timeProvider(clock::epochMillis)
                    .build();
                t = q.createTailer();
                t.singleThreadedCheckDisabled(true);
            }
            catch (final Exception | AssertionError ex)
            {
                // Chronicle throws checked exceptions (StreamCorruptedException) without declaring them.
                if (t != null)
                {
                    t.close();
                }
                if (q != null)
                {
                    q.close();
                }
                t = null;
                q = null;
                problem = "Chronicle cannot open the queue: " + describe(ex);
            }
        }
        queue = q;
        lookupTailer = t;
        if (problem == null)
        {
            lock();
            try
            {
                problem = loadCycles();
            }
            finally
            {
                writeLock.unlock();
            }
        }
        damage = problem;
        if (damage != null)
        {
            LOG.warn("{}", damaged().getMessage());
        }
    }

    /**
     * Look at every queue file's first header before Chronicle maps it.
     *
     * @return null, or why the partition cannot be used.
     */
    private String inspectQueueFiles(final PartitionState expected) throws IOException
    {
        for (final Path file : files.list())
        {
            final String problem;
            try
            {
                lengthsOnOpen.put(file.getFileName().toString(), Files.size(file));
                problem = QueueFiles.headerProblem(file);
            }
            catch (final NoSuchFileException ex)
            {
                // Retention of the writer process deleted it since the listing.
                continue;
            }
            if (problem == null)
            {
                continue;
            }
            final String name = file.getFileName().toString();
            if (expected != null && name.compareTo(files.fileName(expected.lastCycle())) <= 0)
            {
                return "queue file " + file + " " + problem + ", but it held records (" + PartitionState.FILE_NAME +
                    " says cycles up to " + files.fileName(expected.lastCycle()) + " hold records): the file is " +
                    "damaged or truncated";
            }
            // Newer than any cycle known to hold records: Chronicle sizes a new cycle's file before it writes the
            // header, so a writer killed in between leaves a file without one, and no record in it. Remove it,
            // unless a live writer may be creating it right now; then give that writer a moment.
            if (removeUnfinishedQueueFile(file))
            {
                continue;
            }
            final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(HEADER_WAIT_MS);
            String stillWrong = problem;
            while (stillWrong != null && System.nanoTime() < deadlineNs)
            {
                try
                {
                    TimeUnit.MILLISECONDS.sleep(10);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    break;
                }
                stillWrong = Files.exists(file) ? QueueFiles.headerProblem(file) : null;
            }
            if (stillWrong != null)
            {
                return "queue file " + file + " " + stillWrong + ", and the topic's live writer has not finished " +
                    "creating it in " + HEADER_WAIT_MS + " ms";
            }
        }
        return null;
    }

    private boolean removeUnfinishedQueueFile(final Path file) throws IOException
    {
        return Topic.runIfNoWriter(dir.getParent(), () ->
        {
            final String problem = Files.exists(file) ? QueueFiles.headerProblem(file) : null;
            if (problem != null)
            {
                Files.delete(file);
                LOG.warn("removed queue file {}: it {}; a writer died while creating it, before any record " +
                    "(topic={}, partition={})", file, problem, topic, partition);
            }
        });
    }

    /**
     * Read the cycle table and check it against the files and the partition state. Called with the lock held.
     *
     * @return null, or why the partition cannot be used.
     */
    private String loadCycles()
    {
        PartitionState before = PartitionState.read(dir);
        for (int attempt = 0; ; attempt++)
        {
            final CycleTable table;
            try
            {
                queue.refreshDirectoryListing();
                scannedFirstCycle = queue.firstCycle();
                scannedLastCycle = queue.lastCycle();
                final String truncated = checkLastWrites();
                if (truncated != null)
                {
                    return truncated;
                }
                table = scanCycles();
            }
            catch (final CorruptRecordException ex)
            {
                return ex.getMessage();
            }
            catch (final RuntimeException | AssertionError ex)
            {
                return "cannot read the queue files: " + describe(ex.getCause() != null &&
                    ex instanceof LogException ? ex.getCause() : ex);
            }
            // A writer in another process may run retention (state first, then delete) while we look: retry until
            // the state did not change while the files were read.
            final PartitionState after = PartitionState.read(dir);
            if (Objects.equals(before, after) || attempt == 3)
            {
                cycles = table;
                state = after;
                return stateProblem(after, table);
            }
            before = after;
        }
    }

    /**
     * Chronicle keeps, in each file's header, the position of the last document it wrote. A zero header there
     * means the file lost its tail (truncated, then grown back with zeros by mapping).
     */
    private String checkLastWrites()
    {
        final int first = queue.firstCycle();
        final int last = queue.lastCycle();
        if (first == Integer.MAX_VALUE || last == Integer.MIN_VALUE || first > last)
        {
            return null;
        }
        for (final Long c : queue.listCyclesBetween(first, last))
        {
            final Path file = files.file(c.intValue());
            final Long lengthBefore = lengthsOnOpen.get(file.getFileName().toString());
            final SingleChronicleQueueStore store = queue.storeForCycle(c.intValue(), queue.epoch(), false, null);
            if (store == null)
            {
                continue;
            }
            // bytes() is a new view that holds the mapped file until released.
            final MappedBytes bytes = store.bytes();
            try
            {
                final long position = store.writePosition();
                if (bytes.readVolatileInt(position) == 0)
                {
                    return "queue file " + file + " is truncated: the last record Chronicle wrote in it, at byte " +
                        position + ", is gone" + (lengthBefore == null ? "" : " (the file had " + lengthBefore +
                        " bytes)");
                }
            }
            finally
            {
                bytes.releaseLast();
                queue.closeStore(store);
            }
        }
        return null;
    }

    private String stateProblem(final PartitionState expected, final CycleTable table)
    {
        if (expected == null)
        {
            return null;
        }
        if (table.size() == 0 || table.lastCycle() < expected.lastCycle())
        {
            return "no records in " + files.file(expected.lastCycle()) + ", which held the newest records (from " +
                "offset " + expected.lastCycleOffset() + "): the queue file is missing or was emptied";
        }
        if (table.baseOffset(0) > expected.earliestOffset())
        {
            return "records " + expected.earliestOffset() + ".." + (table.baseOffset(0) - 1) + " are missing: " +
                "the oldest queue file, " + files.file(table.cycle(0)) + ", starts at offset " + table.baseOffset(0) +
                " but retention kept records from offset " + expected.earliestOffset();
        }
        return null;
    }

    /**
     * @return a new exception saying why this partition cannot be used.
     */
    private LogException damaged()
    {
        return new LogException("partition unusable: topic=" + topic + ", partition=" + partition + ", dir=" + dir +
            ": " + damage);
    }

    private void checkUsable()
    {
        if (damage != null)
        {
            throw damaged();
        }
    }

    /**
     * @return true if the partition passed its checks on open.
     */
    boolean isUsable()
    {
        return damage == null;
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

    /**
     * @return the partition's queue.
     * @throws LogException if the partition failed its checks on open.
     */
    SingleChronicleQueue queue()
    {
        checkUsable();
        return queue;
    }

    TopicConfig config()
    {
        return config;
    }

    /**
     * Take the writer role: from now on this instance owns the next offset in memory. A partition that failed its
     * checks on open stays without a writer: appends to it throw.
     */
    void becomeWriter()
    {
        lock();
        try
        {
            if (!isWriter && damage == null)
            {
                takeOverChronicleLocks();
                final CycleTable table = refreshedCycles();
                nextOffset = lastRecordHeader();
                lastCycleWithRecords = table.size() == 0 ? Integer.MIN_VALUE : table.lastCycle();
                if (table.size() > 0)
                {
                    final int last = table.size() - 1;
                    final PartitionState current = new PartitionState(table.baseOffset(0), table.cycle(last),
                        table.baseOffset(last));
                    if (!current.equals(state))
                    {
                        writeState(current);
                    }
                }
                isWriter = true;
            }
        }
        finally
        {
            writeLock.unlock();
        }
    }

    /**
     * Free Chronicle's write and append locks of this queue if anyone holds them. The caller holds the topic's
     * writer lock, an OS file lock that dies with its process, so no other writer is alive and a held Chronicle lock
     * was left by a dead one. Chronicle frees such a lock itself only when the PID recorded in it is dead; if the
     * PID was reused by another live process (a restarted container's JVM may get the very same PID), it waits
     * for its timeout and fails.
     */
    private void takeOverChronicleLocks()
    {
        for (final String key : new String[] {"chronicle.write.lock", TableStoreWriteLock.APPEND_LOCK_KEY})
        {
            try (TableStoreWriteLock lock = new TableStoreWriteLock(queue.metaStore(), BusyTimedPauser::new, 0L, key))
            {
                if (lock.locked())
                {
                    LOG.warn("taking over Chronicle's {} left by a dead writer (recorded holder {}): topic={}, " +
                        "partition={}, dir={}", key, lock.lockedBy(), topic, partition, dir);
                    ForcedUnlockWarning.withoutIt(lock::forceUnlock);
                }
            }
        }
    }

    private void writeState(final PartitionState newState)
    {
        try
        {
            stateWriter.writeNow(newState);
            state = newState;
        }
        catch (final IOException ex)
        {
            throw new LogException("cannot write " + PartitionState.FILE_NAME + ": topic=" + topic + ", partition=" +
                partition + ", dir=" + dir + ": " + ex, ex);
        }
    }

    private void lock()
    {
        writeLock.lock();
    }

    /**
     * Append one record, as a batch of one.
     *
     * @return the offset of the record.
     */
    long append(final long timestampNs, final DirectBuffer key, final int keyOffset, final int keyLength,
        final DirectBuffer value, final int valueOffset, final int valueLength)
    {
        checkRecord(key, keyOffset, keyLength, value, valueOffset, valueLength);
        final int bodyLength = RecordDescriptor.recordHeaderLength(keyLength, valueLength, 0) + keyLength + valueLength;
        return writeBatch(1, timestampNs, timestampNs, bodyLength, null, key, keyOffset, keyLength, value, valueOffset,
            valueLength);
    }

    /**
     * Append records encoded by a {@link ProducerBatch} as one batch.
     *
     * @param records     the records, each with its record header ({@link RecordDescriptor}).
     * @param length      bytes of {@code records}.
     * @param count       records, at least 1.
     * @param baseTsNs    the first record's timestamp: the deltas are relative to it.
     * @param batchMaxTs  the largest timestamp among the records.
     * @return the offset of the first record.
     */
    long appendBatch(final DirectBuffer records, final int length, final int count, final long baseTsNs,
        final long batchMaxTs)
    {
        return writeBatch(count, baseTsNs, batchMaxTs, length, records, null, 0, 0, null, 0, 0);
    }

    /**
     * Write one batch document: the header, then either {@code records} as encoded, or (when it is null) one record
     * of the key and value given.
     */
    private long writeBatch(final int count, final long baseTsNs, final long batchMaxTs, final int bodyLength,
        final DirectBuffer records, final DirectBuffer key, final int keyOffset, final int keyLength,
        final DirectBuffer value, final int valueOffset, final int valueLength)
    {
        writeLock.lock();
        try
        {
            checkWriter();
            final ExcerptAppender appender = appender();
            final long offset = (long)NEXT_OFFSET.getOpaque(this);
            final long maxTs = Math.max(maxTimestampNs, batchMaxTs);
            final int cycle;
            try (DocumentContext dc = appender.writingDocument())
            {
                boolean filled = false;
                try
                {
                    // writingDocument() rolled the appender to the document's cycle.
                    cycle = appender.cycle();
                    final int flags = maxTs != baseTsNs ? RecordDescriptor.FLAG_MAX_TIMESTAMP : 0;
                    final int headerLength = RecordDescriptor.batchHeaderLength(flags);
                    final int batchLength = headerLength + bodyLength;
                    final Bytes<?> bytes = dc.wire().bytes();
                    writeMappingAdvice.onWrite(bytes);
                    final long start = bytes.writePosition();
                    bytes.writeSkip(batchLength);
                    final UnsafeBuffer batch = recordWriteBuffer;
                    batch.wrap(bytes.addressForWrite(start), batchLength);
                    putBatchHeader(batch, count, flags, offset, baseTsNs, maxTs);
                    if (records != null)
                    {
                        batch.putBytes(headerLength, records, 0, bodyLength);
                    }
                    else
                    {
                        final int keyAt = RecordDescriptor.putRecordHeader(batch, headerLength, keyLength,
                            valueLength, 0);
                        if (keyLength > 0)
                        {
                            batch.putBytes(keyAt, key, keyOffset, keyLength);
                        }
                        if (valueLength > 0)
                        {
                            batch.putBytes(keyAt + keyLength, value, valueOffset, valueLength);
                        }
                    }
                    batch.putInt(RecordDescriptor.CHECKSUM_OFFSET, RecordChecksum.compute(batch.addressOffset(),
                        batchLength));
                    filled = true;
                }
                finally
                {
                    if (!filled)
                    {
                        // Chronicle would commit the half-filled document on close; the offsets were not used.
                        dc.rollbackOnClose();
                    }
                }
            }
            appended(cycle, offset, count, maxTs);
            return offset;
        }
        finally
        {
            writeLock.unlock();
        }
    }

    private static void putBatchHeader(final UnsafeBuffer batch, final int count, final int flags, final long offset,
        final long baseTsNs, final long maxTs)
    {
        batch.putInt(RecordDescriptor.COUNT_AND_FLAGS_OFFSET, RecordDescriptor.countAndFlags(count, flags));
        batch.putLong(RecordDescriptor.BASE_OFFSET_OFFSET, offset);
        batch.putLong(RecordDescriptor.BASE_TIMESTAMP_OFFSET, baseTsNs);
        if (flags != 0)
        {
            batch.putLong(RecordDescriptor.MAX_TIMESTAMP_OFFSET, maxTs);
        }
    }

    /**
     * A batch is in the file: move the next offset on, and note a cycle's first batch. Lock held.
     */
    private void appended(final int cycle, final long offset, final int count, final long maxTs)
    {
        maxTimestampNs = maxTs;
        NEXT_OFFSET.setRelease(this, offset + count);
        if (cycle != lastCycleWithRecords)
        {
            lastCycleWithRecords = cycle;
            final CycleTable updated = cycles.with(cycle, offset, maxTs);
            cycles = updated;
            recordNewCycle(updated, cycle, offset);
        }
    }

    private void checkWriter()
    {
        if (!isWriter)
        {
            checkUsable();
            throw new IllegalStateException("partition not opened for writing: topic=" + topic +
                ", partition=" + partition);
        }
    }

    /**
     * Check a record before any document is opened: Chronicle commits a document on close even when its filling
     * threw, and a half-filled record would take an offset.
     */
    void checkRecord(final DirectBuffer key, final int keyOffset, final int keyLength,
        final DirectBuffer value, final int valueOffset, final int valueLength)
    {
        if (keyLength < 0 || keyOffset < 0 || (long)keyOffset + keyLength > key.capacity() ||
            valueLength < 0 || valueOffset < 0 || (long)valueOffset + valueLength > value.capacity())
        {
            throw new IllegalArgumentException("key or value outside its buffer: topic=" + topic + ", partition=" +
                partition + ", key " + keyOffset + "+" + keyLength + " of " + key.capacity() + ", value " +
                valueOffset + "+" + valueLength + " of " + value.capacity());
        }
        // The limit counts the largest headers, so whether a record fits does not depend on where it lands.
        final long recordLength = (long)RecordDescriptor.MAX_OVERHEAD + keyLength + valueLength;
        if (recordLength > config.maxRecordBytes())
        {
            throw new RecordTooLargeException(topic, partition, recordLength, config.maxRecordBytes());
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

    /**
     * A roll cycle got its first record: note it in the partition state (once per cycle, off the per-record path),
     * written by {@link PartitionStateWriter}'s thread, not this append's (its fsyncs held the append 0.7-2.4 ms).
     * The record is already written, so a failure there only warns.
     */
    private void recordNewCycle(final CycleTable table, final int cycle, final long offset)
    {
        final PartitionState newState = new PartitionState(
            state == null ? table.baseOffset(0) : state.earliestOffset(), cycle, offset);
        state = newState;
        stateWriter.submit(newState);
    }

    /**
     * Touch the first page past the writer's position, if not touched yet, so that the write that reaches it finds it
     * mapped: Chronicle's {@code microTouch()} (a compare-and-set of 0 to 0, so no record is ever overwritten). For a
     * producer's thread to call while it has nothing to append; never waits for the write lock.
     *
     * @return true if a page was touched, false if there was nothing to do or the lock was busy.
     */
    boolean touchAhead()
    {
        if (!isWriter || appender == null || !writeLock.tryLock())
        {
            return false;
        }
        try
        {
            return appender instanceof MicroTouched && ((MicroTouched)appender).microTouch();
        }
        finally
        {
            writeLock.unlock();
        }
    }

    /**
     * @return the start of the memory mapping the writer last turned read-ahead off for, 0 if none (tests).
     */
    long writeMappingAdvisedAddress()
    {
        return writeMappingAdvice.advisedAddress();
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
            return (long)NEXT_OFFSET.getAcquire(this);
        }
        checkUsable();
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
        checkUsable();
        lock();
        try
        {
            final CycleTable table = currentCycles();
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
     * Position a tailer on the batch holding an offset.
     *
     * @return how many records of that batch come before the offset (0 for a batch's first record), or -1 if the
     * offset is the next offset (nothing there yet; the tailer is at the end).
     * @throws OffsetOutOfRangeException if the offset is before the earliest or after the next offset.
     */
    long moveTo(final ExcerptTailer tailer, final long offset)
    {
        checkUsable();
        CycleTable table = cycles;
        int i = table.find(offset);
        if (i >= 0)
        {
            final long skip = moveInCycle(tailer, table.cycle(i), table.baseOffset(i), offset);
            if (skip >= 0)
            {
                return skip;
            }
        }
        lock();
        try
        {
            table = currentCycles();
            i = table.find(offset);
            if (i >= 0)
            {
                final long skip = moveInCycle(tailer, table.cycle(i), table.baseOffset(i), offset);
                if (skip >= 0)
                {
                    return skip;
                }
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
                return -1;
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

    /**
     * Position a tailer on the batch of a cycle that holds an offset. The batch holding offset {@code o} is at most
     * {@code o - cycleBase} batches into the cycle (each holds at least one record). In the newest cycle, whose last
     * batch Chronicle knows, the search starts where the offset would be if the batches were of even size, which
     * they usually are; elsewhere it starts at the cycle's first batch. From there it gallops (steps of 1, 2, 4...)
     * until a batch starts past the offset, then halves that interval: O(log distance) batch headers read, and never
     * a sequence number past the cycle's end (Chronicle looks those up slowly).
     *
     * @return records of the batch before the offset, or -1 if the cycle's batches end before the offset.
     */
    private long moveInCycle(final ExcerptTailer tailer, final int cycle, final long cycleBase, final long offset)
    {
        long limit = Math.min(offset - cycleBase, rollCycle.maxMessagesPerCycle() - 1) + 1;
        long guess = 0;
        final long lastIndex = queue.lastIndex();
        if (lastIndex >= 0 && rollCycle.toCycle(lastIndex) == cycle)
        {
            final long lastSequence = rollCycle.toSequenceNumber(lastIndex);
            final long lastBase = batchBaseAt(tailer, cycle, lastSequence);
            if (lastBase <= offset)
            {
                return positionIn(tailer, rollCycle.toIndex(cycle, lastSequence), offset);
            }
            limit = Math.min(limit, lastSequence);
            if (lastBase != Long.MAX_VALUE && lastBase > cycleBase)
            {
                guess = (long)((double)(offset - cycleBase) / (lastBase - cycleBase) * lastSequence);
            }
        }
        guess = Math.max(0, Math.min(guess, limit - 1));
        // lo: a batch starting at or before the offset; hi: one starting after it, or past the cycle's end
        long lo;
        long hi;
        long step = 1;
        if (guess == 0 || batchBaseAt(tailer, cycle, guess) <= offset)
        {
            lo = guess;
            while (lo + step < limit && batchBaseAt(tailer, cycle, lo + step) <= offset)
            {
                lo += step;
                step <<= 1;
            }
            hi = Math.min(lo + step, limit);
        }
        else
        {
            hi = guess;
            while (hi - step > 0 && batchBaseAt(tailer, cycle, hi - step) > offset)
            {
                hi -= step;
                step <<= 1;
            }
            lo = Math.max(0, hi - step);
        }
        while (hi - lo > 1)
        {
            final long mid = (lo + hi) >>> 1;
            if (batchBaseAt(tailer, cycle, mid) <= offset)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        return positionIn(tailer, rollCycle.toIndex(cycle, lo), offset);
    }

    /**
     * Leave the tailer on the batch at an index, if it holds the offset.
     *
     * @return records of the batch before the offset, or -1 if the batch ends before the offset.
     */
    private long positionIn(final ExcerptTailer tailer, final long index, final long offset)
    {
        if (!tailer.moveToIndex(index))
        {
            return -1;
        }
        final long base;
        final int count;
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return -1;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final long start = bytes.readPosition();
            if (bytes.readRemaining() < RecordDescriptor.MIN_BATCH_HEADER_LENGTH)
            {
                // A damaged batch: the reader positioned here reports it.
                tailer.moveToIndex(index);
                return 0;
            }
            base = bytes.readLong(start + RecordDescriptor.BASE_OFFSET_OFFSET);
            count = RecordDescriptor.count(bytes.readInt(start + RecordDescriptor.COUNT_AND_FLAGS_OFFSET));
        }
        if (offset >= base + count || offset < base)
        {
            return offset < base ? positionOnDamage(tailer, index) : -1;
        }
        tailer.moveToIndex(index);
        return offset - base;
    }

    /**
     * The first batch of a cycle says it starts after the offset searched: it is damaged. Leave the reader on it
     * so that its checks name what is wrong.
     */
    private static long positionOnDamage(final ExcerptTailer tailer, final long index)
    {
        tailer.moveToIndex(index);
        return 0;
    }

    /**
     * @return the base offset of the batch at a cycle's sequence number, or {@code Long.MAX_VALUE} if there is none.
     */
    private long batchBaseAt(final ExcerptTailer tailer, final int cycle, final long sequence)
    {
        return batchHeaderAt(tailer, cycle, sequence, false);
    }

    /**
     * @param maxTimestamp true for the batch's running max timestamp, false for its base offset.
     * @return that field of the batch at a cycle's sequence number, or {@code Long.MAX_VALUE} if there is no batch
     * there (or it is too short to hold the field).
     */
    private long batchHeaderAt(final ExcerptTailer tailer, final int cycle, final long sequence,
        final boolean maxTimestamp)
    {
        if (!tailer.moveToIndex(rollCycle.toIndex(cycle, sequence)))
        {
            return Long.MAX_VALUE;
        }
        try (DocumentContext dc = tailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return Long.MAX_VALUE;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final long start = bytes.readPosition();
            final long length = bytes.readRemaining();
            if (length < RecordDescriptor.MIN_BATCH_HEADER_LENGTH)
            {
                return Long.MAX_VALUE;
            }
            return maxTimestamp ? maxTimestamp(bytes, start, length) :
                bytes.readLong(start + RecordDescriptor.BASE_OFFSET_OFFSET);
        }
    }

    /**
     * @return the first offset whose record has timestamp &ge; {@code timestampNs}, or the next offset if none.
     */
    long offsetForTimestamp(final long timestampNs)
    {
        checkUsable();
        lock();
        try
        {
            // Each batch holds the running maximum timestamp of the partition, which never decreases: the answer
            // is in the first batch whose running maximum is >= timestampNs. The cycle table narrows the search to
            // one cycle (one queue file), then a binary search over its batches, then a scan of one batch.
            final CycleTable table = currentCycles();
            if (table.size() == 0)
            {
                return nextOffset();
            }
            final int i = table.lastStartingBefore(timestampNs);
            if (i < 0)
            {
                return firstAtOrAfter(table.cycle(0), 0, timestampNs);
            }
            final int cycle = table.cycle(i);
            final long cycleRecords = (i + 1 < table.size() ? table.baseOffset(i + 1) : nextOffset()) -
                table.baseOffset(i);
            // The cycle's first batch is below the timestamp; a sequence number past its last batch reads as above.
            long lo = 1;
            long hi = Math.min(cycleRecords, rollCycle.maxMessagesPerCycle() - 1);
            while (lo < hi)
            {
                final long mid = (lo + hi) >>> 1;
                if (batchHeaderAt(lookupTailer, cycle, mid, true) >= timestampNs)
                {
                    hi = mid;
                }
                else
                {
                    lo = mid + 1;
                }
            }
            final long found = firstAtOrAfter(cycle, lo, timestampNs);
            if (found >= 0)
            {
                return found;
            }
            return i + 1 < table.size() ? firstAtOrAfter(table.cycle(i + 1), 0, timestampNs) : nextOffset();
        }
        finally
        {
            writeLock.unlock();
        }
    }

    /**
     * In the batch at a cycle's sequence number, the first record with timestamp &ge; {@code timestampNs}; its base
     * offset if none (then the partition's running maximum passed the timestamp before the batch). Lock held.
     *
     * @return the offset, or -1 if there is no batch there.
     */
    private long firstAtOrAfter(final int cycle, final long sequence, final long timestampNs)
    {
        if (!lookupTailer.moveToIndex(rollCycle.toIndex(cycle, sequence)))
        {
            return -1;
        }
        try (DocumentContext dc = lookupTailer.readingDocument())
        {
            if (!dc.isPresent())
            {
                return -1;
            }
            final Bytes<?> bytes = dc.wire().bytes();
            final long length = bytes.readRemaining();
            if (length < RecordDescriptor.MIN_BATCH_HEADER_LENGTH)
            {
                throw new CorruptRecordException(topic, partition, -1, "batch " + sequence + " of cycle " + cycle +
                    " (" + length + " bytes) is shorter than its header in " + files.file(cycle));
            }
            final RecordView view = lookupView;
            view.wrapBatch(topic, partition, bytes.addressForRead(bytes.readPosition()), (int)length);
            while (view.nextRecord())
            {
                if (view.timestampNs() >= timestampNs)
                {
                    return view.offset();
                }
            }
            return view.batchBaseOffset();
        }
    }

    /**
     * @return the running max timestamp at the end of the batch holding an offset: for a cycle's last offset, the
     * largest timestamp up to the end of the cycle. Lock held.
     */
    private long maxTimestampAt(final long offset)
    {
        if (moveTo(lookupTailer, offset) < 0)
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
            return maxTimestamp(bytes, bytes.readPosition(), bytes.readRemaining());
        }
    }

    /**
     * Delete whole roll cycles that retention says are gone: the oldest first, while the partition is over its
     * byte limit or the cycle's newest timestamp is older than the age limit. Never deletes the newest cycle, so
     * the next offset stays known from disk. The partition state gets the new earliest offset before any file
     * goes, so a reopened partition can tell retention from damage. Called by the writer only.
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
            if (!isWriter)
            {
                checkUsable();
                throw new IllegalStateException("retention is applied by the writer: topic=" + topic +
                    ", partition=" + partition);
            }
            final CycleTable table = refreshedCycles();
            final List<Path> queueFiles = files.list();
            final long[] cycleBytes = cycleBytes();
            long totalBytes = 0;
            for (int i = 1; i < cycleBytes.length; i += 2)
            {
                totalBytes += cycleBytes[i];
            }
            int keep = 0;
            while (keep < table.size() - 1)
            {
                final boolean tooBig = config.retentionBytes() != TopicConfig.UNLIMITED &&
                    totalBytes - bytesBefore(cycleBytes, table.cycle(keep)) > config.retentionBytes();
                final boolean tooOld = config.retentionAgeMs() != TopicConfig.UNLIMITED &&
                    maxTimestampAt(table.baseOffset(keep + 1) - 1) < nowNs - config.retentionAgeMs() * 1_000_000L;
                if (!tooBig && !tooOld)
                {
                    break;
                }
                keep++;
            }
            if (keep == 0)
            {
                return 0;
            }
            final int last = table.size() - 1;
            writeState(new PartitionState(table.baseOffset(keep), table.cycle(last), table.baseOffset(last)));
            final String firstKept = files.fileName(table.cycle(keep));
            int deleted = 0;
            for (final Path file : queueFiles)
            {
                if (file.getFileName().toString().compareTo(firstKept) < 0)
                {
                    try
                    {
                        Files.delete(file);
                    }
                    catch (final IOException ex)
                    {
                        throw new LogException("retention could not delete " + file + ": topic=" + topic +
                            ", partition=" + partition + ": " + ex, ex);
                    }
                    deleted++;
                }
            }
            refreshedCycles();
            return deleted;
        }
        catch (final IOException ex)
        {
            throw new LogException("retention cannot list " + dir + ": topic=" + topic + ", partition=" + partition +
                ": " + ex, ex);
        }
        finally
        {
            writeLock.unlock();
        }
    }

    private static long bytesBefore(final long[] cycleBytes, final int cycle)
    {
        long bytes = 0;
        for (int i = 0; i < cycleBytes.length && cycleBytes[i] < cycle; i += 2)
        {
            bytes += cycleBytes[i + 1];
        }
        return bytes;
    }

    /**
     * @return (cycle, bytes written in its file) pairs, oldest first, for every cycle with a file. Lock held.
     */
    private long[] cycleBytes()
    {
        final int first = queue.firstCycle();
        final int last = queue.lastCycle();
        if (first == Integer.MAX_VALUE || last == Integer.MIN_VALUE || first > last)
        {
            return new long[0];
        }
        final List<Long> cycleList = new ArrayList<>(queue.listCyclesBetween(first, last));
        final long[] pairs = new long[cycleList.size() * 2];
        for (int i = 0; i < cycleList.size(); i++)
        {
            final int cycle = cycleList.get(i).intValue();
            pairs[2 * i] = cycle;
            pairs[2 * i + 1] = writtenBytes(cycle);
        }
        return pairs;
    }

    /**
     * Bytes Chronicle has written in a cycle's file: up to the end of the last document it wrote. The file itself
     * is sized in whole blocks and mostly sparse, so its length says little about what it holds.
     */
    private long writtenBytes(final int cycle)
    {
        final SingleChronicleQueueStore store = queue.storeForCycle(cycle, queue.epoch(), false, null);
        if (store == null)
        {
            return 0;
        }
        final MappedBytes bytes = store.bytes();
        try
        {
            final long position = store.writePosition();
            return position + 4 + (bytes.readVolatileInt(position) & QueueFiles.LENGTH_MASK);
        }
        finally
        {
            bytes.releaseLast();
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
     * @return bytes the partition's queue files hold, as retention counts them: for each file, up to the end of the
     * last record written in it (the files are sparse, sized in whole blocks). For an unusable partition, the
     * files' lengths.
     */
    long sizeOnDiskBytes()
    {
        if (damage != null)
        {
            long total = 0;
            for (final File f : cycleFiles())
            {
                total += f.length();
            }
            return total;
        }
        lock();
        try
        {
            final long[] cycleBytes = cycleBytes();
            long total = 0;
            for (int i = 1; i < cycleBytes.length; i += 2)
            {
                total += cycleBytes[i];
            }
            return total;
        }
        finally
        {
            writeLock.unlock();
        }
    }

    /**
     * @return bytes written in each queue file, by cycle: (cycle, bytes) pairs, oldest first. For tests.
     */
    long[] bytesByCycle()
    {
        checkUsable();
        lock();
        try
        {
            return cycleBytes();
        }
        finally
        {
            writeLock.unlock();
        }
    }

    private CycleTable refreshedCycles()
    {
        queue.refreshDirectoryListing();
        scannedFirstCycle = queue.firstCycle();
        scannedLastCycle = queue.lastCycle();
        cycles = scanCycles();
        return cycles;
    }

    /**
     * The cycle table, scanned again only if the queue's files changed since the last scan: a writer in another
     * process started a cycle or ran retention. Scanning opens every cycle's file, so it is not done per call.
     * Called with the lock held.
     */
    private CycleTable currentCycles()
    {
        if (isWriter)
        {
            return cycles;
        }
        if (queue.firstCycle() != scannedFirstCycle || queue.lastCycle() != scannedLastCycle)
        {
            return refreshedCycles();
        }
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
                            final long start = bytes.readPosition();
                            final long length = bytes.readRemaining();
                            if (length < RecordDescriptor.MIN_BATCH_HEADER_LENGTH)
                            {
                                throw new CorruptRecordException(topic, partition, -1, "first batch of cycle " +
                                    cycle + " (" + length + " bytes) is shorter than a batch header in " +
                                    files.file(cycle));
                            }
                            table = table.with(cycle, bytes.readLong(start + RecordDescriptor.BASE_OFFSET_OFFSET),
                                maxTimestamp(bytes, start, length));
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
     * Offset after the last whole record on disk, and remembers its running max timestamp. Called with the lock held.
     */
    private long lastRecordHeader()
    {
        final ExcerptTailer tailer = lookupTailer;
        final long index;
        final long next;
        final long maxTs;
        try
        {
            tailer.direction(TailerDirection.BACKWARD).toEnd();
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    final CycleTable table = cycles;
                    if (table.size() > 0)
                    {
                        throw new LogException("no last record found although cycle " + table.lastCycle() +
                            " holds records from offset " + table.baseOffset(table.size() - 1) + ": topic=" + topic +
                            ", partition=" + partition + ", dir=" + dir);
                    }
                    maxTimestampNs = Long.MIN_VALUE;
                    return 0;
                }
                final Bytes<?> bytes = dc.wire().bytes();
                index = dc.index();
                final long start = bytes.readPosition();
                final long length = bytes.readRemaining();
                if (length < RecordDescriptor.MIN_BATCH_HEADER_LENGTH)
                {
                    throw new CorruptRecordException(topic, partition, -1, "last batch (" + length + " bytes) is " +
                        "shorter than a batch header in " + files.file(rollCycle.toCycle(index)));
                }
                next = bytes.readLong(start + RecordDescriptor.BASE_OFFSET_OFFSET) +
                    RecordDescriptor.count(bytes.readInt(start + RecordDescriptor.COUNT_AND_FLAGS_OFFSET));
                maxTs = maxTimestamp(bytes, start, length);
            }
        }
        catch (final LogException ex)
        {
            throw ex;
        }
        catch (final RuntimeException ex)
        {
            throw new LogException("cannot read the last record: topic=" + topic + ", partition=" + partition +
                ", dir=" + dir + ": " + describe(ex), ex);
        }
        finally
        {
            tailer.direction(TailerDirection.FORWARD);
        }
        final int cycle = rollCycle.toCycle(index);
        CycleTable table = cycles;
        if (table.size() == 0 || table.lastCycle() != cycle)
        {
            // Another process started a cycle since the table was read.
            table = refreshedCycles();
        }
        if (table.size() == 0 || table.lastCycle() != cycle)
        {
            throw new LogException("the last record is in cycle " + cycle + " (" + files.file(cycle) + ") but the " +
                "newest cycle whose first batch holds an offset is " + (table.size() == 0 ? "none" :
                table.lastCycle()) + ": topic=" + topic + ", partition=" + partition + ", dir=" + dir);
        }
        maxTimestampNs = maxTs;
        return next;
    }

    /**
     * @return the running max timestamp a batch holds: stored when it differs from the batch's base timestamp.
     */
    private static long maxTimestamp(final Bytes<?> bytes, final long start, final long length)
    {
        final int flags = RecordDescriptor.flags(bytes.readInt(start + RecordDescriptor.COUNT_AND_FLAGS_OFFSET));
        return (flags & RecordDescriptor.FLAG_MAX_TIMESTAMP) != 0 && length >= RecordDescriptor.MAX_BATCH_HEADER_LENGTH ?
            bytes.readLong(start + RecordDescriptor.MAX_TIMESTAMP_OFFSET) :
            bytes.readLong(start + RecordDescriptor.BASE_TIMESTAMP_OFFSET);
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
            stateWriter.flush();
            if (appender != null)
            {
                appender.close();
                appender = null;
            }
            if (lookupTailer != null)
            {
                lookupTailer.close();
            }
            if (queue != null)
            {
                queue.close();
            }
        }
        finally
        {
            writeLock.unlock();
        }
    }
}
