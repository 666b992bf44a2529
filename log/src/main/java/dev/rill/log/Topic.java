package dev.rill.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A topic: N partitions, each its own Chronicle queue in {@code <topic>/p-<n>}. Obtained from
 * {@link RillLog#topic(String)}; closed by its log. Thread-safe.
 * <p>
 * One process writes a topic at a time (as one Kafka broker leads a partition): the first {@link #producer()}
 * takes a file lock in the topic directory, held until the log is closed or the process dies.
 */
public final class Topic
{
    static final String WRITER_LOCK_FILE = "writer.lock";

    private final RillLog log;
    private final String name;
    private final Path dir;
    private final TopicConfig config;
    private final LogClock clock;
    private final PartitionLog[] partitions;
    private FileChannel writerLockChannel;
    private FileLock writerLock;
    private Producer producer;

    Topic(final RillLog log, final String name, final Path dir, final TopicConfig config, final LogClock clock)
    {
        this.log = log;
        this.name = name;
        this.dir = dir;
        this.config = config;
        this.clock = clock;
        this.partitions = new PartitionLog[config.partitions()];
        try
        {
            for (int p = 0; p < partitions.length; p++)
            {
                partitions[p] = new PartitionLog(name, p, partitionDir(dir, p), config, clock);
            }
        }
        catch (final RuntimeException ex)
        {
            closePartitions();
            throw ex;
        }
    }

    static Path partitionDir(final Path topicDir, final int partition)
    {
        return topicDir.resolve("p-" + partition);
    }

    /**
     * @return the log holding this topic.
     */
    public RillLog log()
    {
        return log;
    }

    /**
     * @return topic name.
     */
    public String name()
    {
        return name;
    }

    /**
     * @return the topic's directory.
     */
    public Path dir()
    {
        return dir;
    }

    /**
     * @return the topic's configuration.
     */
    public TopicConfig config()
    {
        return config;
    }

    /**
     * @return number of partitions.
     */
    public int partitionCount()
    {
        return partitions.length;
    }

    /**
     * The topic's producer, shared by every thread of this process that writes the topic.
     *
     * @return the producer.
     * @throws LogException if another process (or another open log in this process) writes the topic.
     */
    public synchronized Producer producer()
    {
        if (producer == null)
        {
            acquireWriterLock();
            for (final PartitionLog p : partitions)
            {
                p.becomeWriter();
            }
            producer = new Producer(this, partitions, clock);
        }
        return producer;
    }

    private void acquireWriterLock()
    {
        final Path lockFile = dir.resolve(WRITER_LOCK_FILE);
        try
        {
            writerLockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            writerLock = writerLockChannel.tryLock();
        }
        catch (final IOException | OverlappingFileLockException ex)
        {
            writerLock = null;
        }
        if (writerLock == null)
        {
            closeLockChannel();
            throw new LogException("topic is being written by another process or log instance: topic=" + name +
                ", lock=" + lockFile);
        }
    }

    /**
     * A new consumer, to be used by one thread.
     *
     * @param options where to start, the reset policy, the group and the partitions.
     * @return the consumer.
     */
    public Consumer consumer(final ConsumerOptions options)
    {
        return new Consumer(this, options);
    }

    /**
     * @param partition partition number.
     * @return the earliest offset still kept.
     */
    public long earliestOffset(final int partition)
    {
        return partition(partition).earliestOffset();
    }

    /**
     * @param partition partition number.
     * @return the offset the next record appended to the partition will get.
     */
    public long nextOffset(final int partition)
    {
        return partition(partition).nextOffset();
    }

    /**
     * @param partition   partition number.
     * @param timestampNs epoch nanoseconds.
     * @return the first offset whose record has timestamp &ge; {@code timestampNs} (binary search), or the next
     * offset if there is none.
     */
    public long offsetForTimestamp(final int partition, final long timestampNs)
    {
        return partition(partition).offsetForTimestamp(timestampNs);
    }

    /**
     * @param partition partition number.
     * @return bytes the partition's queue files take on disk.
     */
    public long sizeOnDiskBytes(final int partition)
    {
        return partition(partition).sizeOnDiskBytes();
    }

    /**
     * Delete whole roll cycles older than the retention age or beyond the retention size, in every partition.
     *
     * @return number of queue files deleted.
     */
    public int applyRetention()
    {
        int deleted = 0;
        final long now = clock.epochNanos();
        for (final PartitionLog p : partitions)
        {
            deleted += p.applyRetention(now);
        }
        return deleted;
    }

    PartitionLog partition(final int partition)
    {
        if (partition < 0 || partition >= partitions.length)
        {
            throw new IllegalArgumentException("no such partition: topic=" + name + ", partition=" + partition +
                ", partitions=" + partitions.length);
        }
        return partitions[partition];
    }

    synchronized void close()
    {
        closePartitions();
        if (writerLock != null)
        {
            try
            {
                writerLock.release();
            }
            catch (final IOException ignore)
            {
                // closing the channel releases it too
            }
            writerLock = null;
        }
        closeLockChannel();
    }

    private void closeLockChannel()
    {
        if (writerLockChannel != null)
        {
            try
            {
                writerLockChannel.close();
            }
            catch (final IOException ignore)
            {
                // nothing more to release
            }
            writerLockChannel = null;
        }
    }

    private void closePartitions()
    {
        for (final PartitionLog p : partitions)
        {
            if (p != null)
            {
                p.close();
            }
        }
    }

    @Override
    public String toString()
    {
        return "Topic{" + name + ", " + config + '}';
    }
}
