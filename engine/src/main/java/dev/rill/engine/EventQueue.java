package dev.rill.engine;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Prepared input for tests and examples ({@link Pipeline#queueStream(EventQueue)}, Spark's {@code queueStream}):
 * records added from any thread, per source partition, with their event times; {@link #end()} makes the stream
 * bounded, so the pipeline ends once everything added has been read. Each record gets the queue's name as its
 * source and the next offset of its partition. Adding allocates (a copy per record): not for hot paths.
 */
public final class EventQueue
{
    private final String name;
    private final int partitions;
    private final long[] nextOffset;
    private final ConcurrentLinkedQueue<Event> queue = new ConcurrentLinkedQueue<>();
    private volatile boolean ended;

    /**
     * @param name       source name written into the records.
     * @param partitions source partitions, numbered 0 to partitions - 1, at least 1.
     */
    public EventQueue(final String name, final int partitions)
    {
        if (partitions < 1)
        {
            throw new IllegalArgumentException("partitions must be >= 1: " + partitions);
        }
        this.name = name;
        this.partitions = partitions;
        this.nextOffset = new long[partitions];
    }

    /**
     * Add a record with a key and a value ({@code long0}).
     *
     * @param partition   source partition.
     * @param eventTimeMs event time, milliseconds.
     * @param key         the key.
     * @param value       {@code long0}.
     * @return this.
     */
    public EventQueue add(final int partition, final long eventTimeMs, final long key, final long value)
    {
        return add(partition, new Event().eventTimeNs(eventTimeMs * 1_000_000L).key(key).long0(value));
    }

    /**
     * Add a copy of a prepared event (every field but the source, which the queue sets).
     *
     * @param partition source partition.
     * @param event     the record.
     * @return this.
     */
    public synchronized EventQueue add(final int partition, final Event event)
    {
        if (partition < 0 || partition >= partitions)
        {
            throw new IllegalArgumentException("no such partition: queue=" + name + ", partition=" + partition +
                ", partitions=" + partitions);
        }
        if (ended)
        {
            throw new IllegalStateException("queue " + name + " has ended");
        }
        queue.add(new Event().copyFrom(event).kind(EventKind.DATA).source(name, partition, nextOffset[partition]++));
        return this;
    }

    /**
     * No more records: the stream ends after those already added.
     */
    public synchronized void end()
    {
        ended = true;
    }

    /**
     * @return source name.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return number of partitions.
     */
    public int partitions()
    {
        return partitions;
    }

    Event poll()
    {
        return queue.poll();
    }

    boolean isExhausted()
    {
        return ended && queue.isEmpty();
    }
}
