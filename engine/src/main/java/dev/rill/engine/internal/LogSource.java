package dev.rill.engine.internal;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

import com.lmax.disruptor.RingBuffer;

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
 * event, or straight into ring slots ({@link SlotRunSource}). Per-partition order is kept. Bounded (ends when every
 * partition is at its end) or following.
 * <p>
 * Metrics: {@code lag[p]}, records between the consumer's position and partition p's end, measured on the stage's
 * thread after a short read (caught up, or nearly) and every {@value #LAG_EVERY_POLLS} polls otherwise, published
 * with ordered writes.
 */
public final class LogSource implements SourceReader, SlotRunSource, RecordHandler, Metered,
    dev.rill.engine.internal.checkpoint.StateParticipant
{
    /**
     * Checkpoint section: {@code int count | (int partition, long next offset) * count | int turn partition | int
     * records left in its turn}. Restored positions are sought on the stage thread after the consumer is made; the
     * turn makes the restored consumer interleave the partitions as the checkpointed one would have (a section
     * without it, from before it was written, restores positions only).
     */
    @Override
    public String stateName()
    {
        return "source";
    }

    @Override
    public String shape()
    {
        return "log:" + options.topic();
    }

    @Override
    public int writeState(final org.agrona.ExpandableArrayBuffer out, final int offset)
    {
        final int[] chosen = consumer.partitions();
        out.putInt(offset, chosen.length);
        int at = offset + 4;
        for (final int partition : chosen)
        {
            out.putInt(at, partition);
            out.putLong(at + 4, consumer.position(partition));
            at += 12;
        }
        out.putInt(at, consumer.turnPartition());
        out.putInt(at + 4, consumer.turnRemaining());
        return at + 8;
    }

    @Override
    public void readState(final org.agrona.DirectBuffer in, final int offset, final int length)
    {
        final int count = in.getInt(offset);
        for (int i = 0; i < count; i++)
        {
            consumer.seek(in.getInt(offset + 4 + i * 12), in.getLong(offset + 8 + i * 12));
        }
        final int turnAt = offset + 4 + count * 12;
        if (length >= turnAt + 8 - offset)
        {
            consumer.resumeTurn(in.getInt(turnAt), in.getInt(turnAt + 4));
        }
    }

    private static final int LAG_EVERY_POLLS = 64;

    private final String name;
    private final RillLog log;
    private final LogSourceOptions options;
    private final Event event = new Event();
    private final RecordsIntoSlots intoSlots = new RecordsIntoSlots();
    private Topic topic;
    private Consumer consumer;
    private String topicName;
    private EventSink into;
    private volatile int[] lagPartitions = new int[0];
    private volatile AtomicLongArray lags = new AtomicLongArray(0);
    private int pollsSinceLag;

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
        if (options.start().kind() == dev.rill.log.StartPosition.Kind.OFFSET)
        {
            checkStartOffset(options.start().value());
        }
    }

    /**
     * Refuses, on the thread that starts the pipeline, a start offset that no partition read can start at: the
     * consumer (made later, on the stage thread) would fail the pipeline with the same facts, less plainly.
     */
    private void checkStartOffset(final long offset)
    {
        for (final int partition : partitions())
        {
            final long next = topic.nextOffset(partition);
            final long earliest = topic.earliestOffset(partition);
            if (offset > next)
            {
                throw new IllegalArgumentException("start offset past the end of the log: topic=" + topicName +
                    ", partition=" + partition + ", offset=" + offset + ", end=" + next + " (the next offset to be " +
                    "written; the partition holds " + range(earliest, next) + ")");
            }
            if (offset < earliest)
            {
                throw new IllegalArgumentException("start offset before the earliest kept: topic=" + topicName +
                    ", partition=" + partition + ", offset=" + offset + ", earliest=" + earliest + ", end=" + next);
            }
        }
    }

    private static String range(final long earliest, final long next)
    {
        return next == earliest ? "no records" : "offsets " + earliest + ".." + (next - 1);
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
        final int[] read = partitions();
        final AtomicLongArray initial = new AtomicLongArray(read.length);
        lagPartitions = read;
        lags = initial;
        updateLag();
    }

    private void updateLag()
    {
        pollsSinceLag = 0;
        final int[] read = lagPartitions;
        final AtomicLongArray out = lags;
        for (int i = 0; i < read.length; i++)
        {
            out.lazySet(i, consumer.lag(read[i]));
        }
    }

    @Override
    public int poll(final EventSink into, final int max)
    {
        this.into = into;
        final int read = consumer.poll(this, max);
        afterPoll(read, max);
        return read;
    }

    private void afterPoll(final int read, final int max)
    {
        if (read < max || ++pollsSinceLag >= LAG_EVERY_POLLS)
        {
            updateLag();
        }
    }

    @Override
    public void onRecord(final RecordView record)
    {
        into.onEvent(decode(record, event));
    }

    private Event decode(final RecordView record, final Event target)
    {
        target.clear(topicName, record.partition(), record.offset())
            .eventTimeNs(record.timestampNs());
        try
        {
            options.decoder().decode(record, target);
        }
        catch (final RuntimeException ex)
        {
            throw new PipelineException(name, topicName, record.partition(), record.offset(),
                "cannot decode record: " + ex, ex);
        }
        return target;
    }

    @Override
    public int pollIntoSlots(final RingBuffer<Event> ring, final long firstSequence, final int count,
        final EventTimeSink times, final FilledSlotSink filled)
    {
        intoSlots.ring = ring;
        intoSlots.nextSequence = firstSequence;
        intoSlots.times = times;
        intoSlots.filled = filled;
        final int read = consumer.poll(intoSlots, count);
        afterPoll(read, count);
        return read;
    }

    /** Decodes each record straight into the next slot of a claimed run. */
    private final class RecordsIntoSlots implements RecordHandler
    {
        private RingBuffer<Event> ring;
        private long nextSequence;
        private EventTimeSink times;
        private FilledSlotSink filled;

        @Override
        public void onRecord(final RecordView record)
        {
            final Event slot = decode(record, ring.get(nextSequence++));
            if (times != null)
            {
                times.onEventTime(slot.sourcePartition(), slot.eventTimeNs());
            }
            if (filled != null)
            {
                filled.onFilled(slot);
            }
        }
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
    public String metricsName()
    {
        return name;
    }

    @Override
    public Map<String, Long> counters()
    {
        final Map<String, Long> counters = new LinkedHashMap<>();
        final int[] read = lagPartitions;
        final AtomicLongArray values = lags;
        for (int i = 0; i < read.length && i < values.length(); i++)
        {
            counters.put("lag[" + read[i] + "]", values.get(i));
        }
        return counters;
    }

    @Override
    public String status()
    {
        return "topic " + options.topic();
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
