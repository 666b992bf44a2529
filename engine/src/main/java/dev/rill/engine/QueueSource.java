package dev.rill.engine;

import dev.rill.engine.internal.EventSink;
import dev.rill.engine.internal.SourceReader;

/**
 * The source of {@link Pipeline#queueStream(EventQueue)}: polls the queue on the stage's thread.
 */
final class QueueSource implements SourceReader
{
    private final String name;
    private final EventQueue queue;

    QueueSource(final String name, final EventQueue queue)
    {
        this.name = name;
        this.queue = queue;
    }

    @Override
    public void open()
    {
        // nothing to check: the queue exists
    }

    @Override
    public void onStart()
    {
        // nothing thread-bound
    }

    @Override
    public int[] partitions()
    {
        final int[] all = new int[queue.partitions()];
        for (int i = 0; i < all.length; i++)
        {
            all[i] = i;
        }
        return all;
    }

    @Override
    public int poll(final EventSink into, final int max)
    {
        int read = 0;
        Event event;
        while (read < max && (event = queue.poll()) != null)
        {
            read++;
            into.onEvent(event);
        }
        return read;
    }

    @Override
    public boolean isExhausted()
    {
        return queue.isExhausted();
    }

    @Override
    public void close()
    {
        // the queue belongs to the caller
    }

    @Override
    public String describe()
    {
        return "source " + name + " (queue " + queue.name() + ", " + queue.partitions() + " partitions)";
    }
}
