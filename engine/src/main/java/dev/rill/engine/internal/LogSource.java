package dev.rill.engine.internal;

import java.util.Arrays;

import dev.rill.engine.Event;
import dev.rill.engine.LogSourceOptions;
import dev.rill.engine.PipelineException;
import dev.rill.log.Consumer;
import dev.rill.log.ConsumerOptions;
import dev.rill.log.RecordHandler;
import dev.rill.log.RecordView;
import dev.rill.log.RillLog;
import dev.rill.log.Topic;

/**
 * Source over a log topic: one consumer over the chosen partitions, records decoded in place into a scratch
 * event. Per-partition order is kept. Bounded (ends when every partition is at its end) or following.
 */
public final class LogSource implements SourceReader, RecordHandler
{
    private final String name;
    private final RillLog log;
    private final LogSourceOptions options;
    private final Event event = new Event();
    private Topic topic;
    private Consumer consumer;
    private String topicName;
    private EventSink into;

    /**
     * @param name    operator name.
     * @param log     the log holding the topic.
     * @param options topic, start, partitions, follow, decoder.
     */
    public LogSource(final String name, final RillLog log, final LogSourceOptions options)
    {
        this.name = name;
        this.log = log;
        this.options = options;
    }

    @Override
    public void open()
    {
        topic = log.topic(options.topic());
        final int[] partitions = options.partitions();
        if (partitions != null)
        {
            for (final int partition : partitions)
            {
                if (partition < 0 || partition >= topic.partitionCount())
                {
                    throw new IllegalArgumentException("no such partition: topic=" + topic.name() + ", partition=" +
                        partition + ", partitions=" + topic.partitionCount());
                }
            }
        }
        topicName = topic.name();
    }

    @Override
    public void onStart()
    {
        // Chronicle tailers check that one thread uses them: make the consumer on the thread that polls it.
        ConsumerOptions consumerOptions = ConsumerOptions.from(options.start());
        final int[] partitions = options.partitions();
        if (partitions != null)
        {
            consumerOptions = consumerOptions.withPartitions(partitions);
        }
        consumer = topic.consumer(consumerOptions);
    }

    @Override
    public int poll(final EventSink into, final int max)
    {
        this.into = into;
        return consumer.poll(this, max);
    }

    @Override
    public void onRecord(final RecordView record)
    {
        event.clear()
            .eventTimeNs(record.timestampNs())
            .source(topicName, record.partition(), record.offset());
        try
        {
            options.decoder().decode(record, event);
        }
        catch (final RuntimeException ex)
        {
            throw new PipelineException(name, topicName, record.partition(), record.offset(),
                "cannot decode record: " + ex, ex);
        }
        into.onEvent(event);
    }

    @Override
    public int[] partitions()
    {
        final int[] chosen = options.partitions();
        if (chosen != null)
        {
            return chosen.clone();
        }
        final int[] all = new int[topic.partitionCount()];
        for (int i = 0; i < all.length; i++)
        {
            all[i] = i;
        }
        return all;
    }

    @Override
    public boolean isExhausted()
    {
        return !options.isFollow() && consumer.isAtEnd();
    }

    @Override
    public void close()
    {
        if (consumer != null)
        {
            consumer.close();
            consumer = null;
        }
    }

    @Override
    public String describe()
    {
        final int[] partitions = options.partitions();
        return "source " + name + " (topic " + options.topic() + ", partitions " +
            (partitions == null ? "all" : Arrays.toString(partitions)) + ", from " + options.start() + ", " +
            (options.isFollow() ? "follow" : "stop at end") + ")";
    }
}
