package dev.rill.log;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Pulls records from some partitions of a topic, in place: the handler sees each record as a flyweight over
 * the mapped queue file, and nothing is copied or allocated per record. Every batch's checksum is verified and
 * its first offset checked against the offset expected.
 * <p>
 * Not thread-safe: one thread polls a consumer. Several consumers may read one topic at once.
 */
public final class Consumer implements AutoCloseable
{
    /** Records a partition hands over per turn of {@link #poll} when it has them. */
    public static final int TURN_RECORDS = 256;

    private final Topic topic;
    private final ConsumerOptions options;
    private final int[] partitionIds;
    private final PartitionLog[] partitions;
    private final ExcerptTailer[] tailers;
    private final long[] positions;
    private final long[] committedPositions;
    /** Per partition: records of the batch the tailer is on that were already handed over. */
    private final int[] skips;
    /**
     * Per partition: true while the tailer rests on a batch left part-read (rolled back) whose checksum was verified;
     * the next read of the partition is that batch again.
     */
    private final boolean[] restingVerified;
    /** Per partition: true if {@link #resumeCursor} and {@link #resumeTimestampNs} say where the resting batch's next
     * record is. */
    private final boolean[] resumeKnown;
    private final int[] resumeCursor;
    private final long[] resumeTimestampNs;
    private final RecordView view = new RecordView();
    private int nextPartitionIndex;
    /** Records left in the turn of {@link #nextPartitionIndex}; 0 when its turn has not started. */
    private int leftInTurn;
    private boolean closed;

    Consumer(final Topic topic, final ConsumerOptions options)
    {
        this.topic = topic;
        this.options = options;
        this.partitionIds = options.partitions(topic.partitionCount());
        this.partitions = new PartitionLog[partitionIds.length];
        this.tailers = new ExcerptTailer[partitionIds.length];
        this.positions = new long[partitionIds.length];
        this.committedPositions = new long[partitionIds.length];
        this.skips = new int[partitionIds.length];
        this.restingVerified = new boolean[partitionIds.length];
        this.resumeKnown = new boolean[partitionIds.length];
        this.resumeCursor = new int[partitionIds.length];
        this.resumeTimestampNs = new long[partitionIds.length];
        try
        {
            for (int i = 0; i < partitionIds.length; i++)
            {
                partitions[i] = topic.partition(partitionIds[i]);
                tailers[i] = partitions[i].queue().createTailer();
                committedPositions[i] = -1;
                final long committed = options.group() == null ? -1 :
                    topic.log().offsets().committed(options.group(), topic.name(), partitionIds[i]);
                if (committed >= 0)
                {
                    committedPositions[i] = committed;
                    seekWithReset(i, committed);
                }
                else
                {
                    start(i, options.start());
                }
            }
        }
        catch (final RuntimeException ex)
        {
            close();
            throw ex;
        }
    }

    private void start(final int i, final StartPosition start)
    {
        final PartitionLog partition = partitions[i];
        switch (start.kind())
        {
            case EARLIEST:
                seekExact(i, partition.earliestOffset());
                break;
            case LATEST:
                seekExact(i, partition.nextOffset());
                break;
            case OFFSET:
                seekWithReset(i, start.value());
                break;
            case TIMESTAMP:
                seekExact(i, partition.offsetForTimestamp(start.value()));
                break;
            default:
                throw new IllegalArgumentException("unknown start position: " + start);
        }
    }

    private void seekWithReset(final int i, final long offset)
    {
        try
        {
            seekExact(i, offset);
        }
        catch (final OffsetOutOfRangeException ex)
        {
            switch (options.reset())
            {
                case EARLIEST:
                    seekExact(i, partitions[i].earliestOffset());
                    break;
                case LATEST:
                    seekExact(i, partitions[i].nextOffset());
                    break;
                default:
                    throw ex;
            }
        }
    }

