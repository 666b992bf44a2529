package dev.rill.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentHashMap;

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
    /** Writer lock files this JVM holds, by absolute path. */
    private static final ConcurrentHashMap<Path, Boolean> HELD_WRITER_LOCKS = new ConcurrentHashMap<>();

    private final RillLog log;
    private final String name;
    private final Path dir;
    private final TopicConfig config;
    private final LogClock clock;
    private final PartitionLog[] partitions;
    private FileChannel writerLockChannel;
    private FileLock writerLock;
    private Path writerLockKey;
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
     * The topic's producer, shared by every thread of this process that writes the topic. A partition whose files
     * failed their checks when the topic was opened (damaged, truncated or missing queue files) takes no appends:
     * they throw a {@link LogException} saying what is wrong; the other partitions take appends as usual.
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
        // One channel per lock file per JVM: on Linux, closing any channel of a file drops every lock this process
        // holds on it, so a second RillLog of this process must not even open the file while we hold the lock.
        final Path key = lockFile.toAbsolutePath().normalize();
        if (HELD_WRITER_LOCKS.putIfAbsent(key, Boolean.TRUE) != null)
        {
            throw new LogException("topic is being written by another log instance of this process: topic=" + name +
                ", lock=" + lockFile);
        }
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
            HELD_WRITER_LOCKS.remove(key);
            throw new LogException("topic is being written by another process: topic=" + name + ", lock=" +
                lockFile);
        }
        writerLockKey = key;
    }

    /**
     * Run {@code action} holding the writer lock of a topic, if no process (this one included) writes the topic.
     *
     * @return true if the action ran, false if the topic has a live writer.
     */
    static boolean runIfNoWriter(final Path topicDir, final IoAction action) throws IOException
    {
        final Path lockFile = topicDir.resolve(WRITER_LOCK_FILE);
        final Path key = lockFile.toAbsolutePath().normalize();
        if (HELD_WRITER_LOCKS.putIfAbsent(key, Boolean.TRUE) != null)
        {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE))
        {
            final FileLock lock = channel.tryLock();
            if (lock == null)
            {
                return false;
            }
            try
            {
                action.run();
                return true;
            }
            finally
            {
                lock.release();
            }
        }
        finally
        {
            HELD_WRITER_LOCKS.remove(key);
        }
    }

    /**
     * An action on files.
     */
    @FunctionalInterface
    interface IoAction
    {
        void run() throws IOException;
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
     * @return bytes the partition's queue files hold: for each file, up to the end of the last record written in it
     * (queue files are sparse and sized in whole blocks, so their lengths overstate this). Retention by size counts
     * these bytes.
     */
    public long sizeOnDiskBytes(final int partition)
    {
        return partition(partition).sizeOnDiskBytes();
    }

    /**
     * Delete whole roll cycles older than the retention age or beyond the retention size, in every usable
     * partition. Retention is the writer's job: this takes the writer role, as {@link #producer()} does.
     *
     * @return number of queue files deleted.
     * @throws LogException if another process writes the topic.
     */
    public int applyRetention()
    {
        producer();
        int deleted = 0;
        final long now = clock.epochNanos();
        for (final PartitionLog p : partitions)
        {
            if (p.isUsable())
            {
                deleted += p.applyRetention(now);
            }
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
        if (writerLockKey != null)
        {
            HELD_WRITER_LOCKS.remove(writerLockKey);
            writerLockKey = null;
        }
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
