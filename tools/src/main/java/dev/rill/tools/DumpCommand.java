package dev.rill.tools;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

import dev.rill.log.Consumer;
import dev.rill.log.ConsumerOptions;
import dev.rill.log.OffsetOutOfRangeException;
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
 * lengths, its batch and the batch's checksum status, and a hex view of the stored bytes (record header, key,
 * value). A record of a damaged batch is shown as {@code checksum INVALID} with its raw bytes, and the dump goes
 * on with the next offset.
 */
@Command(name = "dump", description = {
    "Show records as stored: offset, timestamp, key and value lengths, the batch holding the record and its "
        + "checksum status (valid or INVALID), and a hex view of the record (its header of lengths and timestamp "
        + "delta, key, value). Goes on past damaged batches whose records can still be told apart."})
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
        // Damaged records are handed over too, so the dump shows their bytes and goes on past them.
        try (Consumer consumer = topic.consumer(ConsumerOptions.from(StartPosition.offset(offset))
            .withPartitions(partition).withoutChecksumVerification()))
        {
            final long[] at = {offset};
            while (at[0] < end)
            {
                if (consumer.poll(record -> print(record, at[0]++, out), 1) == 0)
                {
                    out.println("(end of partition at offset " + at[0] + ")");
                    break;
                }
                out.flush();
            }
        }
    }

    private void print(final RecordView record, final long expectedOffset, final PrintWriter out)
    {
        final int length = record.recordLength();
        final int computed = record.computeChecksum();
        final boolean isValid = computed == record.checksum();
        final long base = record.batchBaseOffset();
        out.println("offset " + expectedOffset + "  timestamp " + TimeArg.format(record.timestampNs()) + " (" +
            record.timestampNs() + " ns)  key " + record.keyLength() + " B  value " + record.valueLength() +
            " B  batch " + base + ".." + (base + record.batchRecordCount() - 1) + "  checksum " +
            (isValid ? "valid (" + hex(record.checksum()) + ")" :
            "INVALID (stored " + hex(record.checksum()) + ", computed " + hex(computed) + ")"));
        if (!isValid)
        {
            out.println("  corrupt record: topic=" + record.topic() + ", partition=" + record.partition() +
                ", offset=" + expectedOffset + ": checksum mismatch in its batch");
        }
        // The first record of a batch is shown with the batch header before it: the bytes as stored.
        final int from = record.offset() == base ? 0 : record.recordStart();
        final int shownLength = record.recordStart() + length - from;
        final byte[] bytes = new byte[Math.min(shownLength, hexLimit)];
        record.buffer().getBytes(from, bytes);
        hex(bytes, shownLength, out);
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
