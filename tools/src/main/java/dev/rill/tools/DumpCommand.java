package dev.rill.tools;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.zip.CRC32C;

import dev.rill.log.Consumer;
import dev.rill.log.ConsumerOptions;
import dev.rill.log.CorruptRecordException;
import dev.rill.log.OffsetOutOfRangeException;
import dev.rill.log.RecordDescriptor;
import dev.rill.log.RecordView;
import dev.rill.log.RillLog;
import dev.rill.log.StartPosition;
import dev.rill.log.Topic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rill dump NAME --partition P --offset O [--count N]}: per record its offset, timestamp, key and value
 * lengths, checksum status and a hex view of the stored bytes (header, key, value). A damaged record is shown as
 * {@code checksum INVALID} with its raw bytes, and the dump goes on with the next offset.
 */
@Command(name = "dump", description = {
    "Show records as stored: offset, timestamp, key and value lengths, checksum status (valid or INVALID) and a "
        + "hex view of the record (32-byte header, key, value). Goes on past damaged records."})
final class DumpCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Topic name.")
    private String name;

    @Option(names = "--partition", paramLabel = "P", required = true, description = "Partition.")
    private int partition;

    @Option(names = "--offset", paramLabel = "O", required = true, description = "First offset to show.")
    private long offset;

    @Option(names = "--count", paramLabel = "N", defaultValue = "1", description = "Records to show (default 1).")
    private long count;

    @Option(names = "--bytes", paramLabel = "N", defaultValue = "1024",
        description = "Show at most N bytes of each record in hex (default 1024).")
    private int hexLimit;

    @Override
    public Integer call()
    {
        if (count < 1)
        {
            throw new ParameterException(spec.commandLine(), "--count must be >= 1: " + count);
        }
        if (hexLimit < 0)
        {
            throw new ParameterException(spec.commandLine(), "--bytes must be >= 0: " + hexLimit);
        }
        final PrintWriter out = spec.commandLine().getOut();
        try (RillLog log = Commands.rill(spec).openLog())
        {
            final Topic topic = log.topic(name);
            if (partition < 0 || partition >= topic.partitionCount())
            {
                throw new ParameterException(spec.commandLine(), "no such partition: --partition " + partition +
                    ", topic " + name + " has partitions 0.." + (topic.partitionCount() - 1));
            }
            final long earliest = topic.earliestOffset(partition);
            final long next = topic.nextOffset(partition);
            if (offset < earliest || offset >= next)
            {
                throw new OffsetOutOfRangeException(name, partition, offset, earliest, next);
            }
            final long end = Math.min(next, offset + Math.min(count, Long.MAX_VALUE - offset));
            out.println("topic " + name + ", partition " + partition + ": offsets " + offset + ".." + (end - 1) +
                " (partition holds " + earliest + ".." + (next - 1) + ")");
            dump(topic, end, out);
        }
        return 0;
    }

    private void dump(final Topic topic, final long end, final PrintWriter out)
    {
        try (Consumer consumer = topic.consumer(
            ConsumerOptions.from(StartPosition.offset(offset)).withPartitions(partition)))
        {
            long at = offset;
            while (at < end)
            {
                try
                {
                    if (consumer.poll(record -> print(record, out), 1) == 0)
                    {
                        out.println("(end of partition at offset " + at + ")");
                        break;
                    }
                    at++;
                }
                catch (final CorruptRecordException ex)
                {
                    printDamaged(topic, ex, out);
                    at = ex.offset() + 1;
                    if (at < end)
                    {
                        consumer.seek(partition, at);
                    }
                }
                out.flush();
            }
        }
    }

    private void print(final RecordView record, final PrintWriter out)
    {
        final int length = record.recordLength();
        final boolean isValid = record.isChecksumValid();
        out.println("offset " + record.offset() + "  timestamp " + TimeArg.format(record.timestampNs()) + " (" +
            record.timestampNs() + " ns)  key " + record.keyLength() + " B  value " + record.valueLength() +
            " B  checksum " + (isValid ? "valid" : "INVALID") + " (" + hex(record.checksum()) + ")");
        final byte[] bytes = new byte[Math.min(length, hexLimit)];
        record.buffer().getBytes(0, bytes);
        hex(bytes, length, out);
    }

    private void printDamaged(final Topic topic, final CorruptRecordException ex, final PrintWriter out)
    {
        final byte[] bytes;
        try
        {
            bytes = RawRecordReader.read(topic, partition, ex.offset());
        }
        catch (final RuntimeException readError)
        {
            out.println("offset " + ex.offset() + "  checksum INVALID: " + ErrorHandler.message(ex) +
                " (raw bytes unavailable: " + ErrorHandler.message(readError) + ")");
            return;
        }
        if (bytes.length < RecordDescriptor.HEADER_LENGTH)
        {
            out.println("offset " + ex.offset() + "  INVALID: " + bytes.length + " bytes, shorter than the " +
                RecordDescriptor.HEADER_LENGTH + "-byte header: " + ErrorHandler.message(ex));
            hex(bytes, bytes.length, out);
            return;
        }
        final CRC32C crc = new CRC32C();
        crc.update(bytes, RecordDescriptor.CHECKSUMMED_FROM, bytes.length - RecordDescriptor.CHECKSUMMED_FROM);
        final int stored = RawRecordReader.littleEndianInt(bytes, RecordDescriptor.CHECKSUM_OFFSET);
        final int keyLength = RawRecordReader.littleEndianInt(bytes, RecordDescriptor.KEY_LENGTH_OFFSET);
        final long timestampNs = RawRecordReader.littleEndianLong(bytes, RecordDescriptor.TIMESTAMP_OFFSET);
        final long storedOffset = RawRecordReader.littleEndianLong(bytes, RecordDescriptor.OFFSET_OFFSET);
        final boolean isValid = stored == (int)crc.getValue();
        out.println("offset " + ex.offset() + "  timestamp " + TimeArg.format(timestampNs) + " (" + timestampNs +
            " ns)  key " + keyLength + " B  value " + (bytes.length - RecordDescriptor.HEADER_LENGTH - keyLength) +
            " B  checksum " + (isValid ? "valid" : "INVALID") + " (stored " + hex(stored) + ", computed " +
            hex((int)crc.getValue()) + ")" + (storedOffset == ex.offset() ? "" : "  stored offset " + storedOffset));
        out.println("  " + ErrorHandler.message(ex));
        hex(bytes, bytes.length, out);
    }

    private void hex(final byte[] bytes, final int length, final PrintWriter out)
    {
        final int shown = Math.min(length, hexLimit);
        HexDump.print(out, "  ", bytes, shown);
        if (shown < length)
        {
            out.println("  ... " + (length - shown) + " more bytes (--bytes to show more)");
        }
    }

    private static String hex(final int value)
    {
        return String.format("0x%08x", value);
    }
}