    private void seekExact(final int i, final long offset)
    {
        final long skip = partitions[i].moveTo(tailers[i], offset);
        skips[i] = (int)Math.max(0, skip);
        restingVerified[i] = false;
        resumeKnown[i] = false;
        positions[i] = offset;
    }

    /**
     * @return the topic read.
     */
    public Topic topic()
    {
        return topic;
    }

    /**
     * @return the partitions this consumer reads, in poll order.
     */
    public int[] partitions()
    {
        return partitionIds.clone();
    }

    /**
     * Hand up to {@code maxRecords} records to the handler, taking partitions in turn: a turn is up to
     * {@value #TURN_RECORDS} records of one partition, and ends early only when the partition has no record left
     * for now. A poll whose {@code maxRecords} ends in the middle of a turn leaves the rest of the turn to the next
     * poll, so the order in which records of different partitions are handed over depends only on the records
     * there are, not on how many each poll asks for: a replay of the same records from the same positions and
     * turn ({@link #turnPartition()}, {@link #resumeTurn}) hands them over in the same order. A record the handler
     * throws on, or whose checksum fails, is not consumed: the position stays on it. If retention removed records
     * this consumer had not read yet, the reset policy moves it on (to the earliest or the next offset), or, with
     * {@link OffsetReset#NONE}, an {@link OffsetOutOfRangeException} says so.
     *
     * @param handler    receives each record in place.
     * @param maxRecords the most records to hand over.
     * @return number of records handed over, 0 when every partition is at its end.
     * @throws CorruptRecordException naming topic, partition and offset if a checksum fails or an offset is missing.
     */
    public int poll(final RecordHandler handler, final int maxRecords)
    {
        int count = 0;
        int idle = 0;
        final int n = tailers.length;
        while (count < maxRecords && idle < n)
        {
            final int i = nextPartitionIndex;
            if (leftInTurn == 0)
            {
                leftInTurn = TURN_RECORDS;
            }
            final int want = Math.min(leftInTurn, maxRecords - count);
            final int read = pollPartition(i, handler, want);
            count += read;
            leftInTurn -= read;
            if (read < want || leftInTurn == 0)
            {
                // The partition has nothing more for now, or its turn is over: the next one's turn.
                idle = read == 0 ? idle + 1 : 0;
                leftInTurn = 0;
                nextPartitionIndex = i + 1 == n ? 0 : i + 1;
            }
        }
        return count;
    }

    /**
     * @return the partition whose turn it is (or is next) in {@link #poll}.
     */
    public int turnPartition()
    {
        return partitionIds[nextPartitionIndex];
    }

    /**
     * @return records left in the current turn of {@link #turnPartition()}; 0 if its turn has not started.
     */
    public int turnRemaining()
    {
        return leftInTurn;
    }

    /**
     * Continue an earlier consumer's turn, so that a replay from its positions hands records over in its order.
     *
     * @param partition the partition whose turn it was ({@link #turnPartition()}).
     * @param remaining records left in that turn ({@link #turnRemaining()}), 0 to {@value #TURN_RECORDS}.
     */
    public void resumeTurn(final int partition, final int remaining)
    {
        if (remaining < 0 || remaining > TURN_RECORDS)
        {
            throw new IllegalArgumentException("records left in a turn must be in 0.." + TURN_RECORDS + ": " +
                remaining + " (topic " + topic.name() + ")");
        }
        nextPartitionIndex = indexOf(partition);
        leftInTurn = remaining;
    }

