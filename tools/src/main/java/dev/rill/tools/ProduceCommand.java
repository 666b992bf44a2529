package dev.rill.tools;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.rill.engine.Event;
import dev.rill.engine.ReferenceGenerator;
import dev.rill.log.Producer;
import dev.rill.log.ProducerBatch;
import dev.rill.log.RillLog;
import dev.rill.log.Topic;
import org.agrona.concurrent.UnsafeBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code rill produce NAME [--partition P]}: one record per line of standard input, {@code key<TAB>value} or just
 * {@code value}; or {@code rill produce NAME --count N [--size BYTES] [--binary]}: synthetic records from the
 * reference generator. Prints how many records went to which partition.
 */
@Command(name = "produce", description = {
    "Append records to a topic and print how many went to which partition.",
    "From standard input: one record per line; 'key<TAB>value' has a key, a line without a tab is a value with an "
        + "empty key. The bytes are stored as they are (UTF-8 or not); a trailing CR is dropped.",
    "With --count: synthetic records from the reference generator (shared/bench/WORKLOADS.md), key = symbol, value "
        + "= price,qty,eventTimeNanos, with a progress line on stderr when it is a terminal.",
    "Records go to the partition of their key (Kafka's murmur2; no key: partition 0) unless --partition is given."})
final class ProduceCommand implements Callable<Integer>
{
    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "Topic name.")
    private String name;

    @Option(names = "--partition", paramLabel = "P", description = "Write every record to this partition.")
    private Integer partition;

    @Option(names = "--count", paramLabel = "N", description = "Write N synthetic records instead of reading stdin.")
    private Long count;

    @Option(names = "--size", paramLabel = "BYTES", converter = Sizes.class,
        description = "Value size of synthetic records (default: the smallest that fits, 24 with --binary).")
    private Long size;

    @Option(names = "--binary", description = "Synthetic records in the binary W3 layout: 8-byte key, 24-byte value.")
    private boolean isBinary;

    @Option(names = "--generator", paramLabel = "NAME", description = "'trades': the reference generator's trades "
        + "for W1 (rill example trades-window): --binary's layout (key = symbol, 8 bytes LE; value = price, qty, "
        + "event time ns, 8 bytes LE each), each record stamped with the trade's event time instead of the append "
        + "time. Needs --count.")
    private String generator;

    @Override
    public Integer call() throws IOException
    {
        if (count == null && (size != null || isBinary))
        {
            throw new ParameterException(spec.commandLine(), "--size and --binary need --count");
        }
        if (count == null && generator != null)
        {
            throw new ParameterException(spec.commandLine(), "--generator needs --count");
        }
        if (generator != null && !"trades".equals(generator))
        {
            throw new ParameterException(spec.commandLine(), "unknown --generator '" + generator +
                "': the only generator is 'trades'");
        }
        if (generator != null)
        {
            isBinary = true;
        }
        if (count != null && count < 0)
        {
            throw new ParameterException(spec.commandLine(), "--count must be >= 0: " + count);
        }
        final Rill rill = Commands.rill(spec);
        try (RillLog log = rill.openLog())
        {
            final Topic topic = log.topic(name);
            if (partition != null && (partition < 0 || partition >= topic.partitionCount()))
            {
                throw new ParameterException(spec.commandLine(), "no such partition: --partition " + partition +
                    ", topic " + name + " has partitions 0.." + (topic.partitionCount() - 1));
            }
            final Producer producer = topic.producer();
            final Batches batches = new Batches(producer, topic.partitionCount());
            final long[] perPartition = new long[topic.partitionCount()];
            final PrintWriter out = spec.commandLine().getOut();
            if (count == null)
            {
                if (System.console() != null && rill.stdin() == System.in)
                {
                    spec.commandLine().getErr().println("rill: reading records from the terminal, one per line " +
                        "(key<TAB>value or value); Ctrl-D ends");
                }
                final long records = produceLines(rill.stdin(), producer, batches, perPartition);
                out.println("produced " + records + (records == 1 ? " record" : " records") + " to " + name +
                    summary(perPartition));
            }
            else
            {
                produceSynthetic(producer, batches, perPartition, out);
            }
        }
        return 0;
    }

    private long produceLines(final InputStream stdin, final Producer producer, final Batches batches,
        final long[] perPartition) throws IOException
    {
        final InputStream in = new BufferedInputStream(stdin, 1 << 16);
        final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        long records = 0;
        int b;
        boolean isPending = false;
        while ((b = in.read()) >= 0)
        {
            if (b == '\n')
            {
                send(line.toByteArray(), producer, batches, perPartition);
                line.reset();
                records++;
                isPending = false;
                if (in.available() == 0)
                {
                    // Lines typed or piped slowly become visible as they come; a fast pipe fills whole batches.
                    batches.commitAll();
                }
            }
            else
            {
                line.write(b);
                isPending = true;
            }
        }
        if (isPending)
        {
            send(line.toByteArray(), producer, batches, perPartition);
            records++;
        }
        batches.commitAll();
        return records;
    }

    private void send(final byte[] rawLine, final Producer producer, final Batches batches, final long[] perPartition)
    {
        int end = rawLine.length;
        if (end > 0 && rawLine[end - 1] == '\r')
        {
            end--;
        }
        int tab = -1;
        for (int i = 0; i < end; i++)
        {
            if (rawLine[i] == '\t')
            {
                tab = i;
                break;
            }
        }
        final byte[] key = tab < 0 ? new byte[0] : Arrays.copyOfRange(rawLine, 0, tab);
        final byte[] value = Arrays.copyOfRange(rawLine, tab + 1, end);
        final int p = partition != null ? partition : producer.partitionFor(key);
        batches.add(p, producer.nowNs(), key, value);
        perPartition[p]++;
    }

    private void produceSynthetic(final Producer producer, final Batches batches, final long[] perPartition,
        final PrintWriter out)
    {
        final long n = count;
        final int minLength = SyntheticRecord.minValueLength(isBinary, n);
        final long valueLength = size == null ? minLength : size;
        if (valueLength < minLength || valueLength > Integer.MAX_VALUE)
        {
            throw new ParameterException(spec.commandLine(), "--size " + valueLength + " does not fit: " + n +
                (isBinary ? " binary" : "") + " synthetic records need values of at least " + minLength + " bytes");
        }
        final ReferenceGenerator trades = new ReferenceGenerator(ReferenceGenerator.DEFAULT_SYMBOLS);
        final Event event = new Event();
        final SyntheticRecord record = new SyntheticRecord(isBinary, (int)valueLength);
        final int keyLength = isBinary ? 8 : 4;
        final ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), System.console() != null, n,
            keyLength + (int)valueLength);
        final long startNs = System.nanoTime();
        long keyBytes = 0;
        for (long i = 0; i < n; i++)
        {
            trades.fill(i, event);
            record.fill(event);
            final byte[] key = record.key();
            final int p = partition != null ? partition : producer.partitionFor(key);
            // --generator trades: the event time is the record timestamp, so W1 over the topic sees the generator's
            // times; plain --count stamps the time of the append
            batches.add(p, generator != null ? event.eventTimeNs() : producer.nowNs(), key, record.value());
            perPartition[p]++;
            keyBytes += key.length;
            if ((i & 1023) == 0)
            {
                progress.update(i);
            }
        }
        batches.commitAll();
        progress.finish();
        final double seconds = Math.max(1e-9, (System.nanoTime() - startNs) / 1e9);
        final double mb = (keyBytes + n * valueLength) / 1e6;
        out.println(String.format(Locale.ROOT, "produced %d synthetic records (value %d bytes) to %s in %.2f s " +
            "(%,.0f records/s, %.1f MB/s of keys and values)", n, valueLength, name, seconds, n / seconds,
            mb / seconds) + summary(perPartition));
    }

    /**
     * @param perPartition records per partition.
     * @return e.g. {@code : partition 0: 2, partition 2: 1}, only partitions that got records.
     */
    static String summary(final long[] perPartition)
    {
        final StringBuilder s = new StringBuilder();
        for (int p = 0; p < perPartition.length; p++)
        {
            if (perPartition[p] > 0)
            {
                s.append(s.length() == 0 ? ": " : ", ").append("partition ").append(p).append(": ")
                    .append(perPartition[p]);
            }
        }
        return s.toString();
    }

    /**
     * One record batch per partition, committed at {@value #RECORDS_PER_BATCH} records, when full, and by
     * {@link #commitAll()}.
     */
    private static final class Batches
    {
        static final int RECORDS_PER_BATCH = 64;

        private final ProducerBatch[] batches;
        private final UnsafeBuffer key = new UnsafeBuffer(new byte[0]);
        private final UnsafeBuffer value = new UnsafeBuffer(new byte[0]);

        Batches(final Producer producer, final int partitions)
        {
            batches = new ProducerBatch[partitions];
            for (int p = 0; p < partitions; p++)
            {
                batches[p] = producer.batch(p);
            }
        }

        void add(final int partition, final long timestampNs, final byte[] keyBytes, final byte[] valueBytes)
        {
            final ProducerBatch batch = batches[partition];
            key.wrap(keyBytes);
            value.wrap(valueBytes);
            try
            {
                if (!batch.add(timestampNs, key, 0, keyBytes.length, value, 0, valueBytes.length))
                {
                    batch.commit();
                    batch.add(timestampNs, key, 0, keyBytes.length, value, 0, valueBytes.length);
                }
            }
            catch (final RuntimeException ex)
            {
                // A refused record (too large) does not take the records before it down with it.
                commitAll();
                throw ex;
            }
            if (batch.size() == RECORDS_PER_BATCH)
            {
                batch.commit();
            }
        }

        void commitAll()
        {
            for (final ProducerBatch batch : batches)
            {
                batch.commit();
            }
        }
    }
}
