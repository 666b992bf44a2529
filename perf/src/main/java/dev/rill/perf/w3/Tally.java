package dev.rill.perf.w3;

/**
 * Records counted and their checksum for one phase of one engine. Mutable, one thread.
 */
final class Tally
{
    long count;
    long checksum;

    void add(final long term)
    {
        count++;
        checksum += term;
    }

    void reset()
    {
        count = 0;
        checksum = 0;
    }

    boolean sameAs(final long expectedCount, final long expectedChecksum)
    {
        return count == expectedCount && checksum == expectedChecksum;
    }

    @Override
    public String toString()
    {
        return String.format("%,d records, checksum %016x", count, checksum);
    }
}
