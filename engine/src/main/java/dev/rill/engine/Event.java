package dev.rill.engine;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A preallocated, mutable event: one ring slot, or a stage's scratch event. Holds an event time, a long key, four
 * long fields, two double fields, a bounded byte area of {@link #BYTES_CAPACITY} bytes, the source metadata of
 * the record it came from (for error messages), and a {@link EventKind}.
 * <p>
 * Nothing here allocates: the byte area is an {@link UnsafeBuffer} over an array made with the event. An event is
 * valid only inside the call that received it; copy the fields you keep. Not thread-safe: a slot has one writer,
 * then (after the ring's publish) one reader at a time.
 */
public final class Event
{
    /** Capacity of the byte area in bytes. */
    public static final int BYTES_CAPACITY = 64;

    /** Source name of a cleared event. */
    private static final String NO_SOURCE = "";

    private final UnsafeBuffer bytes = new UnsafeBuffer(new byte[BYTES_CAPACITY]);

    private EventKind kind = EventKind.DATA;
    private long eventTimeNs;
    private long key;
    private long long0;
    private long long1;
    private long long2;
    private long long3;
    private double double0;
    private double double1;
    private int bytesLength;
    private String sourceName = NO_SOURCE;
    private int sourcePartition;
    private long sourceOffset;

    /**
     * Copy every field, the used part of the byte area and the source metadata of {@code other}.
     *
     * @param other the event to copy.
     * @return this.
     */
    public Event copyFrom(final Event other)
    {
        // Reference fields are stored only when they change: ring slots live long (old generation), and a reference
        // store there takes G1's post-write barrier; the source name and kind rarely change from slot to slot.
        if (kind != other.kind)
        {
            kind = other.kind;
        }
        eventTimeNs = other.eventTimeNs;
        key = other.key;
        long0 = other.long0;
        long1 = other.long1;
        long2 = other.long2;
        long3 = other.long3;
        double0 = other.double0;
        double1 = other.double1;
        bytesLength = other.bytesLength;
        if (bytesLength > 0)
        {
            bytes.putBytes(0, other.bytes, 0, bytesLength);
        }
        if (sourceName != other.sourceName)
        {
            sourceName = other.sourceName;
        }
        sourcePartition = other.sourcePartition;
        sourceOffset = other.sourceOffset;
        return this;
    }

    /**
     * Reset to an empty DATA event with no source.
     *
     * @return this.
     */
    public Event clear()
    {
        clearValues();
        if (sourceName != NO_SOURCE)
        {
            sourceName = NO_SOURCE;
        }
        sourcePartition = 0;
        sourceOffset = 0;
        return this;
    }

    /**
     * Reset to an empty DATA event from the given source: {@link #clear()} and {@link #source} in one, storing the
     * source name only if it changes. A source calls this per record: a reference store into a long-lived event
     * takes G1's post-write barrier, and clearing the name only to set it again would take it twice per record.
     *
     * @param name      source name, a constant string.
     * @param partition source partition.
     * @param offset    source offset.
     * @return this.
     */
    public Event clear(final String name, final int partition, final long offset)
    {
        return clearValues().source(name, partition, offset);
    }

    /**
     * A DATA event holding these values and source, every other value 0: {@link #clearValues()}, the setters and
     * {@link #source} in one, each field stored once (a source filling a ring slot per record: stores of zeros later
     * overwritten are not always removed by the JIT, and each takes a place in the core's store buffer).
     *
     * @param eventTimeNs event time.
     * @param key         key.
     * @param long0       long0.
     * @param long1       long1.
     * @param name        source name, a constant (stored only when it changes).
     * @param partition   source partition.
     * @param offset      source offset.
     * @return this.
     */
    Event setData(final long eventTimeNs, final long key, final long long0, final long long1, final String name,
        final int partition, final long offset)
    {
        if (kind != EventKind.DATA)
        {
            kind = EventKind.DATA;
        }
        this.eventTimeNs = eventTimeNs;
        this.key = key;
        this.long0 = long0;
        this.long1 = long1;
        long2 = 0;
        long3 = 0;
        double0 = 0;
        double1 = 0;
        bytesLength = 0;
        return source(name, partition, offset);
    }

    /**
     * {@link #clear()} without the source metadata, for a caller that sets it next with {@link #source}: saves
     * storing the source name twice per event.
     */
    Event clearValues()
    {
        if (kind != EventKind.DATA)
        {
            kind = EventKind.DATA;
        }
        eventTimeNs = 0;
        key = 0;
        long0 = 0;
        long1 = 0;
        long2 = 0;
        long3 = 0;
        double0 = 0;
        double1 = 0;
        bytesLength = 0;
        return this;
    }

    /**
     * @return what this slot carries.
     */
    public EventKind kind()
    {
        return kind;
    }

    /**
     * @param kind what this slot carries.
     * @return this.
     */
    public Event kind(final EventKind kind)
    {
        this.kind = kind;
        return this;
    }

    /**
     * @return event time, nanoseconds (epoch nanoseconds for log records).
     */
    public long eventTimeNs()
    {
        return eventTimeNs;
    }

    /**
     * @param eventTimeNs event time, nanoseconds.
     * @return this.
     */
    public Event eventTimeNs(final long eventTimeNs)
    {
        this.eventTimeNs = eventTimeNs;
        return this;
    }

    /**
     * @return the key: shards are chosen from it by {@link KeyHash#shardFor(long, int)}.
     */
    public long key()
    {
        return key;
    }

    /**
     * @param key the key.
     * @return this.
     */
    public Event key(final long key)
    {
        this.key = key;
        return this;
    }

    /**
     * @return long field 0.
     */
    public long long0()
    {
        return long0;
    }

    /**
     * @param value long field 0.
     * @return this.
     */
    public Event long0(final long value)
    {
        this.long0 = value;
        return this;
    }

    /**
     * @return long field 1.
     */
    public long long1()
    {
        return long1;
    }

    /**
     * @param value long field 1.
     * @return this.
     */
    public Event long1(final long value)
    {
        this.long1 = value;
        return this;
    }

    /**
     * @return long field 2.
     */
    public long long2()
    {
        return long2;
    }

    /**
     * @param value long field 2.
     * @return this.
     */
    public Event long2(final long value)
    {
        this.long2 = value;
        return this;
    }

    /**
     * @return long field 3.
     */
    public long long3()
    {
        return long3;
    }

    /**
     * @param value long field 3.
     * @return this.
     */
    public Event long3(final long value)
    {
        this.long3 = value;
        return this;
    }

    /**
     * @return double field 0.
     */
    public double double0()
    {
        return double0;
    }

    /**
     * @param value double field 0.
     * @return this.
     */
    public Event double0(final double value)
    {
        this.double0 = value;
        return this;
    }

    /**
     * @return double field 1.
     */
    public double double1()
    {
        return double1;
    }

    /**
     * @param value double field 1.
     * @return this.
     */
    public Event double1(final double value)
    {
        this.double1 = value;
        return this;
    }

    /**
     * @return the byte area, {@link #BYTES_CAPACITY} bytes; the first {@link #bytesLength()} are in use. Write
     * through it and then set the length, or use {@link #putBytes(DirectBuffer, int, int)}.
     */
    public MutableDirectBuffer bytes()
    {
        return bytes;
    }

    /**
     * @return bytes in use in the byte area.
     */
    public int bytesLength()
    {
        return bytesLength;
    }

    /**
     * @param length bytes in use in the byte area, 0 to {@link #BYTES_CAPACITY}.
     * @return this.
     * @throws IllegalArgumentException if out of range.
     */
    public Event bytesLength(final int length)
    {
        if (length < 0 || length > BYTES_CAPACITY)
        {
            throw new IllegalArgumentException("bytes length " + length + " out of range 0.." + BYTES_CAPACITY);
        }
        this.bytesLength = length;
        return this;
    }

    /**
     * Copy bytes into the byte area and set its length.
     *
     * @param src    source buffer.
     * @param offset first byte in {@code src}.
     * @param length bytes to copy, at most {@link #BYTES_CAPACITY}.
     * @return this.
     * @throws IllegalArgumentException if {@code length} is over the capacity.
     */
    public Event putBytes(final DirectBuffer src, final int offset, final int length)
    {
        bytesLength(length);
        bytes.putBytes(0, src, offset, length);
        return this;
    }

    /**
     * @return name of the source the record came from: a topic name, or a source name such as
     * {@code generator}.
     */
    public String sourceName()
    {
        return sourceName;
    }

    /**
     * @return source partition of the record.
     */
    public int sourcePartition()
    {
        return sourcePartition;
    }

    /**
     * @return source offset of the record (log offset, or index for generated events).
     */
    public long sourceOffset()
    {
        return sourceOffset;
    }

    /**
     * Set where the record came from. Sources call this; {@code name} should be a constant string so that no
     * string is made per record.
     *
     * @param name      source name.
     * @param partition source partition.
     * @param offset    source offset.
     * @return this.
     */
    public Event source(final String name, final int partition, final long offset)
    {
        if (sourceName != name)
        {
            sourceName = name;
        }
        this.sourcePartition = partition;
        this.sourceOffset = offset;
        return this;
    }

    @Override
    public String toString()
    {
        return "Event{kind=" + kind + ", eventTimeNs=" + eventTimeNs + ", key=" + key + ", long0=" + long0 +
            ", long1=" + long1 + ", long2=" + long2 + ", long3=" + long3 + ", double0=" + double0 +
            ", double1=" + double1 + ", bytesLength=" + bytesLength + ", source=" + sourceName + '/' +
            sourcePartition + '@' + sourceOffset + '}';
    }
}
