package dev.rill.engine.internal;

import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;

import dev.rill.engine.Event;
import dev.rill.engine.KeyHash;
import dev.rill.log.Producer;
import dev.rill.log.ProducerBatch;
import dev.rill.log.Topic;

/**
 * The log-topic sink: appends each event as a record, allocation-free. Key = the event key as 8 little-endian
 * bytes; value = the event's byte area; timestamp = the event time; partition = {@link KeyHash#shardFor(long, int)}
 * of the key over the topic's partitions. The inverse of {@code RecordDecoder.RAW}. The log's producer is
 * thread-safe, so shards of one stage may share a topic.
 * <p>
 * Records go into one {@link ProducerBatch} per partition, committed (appended as one record batch) when it holds
 * {@value #RECORDS_PER_BATCH} records, at the start of the stage's next duty cycle (its first
 * {@link #inputsAvailable} call), before a checkpoint records the offsets written, and at the end of the stream.
 * So a record reaches the topic within one duty cycle of arriving; a stage that fails loses its uncommitted batches,
 * which a pipeline recovering from a checkpoint regenerates.
 * <p>
 * With checkpoints and none restored, nothing is committed until the run's first checkpoint is complete (a fresh
 * run takes it before its first record, {@code CheckpointCoordinator}): a run killed before then leaves no output
 * that a restart, which would start without a checkpoint and so without offsets to compare against, would write a
 * second time. Records wait in their batches meanwhile; a full batch, a later checkpoint or the end of the stream
 * waits for that first checkpoint, at most {@value #FIRST_CHECKPOINT_WAIT_MS} ms.
 */
public final class LogSinkOutput extends RecordSinkOutput implements dev.rill.engine.internal.checkpoint.StateParticipant
{
    private long[] nextOffsets;
    private long[] endOffsets;
    private dev.rill.log.Consumer[] readers;

    @Override
    public String stateName()
    {
        return "sink:" + name;
    }

    /**
     * @return the topic's partitions.
     */
    public int partitionCount()
    {
        return topic.partitionCount();
    }

    @Override
    public String shape()
    {
        return "topic:" + topic.name() + "/" + topic.partitionCount();
    }

    /**
     * Checkpoint section: {@code int partitions | long next offset written * partitions}.
     */
    @Override
    public int writeState(final org.agrona.ExpandableArrayBuffer out, final int offset)
    {
        commitAll();
        out.putInt(offset, nextOffsets.length);
        for (int p = 0; p < nextOffsets.length; p++)
        {
            out.putLong(offset + 4 + p * 8, nextOffsets[p]);
        }
        return offset + 4 + nextOffsets.length * 8;
    }

    /**
     * After recovery: records up to the topic's current end are compared with what the replay regenerates and
     * skipped, not written again.
     */
    @Override
    public void readState(final org.agrona.DirectBuffer in, final int offset, final int length)
    {
        final int count = in.getInt(offset);
        for (int p = 0; p < count; p++)
        {
            nextOffsets[p] = in.getLong(offset + 4 + p * 8);
        }
        readers = new dev.rill.log.Consumer[count];
    }

    private boolean skipIfWritten(final int partition, final long timestampNs, final Event event)
    {
        final long at = nextOffsets[partition];
        if (readers == null || at >= endOffsets[partition])
        {
            return false;
        }
        if (readers[partition] == null)
        {
            readers[partition] = topic.consumer(dev.rill.log.ConsumerOptions.from(
                dev.rill.log.StartPosition.offset(at)).withPartitions(partition));
        }
        final dev.rill.log.Consumer reader = readers[partition];
        // The replay compares record after record: the reader is already there unless this is the first of them.
        if (reader.position(partition) != at)
        {
            reader.seek(partition, at);
        }
        final boolean[] same = new boolean[1];
        final int read = reader.poll(record ->
        {
            final org.agrona.DirectBuffer b = record.buffer();
            boolean equal = record.keyLength() == Long.BYTES && record.valueLength() == event.bytesLength() &&
                record.timestampNs() == timestampNs &&
                b.getLong(record.keyOffset(), ByteOrder.LITTLE_ENDIAN) == event.key();
            for (int i = 0; equal && i < event.bytesLength(); i++)
            {
                equal = b.getByte(record.valueOffset() + i) == event.bytes().getByte(i);
            }
            same[0] = equal;
        }, 1);
        if (read != 1 || !same[0])
        {
            throw new IllegalStateException("exactly-once sink " + name + ": the replay regenerated a record that " +
                "differs from the one already in topic=" + topic.name() + ", partition=" + partition + ", offset=" + at +
                " (is the pipeline deterministic?)");
        }
        nextOffsets[partition] = at + 1;
        return true;
    }

