package dev.rill.engine.internal;

/**
 * Base of the sinks that handle each event on its own ({@code foreach}, the log-topic sink): they do not wait for
 * time, keep nothing across a batch end, hold no ring (no backpressure of their own) and can always end.
 * Subclasses implement {@link #onEvent} and {@link #describe()}.
 */
public abstract class RecordSinkOutput implements Output
{
    @Override
    public void onWatermark(final long watermarkNs)
    {
        // a per-record sink does not wait for time
    }

    @Override
    public void onBatchEnd(final long batchTimeMs)
    {
        // a per-record sink has nothing to do at the end of a batch
    }

    @Override
    public void onEndOfStream()
    {
        // each record is delivered (appended, or handed to the callback) when it arrives: nothing to flush
    }

    @Override
    public int inputsAvailable(final int reserve)
    {
        return Integer.MAX_VALUE;
    }

    @Override
    public boolean canEnd()
    {
        return true;
    }

    @Override
    public void beginInput()
    {
        // no ring: fan-out is unbounded here
    }
}
