package dev.rill.engine.internal.keyed;

import java.util.Arrays;

import dev.rill.engine.Event;
import dev.rill.engine.EventKind;
import dev.rill.engine.internal.Output;

/**
 * The output of a stage running keyed operators: a batch end may emit many results (every key of a window) for one
 * watermark, more than a ring holds. They pass straight through while the downstream has room and otherwise wait
 * here, in order with the watermarks that follow them, in reused event slots. While anything waits, the stage
 * takes no input ({@link #inputsAvailable} is 0), so backpressure still reaches the source; every duty cycle
 * moves what it can. One stage thread; allocates only while growing to the largest burst.
 */
public final class DeferredOutput implements Output
{
    private final Output delegate;
    private Event[] waiting = new Event[64];
    private int head;
    private int tail;

    /**
     * @param delegate the stage's real output (a ring writer, a shard router, a sink).
     */
    public DeferredOutput(final Output delegate)
    {
        this.delegate = delegate;
    }

    @Override
    public void onEvent(final Event event)
    {
        if (head == tail && delegate.inputsAvailable(1) > 0)
        {
            delegate.beginInput();
            delegate.onEvent(event);
        }
        else
        {
            slot().copyFrom(event);
        }
    }

    @Override
    public void onWatermark(final long watermarkNs)
    {
        if (head == tail && delegate.canEnd())
        {
            delegate.onWatermark(watermarkNs);
        }
        else
        {
            slot().clear().kind(EventKind.WATERMARK).eventTimeNs(watermarkNs);
        }
    }

    private Event slot()
    {
        if (tail == waiting.length)
        {
            if (head > 0)
            {
                // compact: move the waiting slots (and their reusable events) to the front
                final int size = tail - head;
                for (int i = 0; i < size; i++)
                {
                    final Event moved = waiting[head + i];
                    waiting[head + i] = waiting[i];
                    waiting[i] = moved;
                }
                head = 0;
                tail = size;
            }
            else
            {
                waiting = Arrays.copyOf(waiting, waiting.length * 2);
            }
        }
        Event slot = waiting[tail];
        if (slot == null)
        {
            slot = new Event();
            waiting[tail] = slot;
        }
        tail++;
        return slot;
    }

    /**
     * Move waiting results and watermarks on while the delegate has room.
     *
     * @return true if nothing waits any more.
     */
    private boolean drain()
    {
        while (head < tail)
        {
            final Event event = waiting[head];
            if (event.kind() == EventKind.WATERMARK)
            {
                if (!delegate.canEnd())
                {
                    return false;
                }
                delegate.onWatermark(event.eventTimeNs());
            }
            else
            {
                if (delegate.inputsAvailable(1) == 0)
                {
                    return false;
                }
                delegate.beginInput();
                delegate.onEvent(event);
            }
            head++;
        }
        head = 0;
        tail = 0;
        return true;
    }

    /**
     * @return results and watermarks waiting for room downstream.
     */
    public int waitingCount()
    {
        return tail - head;
    }

    @Override
    public int inputsAvailable(final int reserve)
    {
        return drain() ? delegate.inputsAvailable(reserve) : 0;
    }

    @Override
    public boolean canEnd()
    {
        return drain() && delegate.canEnd();
    }

    @Override
    public void beginInput()
    {
        delegate.beginInput();
    }

    @Override
    public void flush()
    {
        delegate.flush();
    }

    @Override
    public void onBatchEnd(final long batchTimeMs)
    {
        delegate.onBatchEnd(batchTimeMs);
    }

    @Override
    public void onEndOfStream()
    {
        drain();
        delegate.onEndOfStream();
    }

    @Override
    public String describe()
    {
        return delegate.describe() + " (results wait for room)";
    }
}
