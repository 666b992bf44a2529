package dev.rill.engine.internal.checkpoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Triggers checkpoints on the pipeline clock and completes them: a source stage asks {@link #triggered(long)} each
 * duty cycle (the first to see the interval elapse starts the next id; every source injects every id in order);
 * each stage shard reports its written file; the last report writes the manifest and prunes old checkpoints.
 * With asynchronous writes, stage shards hand their serialised state to one {@link CheckpointWriter} thread, which
 * writes, fsyncs and reports it, so a stage pauses only to copy its state. Thread-safe (stage threads and the writer
 * report concurrently).
 */
public final class CheckpointCoordinator implements AutoCloseable
{
    private final CheckpointStore store;
    private final long intervalMs;
    private final int keep;
    private final int stageShards;
    private final AtomicLong triggeredId;
    private final AtomicLong nextTriggerMs = new AtomicLong(Long.MIN_VALUE);
    private final Map<Long, TreeMap<String, long[]>> reported = new TreeMap<>();
    private final List<CheckpointStats> stats = new ArrayList<>();
    private volatile boolean disabled;
    private volatile long lastCompletedId;
    /** No checkpoint was restored: the first one is triggered at once, so that it holds the run's starting point. */
    private final boolean isFresh;
    private String shape = "";
    private final java.util.concurrent.ConcurrentHashMap<String, BarrierGate> gates =
        new java.util.concurrent.ConcurrentHashMap<>();
    private final CheckpointWriter writer;

    /**
     * @param store       the directory.
     * @param intervalMs  time between checkpoints on the pipeline clock.
     * @param keep        complete checkpoints kept.
     * @param stageShards reports that complete a checkpoint.
     * @param firstId     the id after the restored checkpoint's (1 when fresh).
     * @param asyncWrites true to write state files on a writer thread (stage threads only copy their state); false
     *                    to write them on the stage threads (stepping mode: no thread of its own).
     */
    public CheckpointCoordinator(final CheckpointStore store, final long intervalMs, final int keep,
        final int stageShards, final long firstId, final boolean asyncWrites)
    {
        this.writer = asyncWrites ? new CheckpointWriter() : null;
        this.store = store;
        this.intervalMs = intervalMs;
        this.keep = keep;
        this.stageShards = stageShards;
        this.triggeredId = new AtomicLong(firstId - 1);
        this.isFresh = firstId == 1;
    }

    /**
     * @param ringName a ring of the plan.
     * @return its barrier gate (shared by its consumer and its producers).
     */
    public BarrierGate gate(final String ringName)
    {
        return gates.computeIfAbsent(ringName, k -> new BarrierGate());
    }

    CheckpointStore store()
    {
        return store;
    }

    /**
     * @return the writer thread's queue, or null when stage threads write their own files.
     */
    CheckpointWriter writer()
    {
        return writer;
    }

    /**
     * Writes the state files still queued and stops the writer thread; for a pipeline whose stages have all ended,
     * so that a file that could not be written after the last stage's duty cycle still fails the pipeline.
     *
     * @return the first state file write that failed, or null.
     */
    public RuntimeException finishWrites()
    {
        if (writer == null)
        {
            return null;
        }
        writer.close();
        return writer.failure();
    }

    /**
     * Writes the state files still queued, then stops the writer thread.
     */
    @Override
    public void close()
    {
        if (writer != null)
        {
            writer.close();
        }
    }

    /**
     * @param shape the pipeline's shape fingerprint, written into every manifest.
     */
    public void shape(final String shape)
    {
        this.shape = shape;
    }

    /**
     * @param nowMs the pipeline clock.
     * @return the newest triggered id (a source injects every id above its last one).
     */
    public long triggered(final long nowMs)
    {
        if (disabled)
        {
            return triggeredId.get();
        }
        final long next = nextTriggerMs.get();
        if (next == Long.MIN_VALUE)
        {
            // A fresh run checkpoints before its first record: until that checkpoint is complete an exactly-once
            // sink holds its output (LogSinkOutput), so a run killed early leaves nothing a restart cannot check.
            if (nextTriggerMs.compareAndSet(Long.MIN_VALUE, nowMs + intervalMs) && isFresh)
            {
                triggeredId.incrementAndGet();
            }
        }
        else if (nowMs >= next && nextTriggerMs.compareAndSet(next, nowMs + intervalMs))
        {
            triggeredId.incrementAndGet();
        }
        return triggeredId.get();
    }

    /**
     * A source ended: barriers injected after that could never complete, so no more are triggered.
     */
    public void disable()
    {
        disabled = true;
    }

    /**
     * @return the first id this run may inject minus one.
     */
    public long initialId()
    {
        return triggeredId.get();
    }

    /**
     * A stage shard wrote its state file for checkpoint {@code id}.
     */
    public void reported(final long id, final String file, final long length, final long crc, final String stage,
        final long pauseNs)
    {
        final boolean complete;
        synchronized (this)
        {
            final TreeMap<String, long[]> files = reported.computeIfAbsent(id, k -> new TreeMap<>());
            files.put(file, new long[] {length, crc & 0xFFFF_FFFFL});
            stats.add(new CheckpointStats(id, stage, pauseNs, length));
            complete = files.size() == stageShards;
            if (complete)
            {
                reported.remove(id);
                store.writeManifest(id, shape, files);
                store.retain(keep);
                lastCompletedId = Math.max(lastCompletedId, id);
            }
        }
    }

    /**
     * @return the newest complete checkpoint of this run, 0 if none.
     */
    public long lastCompletedId()
    {
        return lastCompletedId;
    }

    /**
     * @return pause and bytes of every stage shard's checkpoint so far.
     */
    public synchronized List<CheckpointStats> stats()
    {
        return new ArrayList<>(stats);
    }

    /** Pause and state size of one stage shard for one checkpoint. */
    public static final class CheckpointStats
    {
        private final long id;
        private final String stage;
        private final long pauseNs;
        private final long bytes;

        CheckpointStats(final long id, final String stage, final long pauseNs, final long bytes)
        {
            this.id = id;
            this.stage = stage;
            this.pauseNs = pauseNs;
            this.bytes = bytes;
        }

        /** @return checkpoint id. */
        public long id()
        {
            return id;
        }

        /** @return stage shard role name. */
        public String stage()
        {
            return stage;
        }

        /**
         * @return ns the stage spent on its checkpoint instead of processing: serialising its state (and waiting
         * for a free image buffer) with asynchronous writes; serialise, write and fsync without.
         */
        public long pauseNs()
        {
            return pauseNs;
        }

        /** @return bytes of its state file. */
        public long bytes()
        {
            return bytes;
        }

        @Override
        public String toString()
        {
            return "chk-" + id + " " + stage + " pause=" + pauseNs / 1_000 + "us bytes=" + bytes;
        }
    }
}
