package dev.rill.engine.internal;

import com.lmax.disruptor.RingBuffer;

import dev.rill.engine.Event;
import dev.rill.engine.ReferenceGenerator;

/**
 * Source of the reference workload's events 0 to count - 1 ({@link ReferenceGenerator}), into the chain or straight
 * into ring slots ({@link SlotRunSource}). Allocation-free.
 */
public final class GeneratorSource implements SourceReader, SlotRunSource
{
    private final String name;
    private final ReferenceGenerator generator;
    private final long count;
    private final Event event = new Event();
    private long next;

    /**
     * @param name    operator name.
     * @param symbols K.
     * @param count   events to generate.
     */
    public GeneratorSource(final String name, final int symbols, final long count)
    {
        this.name = name;
        this.generator = new ReferenceGenerator(symbols);
        this.count = count;
    }

    @Override
    public void open()
    {
        next = 0;
    }

    @Override
    public void onStart()
    {
        // nothing thread-bound
    }

    @Override
    public int poll(final EventSink into, final int max)
    {
        final long end = Math.min(count, next + max);
        final int n = (int)(end - next);
        for (long i = next; i < end; i++)
        {
            generator.fill(i, event);
            next = i + 1;
            into.onEvent(event);
        }
        return n;
    }

    @Override
    public int pollIntoSlots(final RingBuffer<Event> ring, final long firstSequence, final int count,
        final EventTimeSink times, final FilledSlotSink filled)
    {
        final long start = next;
        final int n = (int)Math.min(count, this.count - start);
        int i = 0;
        try
        {
            for (; i < n; i++)
            {
                final Event slot = ring.get(firstSequence + i);
                generator.fill(start + i, slot);
                if (filled != null)
                {
                    filled.onFilled(slot);
                }
            }
        }
        finally
        {
            // a throw from the sink leaves event i unconsumed; the ones before it count, times and all
            next = start + i;
            if (times != null && i > 0)
            {
                // event time grows with the index: the run's last event has its greatest
                times.onEventTime(0, ReferenceGenerator.eventTimeNs(start + i - 1));
            }
        }
        return n;
    }

    @Override
    public int[] partitions()
    {
        return new int[] {0};
    }

    @Override
    public boolean isExhausted()
    {
        return next >= count;
    }

    @Override
    public void close()
    {
        // nothing held
    }

    @Override
    public String describe()
    {
        return "source " + name + " (reference generator, K=" + generator.symbols() + ", " + count + " events)";
    }
}
