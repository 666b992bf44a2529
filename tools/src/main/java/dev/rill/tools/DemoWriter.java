package dev.rill.tools;

import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.UnsafeBuffer;

import dev.rill.engine.Event;
import dev.rill.engine.ReferenceGenerator;
import dev.rill.log.Murmur2Partitioner;
import dev.rill.log.Producer;

/**
 * The demo's producer thread: appends the reference generator's trades 0 to N - 1 at a paced rate, in the layout
 * of {@code rill produce --binary} (key = symbol as an 8-byte little-endian long, value = price, qty and the
 * generator's event time as three little-endian longs), to the partition of the key (Kafka's murmur2, as
 * {@code rill produce}), stamped with {@link DemoClock} just before the append. Allocation-free per record.
 * {@link #written()} is published for other threads; the writer stops early when {@link #stop()} is called.
 */
final class DemoWriter implements Runnable
{
    private static final long PACE_EVERY = 256;
    private static final long PARK_ABOVE_NS = 100_000;

    private final Producer producer;
    private final DemoClock clock;
    private final long events;
    private final long ratePerSecond;
    private final int[] partitionOfSymbol;
    private final AtomicLong written = new AtomicLong();
    private volatile boolean isStopped;
    private volatile long elapsedNs;

    DemoWriter(final Producer producer, final DemoClock clock, final long events, final long ratePerSecond)
    {
        this.producer = producer;
        this.clock = clock;
        this.events = events;
        this.ratePerSecond = ratePerSecond;
        final int partitions = producer.topic().partitionCount();
        this.partitionOfSymbol = new int[ReferenceGenerator.DEFAULT_SYMBOLS];
        final byte[] key = new byte[Long.BYTES];
        final UnsafeBuffer keyBuffer = new UnsafeBuffer(key);
        for (int symbol = 0; symbol < partitionOfSymbol.length; symbol++)
        {
            keyBuffer.putLong(0, symbol, ByteOrder.LITTLE_ENDIAN);
            partitionOfSymbol[symbol] = Murmur2Partitioner.partition(key, partitions);
        }
    }

    @Override
    public void run()
    {
        final ReferenceGenerator generator = new ReferenceGenerator(ReferenceGenerator.DEFAULT_SYMBOLS);
        final Event event = new Event();
        final UnsafeBuffer key = new UnsafeBuffer(new byte[Long.BYTES]);
        final UnsafeBuffer value = new UnsafeBuffer(new byte[SyntheticRecord.BINARY_VALUE_BYTES]);
        final double nsPerEvent = 1e9 / ratePerSecond;
        final long startNs = System.nanoTime();
        for (long i = 0; i < events && !isStopped; i++)
        {
            if (i % PACE_EVERY == 0)
            {
                // open loop: event i is due at start + i / rate; ahead of schedule, wait; behind, go flat out
                final long aheadNs = startNs + (long)(i * nsPerEvent) - System.nanoTime();
                if (aheadNs > PARK_ABOVE_NS)
                {
                    LockSupport.parkNanos(aheadNs);
                }
            }
            generator.fill(i, event);
            key.putLong(0, event.key(), ByteOrder.LITTLE_ENDIAN);
            value.putLong(0, event.long0(), ByteOrder.LITTLE_ENDIAN);
            value.putLong(8, event.long1(), ByteOrder.LITTLE_ENDIAN);
            value.putLong(16, event.eventTimeNs(), ByteOrder.LITTLE_ENDIAN);
            producer.append(partitionOfSymbol[(int)event.key()], clock.epochNs(), key, 0, Long.BYTES,
                value, 0, SyntheticRecord.BINARY_VALUE_BYTES);
            written.lazySet(i + 1);
        }
        elapsedNs = System.nanoTime() - startNs;
    }

    void stop()
    {
        isStopped = true;
    }

    long written()
    {
        return written.get();
    }

    /**
     * @return nanoseconds from the first append to the end, once the writer has ended.
     */
    long elapsedNs()
    {
        return elapsedNs;
    }
}
