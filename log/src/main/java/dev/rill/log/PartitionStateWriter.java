package dev.rill.log;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes one partition's {@link PartitionState} file, the newest state wins.
 * <p>
 * Why off the appending thread: a state write is a write, an {@code fsync}, a rename and an {@code fsync} of the
 * directory, and the writer needs one when a roll cycle gets its first record. Done inline it held that append, and
 * the partition's write lock, for 0.7 to 2.4 ms on this project's ext4 VMs ({@code perf record -e sched:sched_switch
 * -g} on W2's release thread, three topics' first records: {@code fsync} in {@code D} state; perf/PROFILE-W2.md),
 * once a cycle: with hourly cycles, an hourly stall of a trading pipeline's appends. {@link #submit} hands the state to one daemon thread shared by every
 * partition of the JVM (new cycles are rare) and returns; {@link #writeNow} (retention, which must have the state on
 * disk before it deletes files) and {@link #flush} (close) write on the caller's thread.
 * <p>
 * What the delay risks: for the moment between a cycle's first record and its state on disk, the file still names the
 * previous cycle as the newest; a reopen then accepts the newer file as it is, and only a newest queue file deleted in
 * that moment would go unnoticed. The queue files themselves are not forced to disk at that point either.
 * <p>
 * Thread-safe. {@link #submit} allocates nothing but a task when no write is pending.
 */
final class PartitionStateWriter
{
    /** One thread for every partition: a state write happens once per roll cycle per partition. */
    static final ExecutorService SHARED = Executors.newSingleThreadExecutor(r ->
    {
        final Thread t = new Thread(r, "rill-log-state");
        t.setDaemon(true);
        return t;
    });

    private static final Logger LOG = LoggerFactory.getLogger(PartitionStateWriter.class);

    private final String topic;
    private final int partition;
    private final Path dir;
    private final AtomicReference<PartitionState> pending = new AtomicReference<>();
    /** Held while the file is written: one write at a time, so the newest state is the one left on disk. */
    private final Object fileLock = new Object();

    PartitionStateWriter(final String topic, final int partition, final Path dir)
    {
        this.topic = topic;
        this.partition = partition;
        this.dir = dir;
    }

    /**
     * Write {@code state} soon, on the shared thread; a failure there is logged as a warning (the records are already
     * in the queue files).
     *
     * @param state the partition's newest state.
     */
    void submit(final PartitionState state)
    {
        if (pending.getAndSet(state) == null)
        {
            SHARED.execute(this::flush);
        }
    }

    /**
     * Write the state submitted and not yet written, if any, on the caller's thread; a failure is logged as a
     * warning.
     */
    void flush()
    {
        synchronized (fileLock)
        {
            final PartitionState state = pending.getAndSet(null);
            if (state != null)
            {
                try
                {
                    state.write(dir);
                }
                catch (final IOException ex)
                {
                    LOG.warn("cannot write {} in {}: topic={}, partition={}: {}", PartitionState.FILE_NAME, dir, topic,
                        partition, ex.toString());
                }
            }
        }
    }

    /**
     * Write {@code state} now, on the caller's thread, in place of any state submitted and not yet written (the
     * caller holds the partition's write lock, so no newer one can be submitted meanwhile).
     *
     * @param state the partition's newest state.
     * @throws IOException if it cannot be written.
     */
    void writeNow(final PartitionState state) throws IOException
    {
        synchronized (fileLock)
        {
            pending.set(null);
            state.write(dir);
        }
    }
}
