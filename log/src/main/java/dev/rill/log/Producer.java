package dev.rill.log;

import org.agrona.DirectBuffer;

/**
 * Appends records to a topic. Thread-safe: several threads may append at once; order is kept per thread per
 * partition. The {@code DirectBuffer} methods allocate nothing; the {@code byte[]} convenience methods allocate the
 * returned {@link AppendResult}.
 */
public final class Producer
{
    /** Default capacity of a {@link #batch(int)}, in bytes. */
    public static final int DEFAULT_BATCH_BYTES = 64 * 1024;

    private final Topic topic;
    private final PartitionLog[] partitions;
    private final LogClock clock;

    Producer(final Topic topic, final PartitionLog[] partitions, final LogClock clock)
    {
        this.topic = topic;
        this.partitions = partitions;
        this.clock = clock;
    }

    /**
     * @return the topic this producer writes.
     */
    public Topic topic()
    {
        return topic;
    }

    /**
     * Kafka's default partitioner: murmur2 of the key. An empty key goes to partition 0; pick a partition
     * explicitly to spread keyless records.
     *
     * @param key key bytes.
     * @return the partition for the key.
     */
    public int partitionFor(final byte[] key)
    {
        return key.length == 0 ? 0 : Murmur2Partitioner.partition(key, partitions.length);
    }

    /**
     * Append with the partition picked from the key and the timestamp taken from the clock.
     *
     * @param key   key bytes, may be empty.
     * @param value value bytes.
     * @return partition and offset.
     */
    public AppendResult send(final byte[] key, final byte[] value)
    {
        final int partition = partitionFor(key);
        return new AppendResult(partition, partition(partition).append(clock.epochNanos(), key, value));
    }

    /**
     * Append to an explicit partition.
     *
     * @param partition   partition number.
     * @param timestampNs record timestamp in epoch nanoseconds.
     * @param key         key bytes, may be empty.
     * @param value       value bytes.
     * @return the record's offset.
     */
    public long append(final int partition, final long timestampNs, final byte[] key, final byte[] value)
    {
        return partition(partition).append(timestampNs, key, value);
    }

    /**
     * Append to an explicit partition without allocating.
     *
     * @param partition   partition number.
     * @param timestampNs record timestamp in epoch nanoseconds.
     * @param key         buffer holding the key.
     * @param keyOffset   first key byte.
     * @param keyLength   key length, may be 0.
     * @param value       buffer holding the value.
     * @param valueOffset first value byte.
     * @param valueLength value length.
     * @return the record's offset.
     */
    public long append(
        final int partition, final long timestampNs,
        final DirectBuffer key, final int keyOffset, final int keyLength,
        final DirectBuffer value, final int valueOffset, final int valueLength)
    {
        return partition(partition).append(timestampNs, key, keyOffset, keyLength, value, valueOffset, valueLength);
    }

    /**
     * A batch for one partition with the default capacity: {@value #DEFAULT_BATCH_BYTES} bytes, or less if the
     * topic's max record size is smaller.
     *
     * @param partition partition number.
     * @return a new batch, to fill with {@link ProducerBatch#add} and append with {@link ProducerBatch#commit()}.
     */
    public ProducerBatch batch(final int partition)
    {
        final PartitionLog log = partition(partition);
        return new ProducerBatch(log, Math.min(DEFAULT_BATCH_BYTES,
            log.config().maxRecordBytes() - RecordDescriptor.MAX_BATCH_HEADER_LENGTH));
    }

    /**
     * A batch for one partition.
     *
     * @param partition     partition number.
     * @param capacityBytes most bytes the batch's records take, headers included; at most the topic's max record
     *                      bytes less {@value RecordDescriptor#MAX_BATCH_HEADER_LENGTH}.
     * @return a new batch, to fill with {@link ProducerBatch#add} and append with {@link ProducerBatch#commit()}.
     */
    public ProducerBatch batch(final int partition, final int capacityBytes)
    {
        return new ProducerBatch(partition(partition), capacityBytes);
    }

    /**
     * For a producer's thread with nothing to append for a moment (a latency-sensitive one spinning until its next
     * record): touches the first page of the partition's queue file past the last record written, once per page, so
     * that the append that reaches that page does not take its page fault. One page fault at most (about one per 4
     * KiB appended), on this thread, now rather than in an append; nothing when that page is touched already or
     * another thread holds the partition's write lock. Allocation-free.
     *
     * @param partition partition number.
     * @return true if a page was touched.
     */
    public boolean touchAhead(final int partition)
    {
        return partition(partition).touchAhead();
    }

    /**
     * @return the clock's time in epoch nanoseconds, as used for records without a timestamp.
     */
    public long nowNs()
    {
        return clock.epochNanos();
    }

    private PartitionLog partition(final int partition)
    {
        if (partition < 0 || partition >= partitions.length)
        {
            throw new IllegalArgumentException("no such partition: topic=" + topic.name() + ", partition=" +
                partition + ", partitions=" + partitions.length);
        }
        return partitions[partition];
    }
}
