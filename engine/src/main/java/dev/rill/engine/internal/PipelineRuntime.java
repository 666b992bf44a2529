package dev.rill.engine.internal;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import dev.rill.engine.PipelineException;

/**
 * Shared run state of one pipeline: the stop flags every stage reads at the top of its duty cycle, the first
 * failure, and the count of stages still running. Thread-safe.
 */
public final class PipelineRuntime
{
    private final AtomicReference<PipelineException> failure = new AtomicReference<>();
    private final CountDownLatch running;
    private final AtomicLong lateEvents = new AtomicLong();
    private volatile boolean aborted;
    private volatile boolean drainRequested;

    /**
     * @param stageShards number of stage agents that will run.
     */
    public PipelineRuntime(final int stageShards)
    {
        this.running = new CountDownLatch(stageShards);
    }

    /**
     * @return true once the pipeline must stop at once (a failure or stop-now).
     */
    public boolean isAborted()
    {
        return aborted;
    }

    /**
     * @return true once sources must end their streams (a draining stop).
     */
    public boolean isDrainRequested()
    {
        return drainRequested;
    }

    /**
     * Ask sources to end their streams; everything read so far flows to the sinks.
     */
    public void requestDrain()
    {
        drainRequested = true;
    }

    /**
     * Ask every stage to stop at its next duty cycle.
     */
    public void abort()
    {
        aborted = true;
    }

    /**
     * Record a failure (the first one wins) and abort.
     *
     * @param stageName stage where it happened.
     * @param cause     what was thrown.
     */
    public void fail(final String stageName, final Throwable cause)
    {
        final PipelineException ex = cause instanceof PipelineException ? (PipelineException)cause :
            new PipelineException(stageName, String.valueOf(cause), cause);
        failure.compareAndSet(null, ex);
        aborted = true;
    }

    /**
     * @return the first failure, or null.
     */
    public PipelineException failure()
    {
        return failure.get();
    }

    /**
     * A batch operator dropped an event behind the watermark.
     */
    public void lateEvent()
    {
        lateEvents.incrementAndGet();
    }

    /**
     * @return events dropped as late so far.
     */
    public long lateEvents()
    {
        return lateEvents.get();
    }

    /**
     * A stage agent has closed.
     */
    public void stageClosed()
    {
        running.countDown();
    }

    /**
     * @return true when every stage agent has closed.
     */
    public boolean isTerminated()
    {
        return running.getCount() == 0;
    }

    /**
     * @param timeoutMs how long to wait.
     * @return true if every stage agent closed in time.
     * @throws InterruptedException if interrupted.
     */
    public boolean awaitTerminated(final long timeoutMs) throws InterruptedException
    {
        return running.await(timeoutMs, TimeUnit.MILLISECONDS);
    }
}
