package dev.rill.tools;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import dev.rill.engine.Event;
import dev.rill.engine.ReferenceGenerator;

/**
 * Fills a key and a value from an event of the engine's {@link ReferenceGenerator} (key = symbol, long0 = price,
 * long1 = qty, event time), reusing its arrays.
 * <ul>
 * <li>text (default): key = the symbol in decimal ({@code 5700}), value = {@code price,qty,eventTimeNanos}
 * ({@code 10539,159,0}) padded with spaces to the value size;</li>
 * <li>binary: key = the symbol as an 8-byte little-endian long, value = price, qty and eventTimeNanos as 8-byte
 * little-endian longs (24 bytes, the W3 layout) padded with zeros to the value size.</li>
 * </ul>
 */
final class SyntheticRecord
{
    static final int BINARY_VALUE_BYTES = 24;

    private final boolean isBinary;
    private final byte[] value;
    private final ByteBuffer valueBuffer;
    private final byte[] binaryKey = new byte[8];
    private final ByteBuffer binaryKeyBuffer = ByteBuffer.wrap(binaryKey).order(ByteOrder.LITTLE_ENDIAN);
    private final byte[][] textKeys = new byte[ReferenceGenerator.DEFAULT_SYMBOLS][];
    private byte[] key;

    SyntheticRecord(final boolean isBinary, final int valueLength)
    {
        this.isBinary = isBinary;
        this.value = new byte[valueLength];
        this.valueBuffer = ByteBuffer.wrap(value).order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * @param isBinary    binary layout.
     * @param recordCount records to be written.
     * @return the smallest value size that holds every value.
     */
    static int minValueLength(final boolean isBinary, final long recordCount)
    {
        if (isBinary)
        {
            return BINARY_VALUE_BYTES;
        }
        // price is 5 digits, qty at most 3; the event time grows with the index
        return 5 + 1 + 3 + 1 + Long.toString(Math.max(0, recordCount - 1) * 1_000L).length();
    }

    /**
     * @param event a generator event of {@link ReferenceGenerator#DEFAULT_SYMBOLS} symbols.
     */
    void fill(final Event event)
    {
        if (isBinary)
        {
            binaryKeyBuffer.putLong(0, event.key());
            key = binaryKey;
            valueBuffer.putLong(0, event.long0());
            valueBuffer.putLong(8, event.long1());
            valueBuffer.putLong(16, event.eventTimeNs());
            return;
        }
        final int symbol = (int)event.key();
        byte[] k = textKeys[symbol];
        if (k == null)
        {
            k = Integer.toString(symbol).getBytes(StandardCharsets.US_ASCII);
            textKeys[symbol] = k;
        }
        key = k;
        int at = putDecimal(event.long0(), 0);
        value[at++] = ',';
        at = putDecimal(event.long1(), at);
        value[at++] = ',';
        at = putDecimal(event.eventTimeNs(), at);
        Arrays.fill(value, at, value.length, (byte)' ');
    }

    private int putDecimal(final long number, final int at)
    {
        int digits = 1;
        for (long n = number / 10; n > 0; n /= 10)
        {
            digits++;
        }
        long n = number;
        for (int i = at + digits - 1; i >= at; i--)
        {
            value[i] = (byte)('0' + (n % 10));
            n /= 10;
        }
        return at + digits;
    }

    byte[] key()
    {
        return key;
    }

    byte[] value()
    {
        return value;
    }
}
