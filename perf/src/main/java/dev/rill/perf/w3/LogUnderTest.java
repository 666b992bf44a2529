package dev.rill.perf.w3;

import java.nio.file.Path;

/**
 * One engine doing the W3 work on one partition: the Rill log or raw Chronicle Queue. Each phase adds every record
 * it wrote or read to a {@link Tally}, and nothing is allocated per record. Used by one thread, then closed.
 */
interface LogUnderTest extends AutoCloseable
{
    /**
     * @return short engine name for reports: {@code rill} or {@code raw}.
     */
    String name();

    /**
     * Create the log in an empty directory.
     */
    void open(Path dir);

    /**
     * Append records {@code 0 .. records-1}.
     */
    void append(long records, Tally tally);

    /**
     * Read every record from offset 0; {@code records} is how many the log holds.
     */
    void replayAll(long records, Tally tally);

    /**
     * For each offset, position on it and read {@code length} records.
     */
    void replayFrom(long[] offsets, int length, Tally tally);

    @Override
    void close();
}
