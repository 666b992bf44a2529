package dev.rill.engine.internal.checkpoint;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Writes and fsyncs stage shards' state files off their threads, one file after another, in the order the stages
 * handed them over (so checkpoint n is complete before n + 1 and pruning stays in order). One thread,
 * {@code rill-checkpoint-writer}, started at the first file and stopped by {@link #close()}, which first writes
 * what is queued. The first failure is kept for the stage threads to throw ({@link #failure()}). Thread-safe;
 * allocates per file (a queued task), never per event.
 */
final class CheckpointWriter implements AutoCloseable
{
    private static final long CLOSE_TIMEOUT_SECONDS = 60;

    private final ExecutorService executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), r ->
        {
            final Thread thread = new Thread(r, "rill-checkpoint-writer");
            thread.setDaemon(true);
            return thread;
        });
    private volatile RuntimeException failure;

    /**
     * @param task writes one file and reports it; a {@link RuntimeException} it throws is kept as the failure.
     */
    void submit(final Runnable task)
    {
        executor.execute(() ->
        {
            if (failure != null)
            {
                return; // a checkpoint already failed: the pipeline is failing, later files are not needed
            }
            try
            {
                task.run();
            }
            catch (final RuntimeException ex)
            {
                failure = ex;
            }
        });
    }

    /**
     * @return the first write that failed, or null.
     */
    RuntimeException failure()
    {
        return failure;
    }

    /**
     * Writes what is queued, then stops the thread.
     */
    @Override
    public void close()
    {
        executor.shutdown();
        try
        {
            if (!executor.awaitTermination(CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                executor.shutdownNow();
            }
        }
        catch (final InterruptedException ex)
        {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
