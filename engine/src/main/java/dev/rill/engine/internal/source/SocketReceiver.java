package dev.rill.engine.internal.source;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.rill.engine.SocketSourceOptions;

/**
 * The blocking half of the socket text source, on its own small thread: connects as a client, reads, splits lines
 * and writes each into the bounded ring of bytes the stage polls. When the ring is full it waits (backpressure: the
 * stage is behind, nothing is dropped). A refused, failed or closed connection is logged with host:port, counted,
 * and retried after a backoff that doubles from the minimum to the maximum and resets once connected.
 * <p>
 * Counters are written by this thread only and read from any (volatile). {@link #close()} may be called from any
 * thread: it closes the socket (unblocking a read or connect), wakes the thread and joins it.
 */
final class SocketReceiver implements Runnable
{
    private static final Logger LOG = LoggerFactory.getLogger(SocketReceiver.class);

    private final String sourceName;
    private final SocketSourceOptions options;
    private final String endpoint;
    private final OneToOneRingBuffer ring;
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[LineMessageDescriptor.MAX_LENGTH]);
    private final LineAccumulator line = new LineAccumulator();
    private final byte[] readBuffer = new byte[8192];
    private final IdleStrategy fullRingWait = new BackoffIdleStrategy(
        100, 10, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1));
    private volatile boolean running = true;
    private volatile Socket socket;
    private volatile Thread thread;
    private volatile Throwable failure;
    private volatile String status;
    private volatile long connections;
    private volatile long connectFailures;
    private volatile long disconnects;

    SocketReceiver(final String sourceName, final SocketSourceOptions options, final OneToOneRingBuffer ring)
    {
        this.sourceName = sourceName;
        this.options = options;
        this.endpoint = options.host() + ":" + options.port();
        this.ring = ring;
        this.status = "not started (" + endpoint + ")";
    }

    void start()
    {
        final Thread t = new Thread(this, "rill-" + sourceName + "-receiver");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public void run()
    {
        try
        {
            long backoffMs = options.reconnectMinMs();
            while (running)
            {
                final Socket s = new Socket();
                socket = s;
                if (!running)
                {
                    closeQuietly(s);
                    break;
                }
                try
                {
                    s.connect(new InetSocketAddress(options.host(), options.port()), options.connectTimeoutMs());
                }
                catch (final IOException ex)
                {
                    closeQuietly(s);
                    if (!running)
                    {
                        break;
                    }
                    connectFailures++;
                    status = "cannot connect to " + endpoint + ": " + ex.getMessage() + " (attempt " +
                        connectFailures + ", retrying in " + backoffMs + " ms)";
                    LOG.warn("{}: {}", sourceName, status);
                    pause(backoffMs);
                    backoffMs = Math.min(backoffMs * 2, options.reconnectMaxMs());
                    continue;
                }
                connections++;
                backoffMs = options.reconnectMinMs();
                status = "connected to " + endpoint;
                LOG.info("{}: {}", sourceName, status);
                final String ended = readLines(s);
                closeQuietly(s);
                if (!running)
                {
                    break;
                }
                disconnects++;
                status = "connection to " + endpoint + " " + ended + " (reconnecting in " + backoffMs + " ms)";
                LOG.warn("{}: {}", sourceName, status);
                pause(backoffMs);
            }
        }
        catch (final Throwable ex)
        {
            failure = ex;
            status = "receiver failed: " + ex;
        }
        finally
        {
            if (failure == null)
            {
                status = "stopped (" + endpoint + ")";
            }
        }
    }

    /**
     * @return how the connection ended.
     */
    private String readLines(final Socket s)
    {
        line.reset();
        try
        {
            final InputStream in = s.getInputStream();
            int read;
            while (running && (read = in.read(readBuffer)) >= 0)
            {
                int start = 0;
                for (int i = 0; i < read; i++)
                {
                    if (readBuffer[i] == '\n')
                    {
                        line.append(readBuffer, start, i);
                        if (!offer())
                        {
                            return "closed by stop";
                        }
                        start = i + 1;
                    }
                }
                line.append(readBuffer, start, read);
            }
            // as BufferedReader.readLine (Spark's receiver): a last line without its newline still counts
            if (running && !line.isEmpty() && !offer())
            {
                return "closed by stop";
            }
            return "closed by the peer";
        }
        catch (final IOException ex)
        {
            return "lost: " + ex.getMessage();
        }
    }

    private boolean offer()
    {
        message.putLong(LineMessageDescriptor.LINE_LENGTH_OFFSET, line.lineLength());
        final int length = LineMessageDescriptor.BYTES_OFFSET +
            line.copyTo(message, LineMessageDescriptor.BYTES_OFFSET);
        line.reset();
        fullRingWait.reset();
        while (!ring.write(LineMessageDescriptor.LINE_MSG_TYPE_ID, message, 0, length))
        {
            if (!running)
            {
                return false;
            }
            fullRingWait.idle();
        }
        return true;
    }

    private void pause(final long ms)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        long leftNs;
        while (running && (leftNs = deadlineNs - System.nanoTime()) > 0)
        {
            LockSupport.parkNanos(this, leftNs);
        }
    }

    private static void closeQuietly(final Socket s)
    {
        try
        {
            s.close();
        }
        catch (final IOException ignored)
        {
            // closing to unblock or release: nothing more to do
        }
    }

    /**
     * Stop: close the socket, wake the thread and wait for it to end.
     *
     * @param timeoutMs longest wait for the thread.
     * @return true if the thread has ended.
     * @throws InterruptedException if interrupted while joining.
     */
    boolean close(final long timeoutMs) throws InterruptedException
    {
        running = false;
        final Socket s = socket;
        if (s != null)
        {
            closeQuietly(s);
        }
        final Thread t = thread;
        if (t == null)
        {
            return true;
        }
        LockSupport.unpark(t);
        t.join(timeoutMs);
        return !t.isAlive();
    }

    Throwable failure()
    {
        return failure;
    }

    String status()
    {
        return status;
    }

    long connections()
    {
        return connections;
    }

    long connectFailures()
    {
        return connectFailures;
    }

    long disconnects()
    {
        return disconnects;
    }
}
