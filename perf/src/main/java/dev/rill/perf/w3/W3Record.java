package dev.rill.perf.w3;

import org.agrona.MutableDirectBuffer;

import dev.rill.engine.ReferenceGenerator;

/**
 * The W3 record: an 8-byte key and a 24-byte value filled from the reference generator, and the checksum that
 * proves two engines read back the same bytes. All fields are native-order longs.
 *
 * <pre>
 *   0               8               16              24              32
 *  +---------------+---------------+---------------+---------------+
 *  | key: symbol   | price (ticks) | qty           | eventTimeNs   |
 *  +---------------+---------------+---------------+---------------+
 *  |<--- key ----->|<-------------------- value ------------------>|
 * </pre>
 *
 * Checksum: wrapping 64-bit sum over records of {@code ((symbol * 31 + price) * 31 + qty) * 31 + eventTimeNs}.
 * The event time makes every record's term depend on its index, so reading the wrong records (an off-by-one
 * seek, a skipped or repeated record) changes the sum.
 */
final class W3Record
{
    static final int KEY_OFFSET = 0;
    static final int KEY_LENGTH = 8;
    static final int VALUE_OFFSET = KEY_OFFSET + KEY_LENGTH;
    static final int VALUE_LENGTH = 24;
    static final int PRICE_OFFSET = VALUE_OFFSET;
    static final int QTY_OFFSET = VALUE_OFFSET + 8;
    static final int EVENT_TIME_OFFSET = VALUE_OFFSET + 16;
    /** Payload bytes per record: key plus value. */
    static final int PAYLOAD_LENGTH = KEY_LENGTH + VALUE_LENGTH;

    private W3Record()
    {
    }

    /**
     * Write record {@code i} into {@code buffer} at {@code offset} and return its checksum term.
     */
    static long fill(final MutableDirectBuffer buffer, final int offset, final long i)
    {
        final long r = ReferenceGenerator.draw(i);
        final long symbol = ReferenceGenerator.symbol(r, ReferenceGenerator.DEFAULT_SYMBOLS);
        final long price = ReferenceGenerator.price(r);
        final long qty = ReferenceGenerator.qty(r);
        final long eventTimeNs = ReferenceGenerator.eventTimeNs(i);
        buffer.putLong(offset + KEY_OFFSET, symbol);
        buffer.putLong(offset + PRICE_OFFSET, price);
        buffer.putLong(offset + QTY_OFFSET, qty);
        buffer.putLong(offset + EVENT_TIME_OFFSET, eventTimeNs);
        return term(symbol, price, qty, eventTimeNs);
    }

    /**
     * @return the checksum term of one record.
     */
    static long term(final long key, final long price, final long qty, final long eventTimeNs)
    {
        return ((key * 31 + price) * 31 + qty) * 31 + eventTimeNs;
    }

    /**
     * @return the checksum term of record {@code i}, from the generator alone.
     */
    static long expectedTerm(final long i)
    {
        final long r = ReferenceGenerator.draw(i);
        return term(ReferenceGenerator.symbol(r, ReferenceGenerator.DEFAULT_SYMBOLS), ReferenceGenerator.price(r),
            ReferenceGenerator.qty(r), ReferenceGenerator.eventTimeNs(i));
    }

    /**
     * @return the checksum of records {@code [from, from + count)}, from the generator alone.
     */
    static long expectedChecksum(final long from, final long count)
    {
        long sum = 0;
        for (long i = from; i < from + count; i++)
        {
            sum += expectedTerm(i);
        }
        return sum;
    }
}
