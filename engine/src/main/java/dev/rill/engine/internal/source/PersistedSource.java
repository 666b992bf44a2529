package dev.rill.engine.internal.source;

import java.nio.ByteOrder;
import java.util.Map;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.UnsafeBuffer;

import dev.rill.engine.Event;
import dev.rill.engine.LogSourceOptions;
import dev.rill.engine.internal.EventSink;
import dev.rill.engine.internal.LogSource;
import dev.rill.engine.internal.Metered;
import dev.rill.engine.internal.SourceReader;
import dev.rill.engine.internal.checkpoint.StateParticipant;
import dev.rill.log.Producer;
import dev.rill.log.RillLog;
import dev.rill.log.Topic;

/**
 * {@code persistTo(log, topic)} (Spark's receiver write-ahead log, the Rill way): a source that cannot replay (a
 * socket) is first written into a log topic, and the stream reads that topic. Each duty cycle moves what the
 * receiver holds into partition 0 of the topic (key = the receiver's line number as 8 little-endian bytes, value =
 * the line, timestamp = the clock in ns when it was persisted), then reads the topic as a following
 * {@link LogSource}. The log source's positions are this stage's checkpoint state, so after a crash the stream
 * resumes at the checkpointed offset and replays every line persisted since; only what the receiver had not yet
 * written to the topic when the process died is lost (its socket buffer and handoff ring). Stage thread only.
 */
public final class PersistedSource implements SourceReader, StateParticipant, Metered
{
    private final SourceReader receiver;
    private final LogSource topicSource;
    private final RillLog log;
    private final String topicName;
    private final EpochClock clock;
    private final UnsafeBuffer keyBuffer = new UnsafeBuffer(new byte[Long.BYTES]);
    private final EventSink append;
    private Producer producer;
    private long persisted;

    /**
     * @param name      operator name of the topic reader.
     * @param receiver  the non-replayable source (its events' byte areas are persisted, key = event key).
     * @param log       the log.
     * @param topicName the topic (created with 1 partition if missing).
     * @param clock     timestamps of persisted records.
     */
    public PersistedSource(final String name, final SourceReader receiver, final RillLog log, final String topicName,
        final EpochClock clock)
    {
        this.receiver = receiver;
        this.log = log;
        this.topicName = topicName;
        this.clock = clock;
        this.topicSource = new LogSource(name, log, LogSourceOptions.topic(topicName).follow(true));
        this.append = new EventSink()
        {
            @Override
            public void onEvent(final Event event)
            {
                keyBuffer.putLong(0, event.key(), ByteOrder.LITTLE_ENDIAN);
                producer.append(0, clock.time() * 1_000_000L, keyBuffer, 0, Long.BYTES, event.bytes(), 0,
                    event.bytesLength());
                persisted++;
            }

            @Override
            public void onWatermark(final long watermarkNs)
            {
                // persisted records carry their own time
            }

            @Override
            public void onBatchEnd(final long batchTimeMs)
            {
                // no batches here
            }

            @Override
            public void onEndOfStream()
            {
                // the topic reader ends the stream
            }
        };
    }

    @Override
    public void open()
    {
        if (!log.hasTopic(topicName))
        {
            log.createTopic(topicName, dev.rill.log.TopicConfig.builder(1).build());
        }
        final Topic topic = log.topic(topicName);
        producer = topic.producer();
        receiver.open();
        topicSource.open();
    }

    @Override
    public void onStart()
    {
        receiver.onStart();
        topicSource.onStart();
    }

    @Override
    public int[] partitions()
    {
        return topicSource.partitions();
    }

    @Override
    public int poll(final EventSink into, final int max)
    {
        final int moved = receiver.poll(append, max);
        final int read = topicSource.poll(into, max);
        return read + (read == 0 ? moved : 0);
    }

    @Override
    public boolean isExhausted()
    {
        return receiver.isExhausted() && topicSource.isExhausted();
    }

    @Override
    public void close()
    {
        try
        {
            receiver.close();
        }
        finally
        {
            topicSource.close();
        }
    }

    @Override
    public String describe()
    {
        return receiver.describe() + ", persisted to topic " + topicName + " and read from it";
    }

    @Override
    public String stateName()
    {
        return topicSource.stateName();
    }

    @Override
    public String shape()
    {
        return "persisted:" + topicSource.shape();
    }

    @Override
    public int writeState(final ExpandableArrayBuffer out, final int offset)
    {
        return topicSource.writeState(out, offset);
    }

    @Override
    public void readState(final DirectBuffer in, final int offset, final int length)
    {
        topicSource.readState(in, offset, length);
    }

    @Override
    public String metricsName()
    {
        return topicSource.metricsName();
    }

    @Override
    public Map<String, Long> counters()
    {
        final Map<String, Long> counters = new java.util.LinkedHashMap<>(topicSource.counters());
        if (receiver instanceof Metered)
        {
            counters.putAll(((Metered)receiver).counters());
        }
        counters.put("persisted", persisted);
        return counters;
    }

    @Override
    public String status()
    {
        return topicSource.status();
    }
}