    private final String name;
    private final Topic topic;
    /** Records per batch at most: small enough that a batch stays in cache while it is filled. */
    static final int RECORDS_PER_BATCH = 64;

    private final UnsafeBuffer keyBuffer = new UnsafeBuffer(new byte[Long.BYTES]);
    private Producer producer;
    private ProducerBatch[] batches;
    /** True while some batch holds records not yet committed. */
    private boolean isPending;
    /** Longest wait of the first commit for the run's first checkpoint. */
    static final long FIRST_CHECKPOINT_WAIT_MS = 30_000;
    /** Set when the run checkpoints and restored nothing: the newest complete checkpoint id of this run, 0 if none. */
    private java.util.function.LongSupplier firstCheckpoint;

    /**
     * @param name  operator name, for errors.
     * @param topic the topic written.
     */
    public LogSinkOutput(final String name, final Topic topic)
    {
        this.name = name;
        this.topic = topic;
    }

    /**
     * Take the topic's producer (its writer lock); called on the starting thread so that a topic written by
     * another process fails {@code start()}.
     */
    public void open()
    {
        producer = topic.producer();
        batches = new ProducerBatch[topic.partitionCount()];
        for (int p = 0; p < batches.length; p++)
        {
            batches[p] = producer.batch(p);
        }
        nextOffsets = new long[topic.partitionCount()];
        endOffsets = new long[topic.partitionCount()];
        for (int p = 0; p < nextOffsets.length; p++)
        {
            nextOffsets[p] = topic.nextOffset(p);
            endOffsets[p] = nextOffsets[p];
        }
    }

    @Override
    public void onEvent(final Event event)
    {
        keyBuffer.putLong(0, event.key(), ByteOrder.LITTLE_ENDIAN);
        try
        {
            final int partition = KeyHash.shardFor(event.key(), topic.partitionCount());
            if (skipIfWritten(partition, event.eventTimeNs(), event))
            {
                return;
            }
            final ProducerBatch batch = batches[partition];
            if (!batch.add(event.eventTimeNs(), keyBuffer, 0, Long.BYTES, event.bytes(), 0, event.bytesLength()))
            {
                commitAll();
                batch.add(event.eventTimeNs(), keyBuffer, 0, Long.BYTES, event.bytes(), 0, event.bytesLength());
            }
            isPending = true;
            if (batch.size() >= RECORDS_PER_BATCH && !isHolding())
            {
                commitAll();
            }
            nextOffsets[partition]++;
        }
        catch (final RuntimeException ex)
        {
            throw Failures.userFunction(name, event, ex);
        }
    }

    /**
     * The stage asks at the start of each duty cycle: the records of the last one are committed here.
     */
    @Override
    public int inputsAvailable(final int reserve)
    {
        if (isPending && !isHolding())
        {
            commitAll();
        }
        return Integer.MAX_VALUE;
    }

    @Override
    public void onEndOfStream()
    {
        commitAll();
    }

    /**
     * Hold every commit until a checkpoint of this run is complete (a fresh run with checkpoints).
     *
     * @param completedId the newest complete checkpoint id of this run, 0 while none.
     */
    public void holdUntilFirstCheckpoint(final java.util.function.LongSupplier completedId)
    {
        this.firstCheckpoint = completedId;
    }

    /**
     * @return true while commits wait for the run's first checkpoint.
     */
    private boolean isHolding()
    {
        if (firstCheckpoint == null)
        {
            return false;
        }
        if (firstCheckpoint.getAsLong() == 0)
        {
            return true;
        }
        firstCheckpoint = null;
        return false;
    }

    /**
     * Wait for the run's first checkpoint: it was taken before any record reached this sink, so it completes
     * whatever this stage does next.
     */
    private void awaitFirstCheckpoint()
    {
        final long deadline = System.nanoTime() + FIRST_CHECKPOINT_WAIT_MS * 1_000_000L;
        while (isHolding())
        {
            if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("sink " + name + ": the run's first checkpoint did not complete in " +
                    FIRST_CHECKPOINT_WAIT_MS + " ms; topic " + topic.name() + " gets no output before it does");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(50_000);
        }
    }

    /**
     * Commit every batch, first waiting for the run's first checkpoint if need be.
     */
    private void commitAll()
    {
        if (batches == null || !isPending)
        {
            return;
        }
        awaitFirstCheckpoint();
        try
        {
            for (final ProducerBatch batch : batches)
            {
                batch.commit();
            }
        }
        catch (final RuntimeException ex)
        {
            throw new IllegalStateException("sink " + name + " could not append to topic " + topic.name() + ": " +
                ex.getMessage(), ex);
        }
        isPending = false;
    }

    @Override
    public String describe()
    {
        return "sink " + name + " -> topic " + topic.name() + " (" + topic.partitionCount() + " partitions)";
    }
}