    private int pollPartition(final int i, final RecordHandler handler, final int limit)
    {
        final ExcerptTailer tailer = tailers[i];
        final PartitionLog partition = partitions[i];
        final RecordView view = this.view;
        int count = 0;
        while (count < limit)
        {
            final long expected = positions[i];
            final int skip = skips[i];
            int delivered = 0;
            try (DocumentContext dc = tailer.readingDocument())
            {
                if (!dc.isPresent())
                {
                    break;
                }
                boolean finished = false;
                boolean verified = false;
                boolean positioned = false;
                int cursor = 0;
                long timestampNs = 0;
                try
                {
                    final Bytes<?> bytes = dc.wire().bytes();
                    final long start = bytes.readPosition();
                    final long length = bytes.readRemaining();
                    if (length < RecordDescriptor.MIN_BATCH_HEADER_LENGTH)
                    {
                        throw new CorruptRecordException(topic.name(), partition.partition(), expected,
                            "batch of " + length + " bytes is shorter than its header in " + partition.dir());
                    }
                    view.wrapBatch(topic.name(), partition.partition(), bytes.addressForRead(start), (int)length);
                    if (!restingVerified[i])
                    {
                        verify(partition, view, expected, length);
                    }
                    verified = true;
                    // Each batch stores its first offset: a batch out of place means records missing or removed.
                    final long base = view.batchBaseOffset();
                    if (base + skip != expected)
                    {
                        throw gap(partition, expected, base + skip);
                    }
                    if (skip > 0 && resumeKnown[i])
                    {
                        view.resumeAt(skip, resumeCursor[i], resumeTimestampNs[i]);
                    }
                    else
                    {
                        for (int r = 0; r < skip; r++)
                        {
                            if (!view.nextRecord())
                            {
                                throw unfit(partition, view, expected);
                            }
                        }
                    }
                    cursor = view.cursor();
                    timestampNs = view.timestampNs();
                    positioned = true;
                    // The loop keeps nothing of its own: the view's index counts the records handed over, so the
                    // JIT has registers for the parse and the handler (each local kept here cost a spill and a
                    // reload per record).
                    final int last = (int)Math.min(view.batchRecordCount(), (long)skip + limit - count) - 1;
                    final boolean fits;
                    try
                    {
                        fits = view.handRecordsTo(handler, last);
                    }
                    catch (final Throwable ex)
                    {
                        // The record the handler threw on is not delivered: it is read again next time, by index.
                        delivered = view.indexInBatch() - skip;
                        positioned = false;
                        throw ex;
                    }
                    delivered = view.indexInBatch() + 1 - skip;
                    if (!fits)
                    {
                        throw unfit(partition, view, expected + delivered);
                    }
                    cursor = view.cursor();
                    timestampNs = view.timestampNs();
                    finished = !view.hasNext();
                }
                finally
                {
                    positions[i] = expected + delivered;
                    if (finished)
                    {
                        skips[i] = 0;
                        restingVerified[i] = false;
                        resumeKnown[i] = false;
                    }
                    else
                    {
                        // The rest of the batch, or a record the handler threw on, is read again next time, from
                        // where the last record handed over ended (found by index if a handler threw).
                        skips[i] = skip + delivered;
                        restingVerified[i] = verified;
                        resumeKnown[i] = positioned;
                        if (positioned)
                        {
                            resumeCursor[i] = cursor;
                            resumeTimestampNs[i] = timestampNs;
                        }
                        dc.rollbackOnClose();
                    }
                }
            }
            catch (final OffsetOutOfRangeException ex)
            {
                // Retention removed records this consumer had not read yet: Kafka's auto.offset.reset applies here
                // too, not only where the consumer starts.
                if (options.reset() == OffsetReset.NONE)
                {
                    throw ex;
                }
                seekExact(i, options.reset() == OffsetReset.EARLIEST ? partition.earliestOffset() :
                    partition.nextOffset());
                continue;
            }
            catch (final LogException ex)
            {
                throw ex;
            }
            catch (final RuntimeException ex)
            {
                if (ex.getClass().getName().startsWith("net.openhft"))
                {
                    throw new LogException("cannot read record: topic=" + topic.name() + ", partition=" +
                        partition.partition() + ", offset=" + (expected + delivered) + ", dir=" + partition.dir() +
                        ": " + PartitionLog.describe(ex), ex);
                }
                throw ex;
            }
            count += delivered;
        }
        return count;
    }

