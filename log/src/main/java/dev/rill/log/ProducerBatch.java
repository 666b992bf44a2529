package dev.rill.log;

import java.nio.ByteBuffer;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Records gathered for one partition and appended together as one record batch ({@link RecordDescriptor}): one
 * Chronicle document, one header and one checksum for them all, as Kafka's producer batches. Records become
 * visible to consumers, and take their offsets, when {@link #commit()} appends the batch; a batch that is never
 * committed is lost, as a record never appended is. A process killed during {@code commit} leaves the whole batch
 * or none of it.
 * <p>
 * Not thread-safe: one thread fills and commits a batch. Several batches (and {@link Producer#append}) may write
 * one partition from several threads; each batch's records stay together and in order. Allocates nothing after
 * construction: the records are encoded into an off-heap buffer of fixed capacity.
 */
public final class ProducerBatch
{
    private final PartitionLog partition;
    private final UnsafeBuffer records;
    private int length;
    private int count;
    private long baseTimestampNs;
    private long previousTimestampNs;
    private long maxTimestampNs;

    ProducerBatch(final PartitionLog partition, final int capacityBytes)
    {
        final int limit = partition.config().maxRecordBytes() - RecordDescriptor.MAX_BATCH_HEADER_LENGTH;
        if (capacityBytes < RecordDescriptor.MAX_RECORD_HEADER_LENGTH || capacityBytes > limit)
        {
            throw new IllegalArgumentException("batch capacity must be " + RecordDescriptor.MAX_RECORD_HEADER_LENGTH +
                ".." + limit + " bytes (the topic's max record bytes less a batch header): " + capacityBytes +
                " (topic " + partition.topic() + ", partition " + partition.partition() + ")");
        }
        this.partition = partition;
        this.records = new UnsafeBuffer(ByteBuffer.allocateDirect(capacityBytes));
    }

    /**
     * Add a record to the batch, if it fits.
     *
     * @param timestampNs record timestamp in epoch nanoseconds.
     * @param key         buffer holding the key.
     * @param keyOffset   first key byte.
     * @param keyLength   key length, may be 0.
     * @param value       buffer holding the value.
     * @param valueOffset first value byte.
     * @param valueLength value length.
     * @return true if added; false if the batch is full (commit it and add the record again).
     * @throws RecordTooLargeException if the record could never fit in the topic, whatever the batch.
     */
    public boolean add(final long timestampNs, final DirectBuffer key, final int keyOffset, final int keyLength,
        final DirectBuffer value, final int valueOffset, final int valueLength)
    {
        partition.checkRecord(key, keyOffset, keyLength, value, valueOffset, valueLength);
        final long zigZag = RecordDescriptor.zigZag(count == 0 ? 0 : timestampNs - previousTimestampNs);
        final int headerLength = RecordDescriptor.recordHeaderLength(keyLength, valueLength, zigZag);
        final int recordLength = headerLength + keyLength + valueLength;
        if (recordLength > records.capacity() - length || count == RecordDescriptor.MAX_RECORD_COUNT)
        {
            if (count == 0)
            {
                throw new RecordTooLargeException(partition.topic(), partition.partition(),
                    (long)recordLength + RecordDescriptor.MAX_BATCH_HEADER_LENGTH,
                    records.capacity() + RecordDescriptor.MAX_BATCH_HEADER_LENGTH);
            }
            return false;
        }
        final int keyAt = RecordDescriptor.putRecordHeader(records, length, keyLength, valueLength, zigZag);
        if (keyLength > 0)
        {
            records.putBytes(keyAt, key, keyOffset, keyLength);
        }
        if (valueLength > 0)
        {
            records.putBytes(keyAt + keyLength, value, valueOffset, valueLength);
        }
        length += recordLength;
        if (count == 0)
        {
            baseTimestampNs = timestampNs;
            maxTimestampNs = timestampNs;
        }
        else if (timestampNs > maxTimestampNs)
        {
            maxTimestampNs = timestampNs;
        }
        previousTimestampNs = timestampNs;
        count++;
        return true;
    }

    /**
     * Append the records added since the last commit as one batch, and empty this batch for reuse.
     *
     * @return the offset of the batch's first record (the others follow densely), or -1 if the batch was empty.
     */
    public long commit()
    {
        if (count == 0)
        {
            return -1;
        }
        final long offset = partition.appendBatch(records, length, count, baseTimestampNs, maxTimestampNs);
        length = 0;
        count = 0;
        return offset;
    }

    /**
     * @return records added and not yet committed.
     */
    public int size()
    {
        return count;
    }

    /**
     * @return bytes the added records take in the batch, their headers included.
     */
    public int bytes()
    {
        return length;
    }

    /**
     * @return the partition this batch writes.
     */
    public int partition()
    {
        return partition.partition();
    }
}
