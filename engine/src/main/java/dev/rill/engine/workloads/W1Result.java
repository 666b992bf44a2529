package dev.rill.engine.workloads;

/**
 * What W1 reports: the number of emitted (window, symbol) results and the wrapping checksum over them.
 *
 * @param records  emitted (window, symbol) results.
 * @param checksum wrapping sum of {@code ((windowEndMillis * 31 + symbol) * 17 + sum) * 13 + count}.
 */
public record W1Result(long records, long checksum)
{
    /**
     * @param windowEndMillis the window's end.
     * @param symbol          the symbol.
     * @param sum             sum of notional in the window.
     * @param count           events in the window.
     * @return the result's term of the checksum.
     */
    public static long term(final long windowEndMillis, final long symbol, final long sum, final long count)
    {
        return ((windowEndMillis * 31 + symbol) * 17 + sum) * 13 + count;
    }

    @Override
    public String toString()
    {
        return "records=" + records + " checksum=" + checksum;
    }
}
