package dev.rill.engine;

import java.net.InetAddress;
import java.util.Objects;

/**
 * Options of {@link Pipeline#socketTextStream(SocketSourceOptions)}: where to connect (loopback unless told
 * otherwise), what to do with overlong lines, the reconnect backoff, and the size of the hand-off buffer between
 * the receiver thread and the stage. Immutable; validated when built.
 */
public final class SocketSourceOptions
{
    private final String host;
    private final int port;
    private final OverlongLinePolicy overlongLines;
    private final long reconnectMinMs;
    private final long reconnectMaxMs;
    private final int connectTimeoutMs;
    private final int handoffBytes;

    private SocketSourceOptions(final Builder b)
    {
        this.host = b.host;
        this.port = b.port;
        this.overlongLines = b.overlongLines;
        this.reconnectMinMs = b.reconnectMinMs;
        this.reconnectMaxMs = b.reconnectMaxMs;
        this.connectTimeoutMs = b.connectTimeoutMs;
        this.handoffBytes = b.handoffBytes;
    }

    /**
     * @param port the text server's port, 1 to 65535.
     * @return a builder connecting to the loopback address on {@code port}.
     */
    public static Builder port(final int port)
    {
        return new Builder(port);
    }

    /**
     * @return host name or address to connect to.
     */
    public String host()
    {
        return host;
    }

    /**
     * @return port to connect to.
     */
    public int port()
    {
        return port;
    }

    /**
     * @return what to do with a line longer than the event's byte area.
     */
    public OverlongLinePolicy overlongLines()
    {
        return overlongLines;
    }

    /**
     * @return first wait before reconnecting after a refused or lost connection, milliseconds.
     */
    public long reconnectMinMs()
    {
        return reconnectMinMs;
    }

    /**
     * @return longest wait between reconnect attempts (the wait doubles up to it), milliseconds.
     */
    public long reconnectMaxMs()
    {
        return reconnectMaxMs;
    }

    /**
     * @return connect timeout, milliseconds.
     */
    public int connectTimeoutMs()
    {
        return connectTimeoutMs;
    }

    /**
     * @return capacity of the ring of bytes between the receiver thread and the stage (a power of two).
     */
    public int handoffBytes()
    {
        return handoffBytes;
    }

    @Override
    public String toString()
    {
        return host + ":" + port + ", overlong lines " + overlongLines + ", reconnect " + reconnectMinMs + ".." +
            reconnectMaxMs + " ms, hand-off " + handoffBytes + " bytes";
    }

    /**
     * Builder of {@link SocketSourceOptions}; each setter validates its value.
     */
    public static final class Builder
    {
        private String host = InetAddress.getLoopbackAddress().getHostAddress();
        private final int port;
        private OverlongLinePolicy overlongLines = OverlongLinePolicy.FAIL;
        private long reconnectMinMs = 100;
        private long reconnectMaxMs = 5_000;
        private int connectTimeoutMs = 2_000;
        private int handoffBytes = 64 * 1024;

        private Builder(final int port)
        {
            if (port < 1 || port > 65_535)
            {
                throw new IllegalArgumentException("port must be in 1..65535: " + port);
            }
            this.port = port;
        }

        /**
         * @param host host name or address (default the loopback address).
         * @return this.
         */
        public Builder host(final String host)
        {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /**
         * @param policy what to do with a line longer than the byte area (default {@link OverlongLinePolicy#FAIL}).
         * @return this.
         */
        public Builder overlongLines(final OverlongLinePolicy policy)
        {
            this.overlongLines = Objects.requireNonNull(policy, "overlongLines");
            return this;
        }

        /**
         * @param minMs first wait before reconnecting, at least 1 (default 100).
         * @param maxMs longest wait, at least {@code minMs} (default 5000).
         * @return this.
         */
        public Builder reconnectBackoffMs(final long minMs, final long maxMs)
        {
            if (minMs < 1 || maxMs < minMs)
            {
                throw new IllegalArgumentException("reconnect backoff must have 1 <= min <= max: min=" + minMs +
                    ", max=" + maxMs);
            }
            this.reconnectMinMs = minMs;
            this.reconnectMaxMs = maxMs;
            return this;
        }

        /**
         * @param timeoutMs connect timeout, at least 1 (default 2000).
         * @return this.
         */
        public Builder connectTimeoutMs(final int timeoutMs)
        {
            if (timeoutMs < 1)
            {
                throw new IllegalArgumentException("connectTimeoutMs must be >= 1: " + timeoutMs);
            }
            this.connectTimeoutMs = timeoutMs;
            return this;
        }

        /**
         * @param bytes hand-off ring capacity, a power of two from 1024 to 2^30 (default 64 KiB); when full, the
         *              receiver waits (nothing is dropped).
         * @return this.
         */
        public Builder handoffBytes(final int bytes)
        {
            if (bytes < 1024 || bytes > (1 << 30) || Integer.bitCount(bytes) != 1)
            {
                throw new IllegalArgumentException("handoffBytes must be a power of two in 1024..2^30: " + bytes);
            }
            this.handoffBytes = bytes;
            return this;
        }

        /**
         * @return the options.
         */
        public SocketSourceOptions build()
        {
            return new SocketSourceOptions(this);
        }
    }
}
