package dev.rill.log;

import org.agrona.checksum.Crc32c;

/**
 * CRC32C of a record in memory, computed with the JDK's intrinsic through Agrona, without copying.
 */
final class RecordChecksum
{
    private RecordChecksum()
    {
    }

    static int compute(final long recordAddress, final int recordLength)
    {
        return Crc32c.INSTANCE.compute(recordAddress, RecordDescriptor.CHECKSUMMED_FROM,
            recordLength - RecordDescriptor.CHECKSUMMED_FROM);
    }
}
