package dev.rill.engine.internal.source;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import dev.rill.engine.Event;
import dev.rill.engine.OverlongLinePolicy;
import dev.rill.engine.PipelineException;
import dev.rill.engine.SocketSourceOptions;
import dev.rill.engine.internal.EventSink;
import dev.rill.engine.internal.Metered;
import dev.rill.engine.internal.SourceReader;

/**
 * Source of {@code socketTextStream}: one event per text line received from a server this source connects to as a
 * client (as Spark's socket receiver does). The blocking socket reads run on a {@link SocketReceiver} thread that
 * hands lines over through a bounded Agrona {@link OneToOneRingBuffer} of bytes; the stage's duty cycle only polls
 * that ring, so it never blocks on I/O. Unbounded: it ends only when the pipeline stops.
 * <p>
 * Each event: the line's UTF-8 bytes in the byte area, event time = the clock when the stage took it, source =
 * {@code host:port}, partition 0, offset = the line's number (from 0, across reconnections). A line longer than the
 * byte area fails the pipeline or is cut and counted ({@link OverlongLinePolicy}).
 */
public final class SocketTextSource implements SourceReader, MessageHandler, Metered
{
    private static final long JOIN_TIMEOUT_MS = 10_000;

    private final String name;
    private final SocketSourceOptions options;
    private final EpochClock clock;
    private final String endpoint;
    private final Event event = new Event();
    private final AtomicLong lines = new AtomicLong();
    private final AtomicLong linesTruncated = new AtomicLong();
    private volatile SocketReceiver receiver;
    private OneToOneRingBuffer ring;
    private EventSink into;
    private long lineNumber;

    /**
     * @param name    operator name.
     * @param options where to connect and how.
     * @param clock   gives events their (processing) time.
     */
    public SocketTextSource(final String name, final SocketSourceOptions options, final EpochClock clock)
    {
        this.name = name;
        this.options = options;
        this.clock = clock;
        this.endpoint = options.host() + ":" + options.port();
    }

    @Override
    public void open()
    {
        // nothing to check here: a server that is not (yet) listening is retried, not an error
    }

    @Override
    public void onStart()
    {
        ring = new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(options.handoffBytes() + RingBufferDescriptor.TRAILER_LENGTH)));
        receiver = new SocketReceiver(name, options, ring);
        receiver.start();
    }

    @Override
    public int[] partitions()
    {
        return new int[] {0};
    }

    @Override
    public int poll(final EventSink into, final int max)
    {
        final Throwable failure = receiver.failure();
        if (failure != null)
        {
            throw new PipelineException(name, "socket receiver for " + endpoint + " failed: " + failure, failure);
        }
        this.into = into;
        return ring.read(this, max);
    }

    @Override
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final long lineLength = buffer.getLong(index + LineMessageDescriptor.LINE_LENGTH_OFFSET);
        final int kept = length - LineMessageDescriptor.BYTES_OFFSET;
        final long number = lineNumber++;
        if (lineLength > kept)
        {
            if (options.overlongLines() == OverlongLinePolicy.FAIL)
            {
                throw new PipelineException(name, endpoint, 0, number, "line of " + lineLength +
                    " bytes is longer than the event byte area of " + Event.BYTES_CAPACITY +
                    " bytes (OverlongLinePolicy.FAIL; TRUNCATE keeps the first bytes and counts the line)", null);
            }
            linesTruncated.lazySet(linesTruncated.get() + 1);
        }
        event.clear(endpoint, 0, number)
            .eventTimeNs(clock.time() * 1_000_000L)
            .putBytes(buffer, index + LineMessageDescriptor.BYTES_OFFSET, kept);
        lines.lazySet(lines.get() + 1);
        into.onEvent(event);
    }

    @Override
    public boolean isExhausted()
    {
        return false;
    }

    @Override
    public void close()
    {
        if (receiver == null)
        {
            return;
        }
        try
        {
            if (!receiver.close(JOIN_TIMEOUT_MS))
            {
                throw new IllegalStateException("socket receiver thread of " + name + " (" + endpoint +
                    ") did not stop within " + JOIN_TIMEOUT_MS + " ms");
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String describe()
    {
        return "source " + name + " (socket text lines from " + options + ", receiver thread rill-" + name +
            "-receiver)";
    }

    @Override
    public String metricsName()
    {
        return name;
    }

    @Override
    public Map<String, Long> counters()
    {
        final Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("lines", lines.get());
        counters.put("linesTruncated", linesTruncated.get());
        final SocketReceiver r = receiver;
        counters.put("connections", r == null ? 0 : r.connections());
        counters.put("connectFailures", r == null ? 0 : r.connectFailures());
        counters.put("disconnects", r == null ? 0 : r.disconnects());
        return counters;
    }

    @Override
    public String status()
    {
        final SocketReceiver r = receiver;
        return r == null ? "not started (" + endpoint + ")" : r.status();
    }
}
