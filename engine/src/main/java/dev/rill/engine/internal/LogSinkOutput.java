package dev.rill.engine.internal;

import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;

import dev.rill.engine.Event;
import dev.rill.engine.KeyHash;
import dev.rill.log.Producer;
import dev.rill.log.Topic;

/**
 * The log-topic sink: appends each event as a record, allocation-free. Key = the event key as 8 little-endian
 * bytes; value = the event's byte area; timestamp = the event time; partition = {@link KeyHash#shardFor(long, int)}
 * of the key over the topic's partitions. The inverse of {@code RecordDecoder.RAW}. The log's producer is
 * thread-safe, so shards of one stage may share a topic.
 */
public final class LogSinkOutput implements Output
{
    private final String name;
    private final Topic topic;
    private final UnsafeBuffer keyBuffer = new UnsafeBuffer(new byte[Long.BYTES]);
    private Producer producer;

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
    }

    @Override
    public void onEvent(final Event event)
    {
        keyBuffer.putLong(0, event.key(), ByteOrder.LITTLE_ENDIAN);
        try
        {
            producer.append(KeyHash.shardFor(event.key(), topic.partitionCount()), event.eventTimeNs(),
                keyBuffer, 0, Long.BYTES, event.bytes(), 0, event.bytesLength());
        }
        catch (final RuntimeException ex)
        {
            throw Failures.userFunction(name, event, ex);
        }
    }

    @Override
    public void onWatermark(final long watermarkNs)
    {
        // a per-record sink does not wait for time
    }

    @Override
    public void onBatchEnd(final long batchTimeMs)
    {
        // a per-record sink has nothing to do at the end of a batch
    }

    @Override
    public void onEndOfStream()
    {
        // appends are visible to readers when append returns: nothing buffered here
    }

    @Override
    public int inputsAvailable(final int reserve)
    {
        return Integer.MAX_VALUE;
    }

    @Override
    public boolean canEnd()
    {
        return true;
    }

    @Override
    public void beginInput()
    {
        // no ring: fan-out is unbounded here
    }

    @Override
    public String describe()
    {
        return "sink " + name + " -> topic " + topic.name() + " (" + topic.partitionCount() + " partitions)";
    }
}