    private void verify(final PartitionLog partition, final RecordView view, final long expected, final long length)
    {
        if (view.isChecksumValid())
        {
            if (!view.isBatchHeaderSane())
            {
                throw new CorruptRecordException(topic.name(), partition.partition(), expected,
                    "batch header not understood (flags " + view.flags() + ", " + view.batchRecordCount() +
                    " records, base offset " + view.batchBaseOffset() + ", " + length + " bytes) in " +
                    partition.dir());
            }
        }
        else if (options.isChecksumVerified())
        {
            throw new CorruptRecordException(topic.name(), partition.partition(), expected,
                "checksum mismatch (stored " + Integer.toHexString(view.checksum()) + ") in the batch of " + length +
                " bytes that should hold it, in " + partition.dir());
        }
    }

    private CorruptRecordException unfit(final PartitionLog partition, final RecordView view, final long offset)
    {
        return new CorruptRecordException(topic.name(), partition.partition(), offset,
            "record " + (view.indexInBatch() + 1) + " of a batch of " + view.batchRecordCount() + " records does " +
            "not fit in the batch's " + view.batchLength() + " bytes in " + partition.dir());
    }

    private LogException gap(final PartitionLog partition, final long expected, final long found)
    {
        final long earliest = partition.earliestOffset();
        if (expected < earliest)
        {
            return new OffsetOutOfRangeException(topic.name(), partition.partition(), expected, earliest,
                partition.nextOffset());
        }
        return new CorruptRecordException(topic.name(), partition.partition(), expected,
            "found offset " + found + " where " + expected + " was expected: records missing or a queue file " +
            "damaged in " + partition.dir());
    }

    /**
     * @param partition partition number.
     * @return the offset of the next record this consumer will read from it.
     */
    public long position(final int partition)
    {
        return positions[indexOf(partition)];
    }

    /**
     * @param partition partition number.
     * @param offset    next offset to read.
     * @throws OffsetOutOfRangeException if the offset is not between earliest and next.
     */
    public void seek(final int partition, final long offset)
    {
        seekExact(indexOf(partition), offset);
    }

    /**
     * @param partition   partition number.
     * @param timestampNs epoch nanoseconds: reads next the first record with timestamp &ge; it.
     */
    public void seekToTimestamp(final int partition, final long timestampNs)
    {
        final int i = indexOf(partition);
        seekExact(i, partitions[i].offsetForTimestamp(timestampNs));
    }

    /**
     * @return true if every partition's position is at its next offset now.
     */
    public boolean isAtEnd()
    {
        for (int i = 0; i < partitions.length; i++)
        {
            if (positions[i] < partitions[i].nextOffset())
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @param partition partition number.
     * @return records between this consumer's position and the partition's next offset.
     */
    public long lag(final int partition)
    {
        final int i = indexOf(partition);
        return partitions[i].nextOffset() - positions[i];
    }

    /**
     * Store the positions of every partition that moved since the last commit for this consumer's group;
     * durable when this returns.
     *
     * @throws IllegalStateException if the consumer has no group.
     */
    public void commit()
    {
        if (options.group() == null)
        {
            throw new IllegalStateException("consumer of topic " + topic.name() + " has no group to commit for");
        }
        for (int i = 0; i < partitions.length; i++)
        {
            if (positions[i] != committedPositions[i])
            {
                topic.log().offsets().commit(options.group(), topic.name(), partitionIds[i], positions[i]);
                committedPositions[i] = positions[i];
            }
        }
    }

    private int indexOf(final int partition)
    {
        for (int i = 0; i < partitionIds.length; i++)
        {
            if (partitionIds[i] == partition)
            {
                return i;
            }
        }
        throw new IllegalArgumentException("consumer does not read partition " + partition + " of topic " +
            topic.name());
    }

    @Override
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        for (final ExcerptTailer tailer : tailers)
        {
            if (tailer != null)
            {
                tailer.close();
            }
        }
    }
}
